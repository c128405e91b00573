import { Badge } from "@/components/ui/badge";
import { describeGroup, progressText } from "@/lib/approvals/approvers";
import type { ApprovalItem } from "@/lib/approvals/view";
import { fmtDateTime } from "@/lib/ui/time";

export interface PersonDecision {
  email: string;
  decision: "approve" | "deny";
  reason: string | null;
  at: string;
}

/** "1 of 2 approvals" — on a queue card only when the rule asks for more than one or names approvers. */
export function ProgressBadge({ item }: { item: ApprovalItem }) {
  if (item.approvalsRequired <= 1 && !item.approvers) return null;
  return (
    <Badge
      tone={item.approvals > 0 ? "info" : "neutral"}
      data-testid="approval-progress"
      title={`Needs ${item.approvalsRequired} distinct approver(s): ${describeGroup(item.approvers)}`}
    >
      {progressText(item.approvals, item.approvalsRequired)}
    </Badge>
  );
}

/**
 * A request's progress: how many distinct approvals it has and needs, who decided, who may
 * decide, and the escalation (when it happens, to whom). The request page shows it.
 */
export function ApprovalProgress({ item, decisions }: { item: ApprovalItem; decisions: PersonDecision[] }) {
  const esc = item.approvers?.escalation;
  const pending = item.status === "pending";
  return (
    <section aria-labelledby="progress-title" className="space-y-2 rounded-md border border-border p-3 text-sm" data-testid="approval-progress-panel">
      <h2 id="progress-title" className="font-medium">
        <span data-testid="approval-progress">{progressText(item.approvals, item.approvalsRequired)}</span>
        {pending && item.approvals < item.approvalsRequired ? (
          <span className="font-normal text-muted-foreground"> · waiting for {item.approvalsRequired - item.approvals} more</span>
        ) : null}
      </h2>
      <p>
        <span className="text-muted-foreground">May approve: </span>
        <span data-testid="approval-eligible">{describeGroup(item.approvers)}</span>
        {esc ? (
          <span data-testid="approval-escalation">
            {item.escalatedAt
              ? ` — escalated ${fmtDateTime(item.escalatedAt)} to ${describeGroup(esc)}, who may approve too`
              : pending
                ? ` — escalates to ${describeGroup(esc)} at ${fmtDateTime(item.escalatesAt)} if still waiting`
                : ` — would have escalated to ${describeGroup(esc)}`}
          </span>
        ) : null}
        <span className="text-muted-foreground">. The person who initiated it never counts; any eligible denial denies.</span>
      </p>
      {decisions.length ? (
        <ul aria-label="Decisions so far" className="space-y-1" data-testid="approval-decisions">
          {decisions.map((d) => (
            <li key={d.email} className="flex flex-wrap gap-x-2">
              <Badge tone={d.decision === "approve" ? "good" : "bad"}>{d.decision === "approve" ? "approved" : "denied"}</Badge>
              <span>{d.email}</span>
              <span className="text-muted-foreground">{fmtDateTime(d.at)}</span>
              {d.reason ? <span className="text-muted-foreground">— {d.reason}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-muted-foreground">No one has decided yet.</p>
      )}
    </section>
  );
}
