// Server-side formatting so client islands receive plain strings (no hydration drift).
import { KIND_LABELS } from "@/lib/violations/types";

export { fmtDateTime as fmtTime } from "@/lib/ui/time";

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, " ");
}

export const STATUS_LABELS: Record<string, string> = {
  open: "Open",
  triaged: "Triaged",
  resolved: "Resolved",
  false_positive: "False positive",
};
