// Server-side formatting so client islands receive plain strings (no hydration drift).
import { KIND_LABELS } from "@/lib/violations/types";

export function fmtTime(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const x = typeof d === "string" ? new Date(d) : d;
  return x.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, " ");
}

export const STATUS_LABELS: Record<string, string> = {
  open: "Open",
  triaged: "Triaged",
  resolved: "Resolved",
  false_positive: "False positive",
};
