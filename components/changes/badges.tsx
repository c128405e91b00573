import { Badge } from "@/components/ui/badge";

export function AuthorBadge({ kind, label }: { kind: "agent" | "human"; label?: string | null }) {
  return kind === "agent" ? <Badge tone="info">Agent{label ? `: ${label}` : ""}</Badge> : <Badge>Human</Badge>;
}

export function StateBadge({ state }: { state: string }) {
  return <Badge tone={state === "merged" ? "good" : state === "closed" ? "neutral" : "info"}>{state}</Badge>;
}

const STATUS_TONE = { passed: "good", failed: "bad", overridden: "warn", skipped: "neutral", pending: "neutral" } as const;

export function GateStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status as keyof typeof STATUS_TONE] ?? "neutral"}>{status}</Badge>;
}

export function FlaggedBadge() {
  return (
    <Badge tone="warn" title="Touches security-adjacent paths: needs a human approval">
      Security-adjacent
    </Badge>
  );
}
