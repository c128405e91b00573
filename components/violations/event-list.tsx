import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { fmtTime } from "./format";

export interface EventSummary {
  seq: number;
  time: Date;
  type: string;
  actionType: string | null;
  tool: string | null;
  resource: string | null;
  command: string | null;
  decision: string | null;
  ruleId: string | null;
  outcome: string | null;
  sessionId: string | null;
  redactions: number;
}

const DECISION_TONE = { allow: "good", ask: "warn", deny: "bad" } as const;

/** Audit events, each linking to the audit explorer. */
export function EventList({ events, empty, testId }: { events: EventSummary[]; empty: string; testId?: string }) {
  if (events.length === 0) return <p className="text-sm text-muted-foreground">{empty}</p>;
  return (
    <ol className="divide-y divide-border text-sm" data-testid={testId}>
      {events.map((e) => {
        const target = e.resource ?? e.command;
        return (
          <li key={e.seq} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
            <Link href={`/audit?seq=${e.seq}`} className="font-mono text-xs text-primary hover:underline" aria-label={`Audit event #${e.seq}`}>
              #{e.seq}
            </Link>
            <span className="whitespace-nowrap text-xs text-muted-foreground">{fmtTime(e.time)}</span>
            <span className="font-medium">{e.actionType ?? e.type}</span>
            {e.actionType ? <span className="text-xs text-muted-foreground">{e.type}</span> : null}
            {target ? <code className="max-w-md truncate text-xs">{target}</code> : null}
            {e.decision ? (
              <Badge tone={DECISION_TONE[e.decision as keyof typeof DECISION_TONE] ?? "neutral"}>
                {e.decision}
                {e.ruleId ? ` · ${e.ruleId}` : ""}
              </Badge>
            ) : null}
            {e.outcome ? <span className="text-xs">{e.outcome}</span> : null}
            {e.redactions > 0 ? <Badge tone="warn">{e.redactions} redacted</Badge> : null}
          </li>
        );
      })}
    </ol>
  );
}
