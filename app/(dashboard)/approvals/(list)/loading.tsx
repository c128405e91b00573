import { TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading approvals">
      <div className="h-8 w-48 animate-pulse rounded bg-muted" />
      <TableSkeleton rows={6} />
    </div>
  );
}
