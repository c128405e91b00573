import { fmtDateTime } from "@/lib/ui/time";

/**
 * The one way a killed agent is announced, wherever it appears (agent page, approval page):
 * who stopped it, when, and why — "suspended" alone left people guessing.
 */
export function KillBanner({
  agent,
  kill,
  statusReason,
  statusChangedAt,
}: {
  agent: string;
  kill: { by: string; at: Date | string; reason: string } | null;
  statusReason?: string | null;
  statusChangedAt?: Date | string | null;
}) {
  const reason = kill?.reason || statusReason || "";
  const at = kill?.at ?? statusChangedAt ?? null;
  return (
    <div
      role="note"
      aria-label={`${agent} is killed`}
      data-testid="kill-banner"
      className="rounded-md border border-destructive/60 bg-destructive/10 px-3 py-2 text-sm"
    >
      <span className="font-semibold text-destructive">Killed</span>
      {kill ? (
        <>
          {" "}
          by <span className="font-medium">{kill.by}</span>
        </>
      ) : null}
      {at ? <> at {fmtDateTime(at)}</> : null}
      {reason ? <> — {reason}</> : null}
      <span className="text-muted-foreground"> · every decision for {agent} is deny until an admin resumes it.</span>
    </div>
  );
}
