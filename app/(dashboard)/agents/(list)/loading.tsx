import { TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading agents">
      <div className="h-8 w-40 animate-pulse rounded bg-muted" />
      <TableSkeleton rows={12} />
    </div>
  );
}
