import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { priorityOf } from "@/lib/approvals/priority";
import type { ApprovalItem } from "@/lib/approvals/view";

export function riskTone(risk: number) {
  return risk >= 70 ? "bad" : risk >= 45 ? "warn" : "info";
}

function ago(iso: string, now: number) {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function waited(item: ApprovalItem, now: number) {
  return ago(item.createdAt, now);
}

export function expiresIn(item: ApprovalItem, now: number) {
  const ms = new Date(item.expiresAt).getTime() - now;
  return ms <= 0 ? "expired" : `${Math.ceil(ms / 60000)} min`;
}

const FIELDS: [string, string][] = [
  ["repository", "Repository"],
  ["branch", "Branch"],
  ["environment", "Environment"],
  ["tool", "Tool"],
  ["endpoint", "Endpoint"],
];

/** "72 = risk 55 + 17 waited" — the one number the queue sorts by, with its parts. */
export function priorityText(item: ApprovalItem, now: number) {
  const p = priorityOf(item, now);
  return {
    total: p.total,
    parts: `risk ${p.risk} + ${p.waitBonus} for ${p.waitBonus === 30 ? "30+" : p.waitBonus} min waiting (1 a minute, up to 30)`,
  };
}

/**
 * Everything the approver needs to decide, in one place, with the way to the agent and its
 * session. `now` (pending requests) adds the priority's parts; `children` hold the panel's
 * actions (the kill switch).
 */
export function Evidence({ item, now, children }: { item: ApprovalItem; now?: number; children?: React.ReactNode }) {
  const a = item.action as Record<string, string | undefined>;
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-muted-foreground">Agent</dt>
        <dd>
          <Link className="underline" href={`/agents/${encodeURIComponent(item.agentSlug)}`}>
            {item.agentName}
          </Link>{" "}
          <code className="text-xs">({item.agentSlug})</code> · {item.agentKind}{" "}
          <Badge tone={item.agentStatus === "active" ? "good" : "bad"}>{item.agentStatus}</Badge>
        </dd>
        <dt className="text-muted-foreground">Sponsor</dt>
        <dd>{item.sponsor ?? "—"}</dd>
        <dt className="text-muted-foreground">Initiated by</dt>
        <dd>{item.initiatedBy ?? "—"}</dd>
        <dt className="text-muted-foreground">Action</dt>
        <dd>
          <code>{item.actionType}</code>
        </dd>
        {item.command ? (
          <>
            <dt className="text-muted-foreground">Command</dt>
            <dd>
              <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-muted p-2 text-xs">{item.command}</pre>
            </dd>
          </>
        ) : null}
        {item.resource ? (
          <>
            <dt className="text-muted-foreground">Resource</dt>
            <dd className="break-all font-mono text-xs">{item.resource}</dd>
          </>
        ) : null}
        {FIELDS.filter(([k]) => a[k] && !(k === "endpoint" && a[k] === item.resource)).map(([k, label]) => (
          <div key={k} className="contents">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="break-all">{a[k]}</dd>
          </div>
        ))}
        <dt className="text-muted-foreground">Justification</dt>
        <dd className="whitespace-pre-wrap">{item.justification ?? <span className="text-muted-foreground">none given</span>}</dd>
        <dt className="text-muted-foreground">Rule</dt>
        <dd>
          {item.ruleId ? <code>{item.ruleId}</code> : "default tier"} · policy v{item.policyVersion}
        </dd>
        <dt className="text-muted-foreground">Risk</dt>
        <dd>
          <Badge tone={riskTone(item.risk)}>{item.risk} / 100</Badge>
        </dd>
        {now !== undefined && item.status === "pending" ? (
          <>
            <dt className="text-muted-foreground">Priority</dt>
            <dd data-testid="priority-parts">
              {priorityText(item, now).total} = {priorityText(item, now).parts}
            </dd>
          </>
        ) : null}
        {item.sessionId ? (
          <>
            <dt className="text-muted-foreground">Session</dt>
            <dd className="break-all font-mono text-xs">
              <Link className="underline" href={`/audit/sessions/${encodeURIComponent(item.sessionId)}`}>
                {item.sessionId}
              </Link>
            </dd>
          </>
        ) : null}
      </dl>
      {children ? <div className="flex flex-wrap items-center gap-2 border-t border-border pt-3">{children}</div> : null}
    </div>
  );
}
