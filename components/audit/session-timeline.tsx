import Link from "next/link";
import type { AuditEvent } from "@/lib/audit/types";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/table";
import { decisionTone, outcomeTone, targetOf } from "./event-table";

type Step = "prompt" | "decision" | "tool call" | "result" | "session" | "other";

/** Where an event sits in the prompt → decision → tool call → result chain. */
export function stepOf(e: Pick<AuditEvent, "type" | "decision">): Step {
  const t = e.type.toLowerCase();
  if (t.startsWith("session.")) return "session";
  if (t.includes("prompt")) return "prompt";
  if (e.decision || t.startsWith("decision")) return "decision";
  if (t === "tool.pre" || t.endsWith("pretooluse")) return "tool call";
  if (t === "tool.post" || t === "tool.failure" || t.endsWith("posttooluse")) return "result";
  return "other";
}

const STEP_STYLE: Record<Step, string> = {
  prompt: "bg-blue-500",
  decision: "bg-amber-500",
  "tool call": "bg-violet-500",
  result: "bg-green-600",
  session: "bg-muted-foreground",
  other: "bg-muted-foreground",
};

function summary(e: AuditEvent): string {
  const p = e.payload as Record<string, unknown> | null;
  if (stepOf(e) === "prompt" && p && typeof p.prompt === "string") return p.prompt;
  return targetOf(e);
}

/** `highlightApproval` marks the events under one approval (the approval page shows its session). */
export function SessionTimeline({
  events,
  label = "Session timeline, oldest first",
  testId = "timeline-step",
  highlightApproval,
}: {
  events: AuditEvent[];
  label?: string;
  testId?: string;
  highlightApproval?: string;
}) {
  if (events.length === 0) return <EmptyState title="No events here yet" />;
  return (
    <ol className="relative space-y-3 border-l border-border pl-6" aria-label={label}>
      {events.map((e) => {
        const step = stepOf(e);
        const marked = !!highlightApproval && e.approvalId === highlightApproval;
        return (
          <li
            key={e.seq}
            className={marked ? "relative rounded-sm bg-primary/10 ring-4 ring-primary/10" : "relative"}
            data-testid={testId}
            data-under-approval={marked ? "true" : undefined}
          >
            <span aria-hidden="true" className={`absolute -left-[1.95rem] top-1.5 h-3 w-3 rounded-full ring-4 ring-background ${STEP_STYLE[step]}`} />
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium capitalize">{step}</span>
              <code className="text-xs text-muted-foreground">{e.type}</code>
              {e.tool ? <Badge>{e.tool}</Badge> : null}
              {e.decision ? <Badge tone={decisionTone(e.decision)}>{e.decision}</Badge> : null}
              {e.ruleId ? <span className="text-xs text-muted-foreground">rule {e.ruleId}</span> : null}
              {e.outcome ? <Badge tone={outcomeTone(e.outcome)}>{e.outcome}</Badge> : null}
              {e.approvalId ? (
                <Link className="text-xs underline" href={`/approvals/${e.approvalId}`}>
                  approval
                </Link>
              ) : null}
              <time className="ml-auto text-xs text-muted-foreground" dateTime={e.time.toISOString()}>
                {e.time.toISOString().slice(11, 19)}
              </time>
            </div>
            <Link href={`/audit/${e.seq}`} className="mt-0.5 block truncate font-mono text-xs hover:underline">
              #{e.seq} {summary(e) || "(no details)"}
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
