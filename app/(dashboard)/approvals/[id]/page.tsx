import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { requirePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { decisionsOf, getApproval } from "@/lib/approvals/queries";
import { mayDecide } from "@/lib/approvals/eligibility";
import { toItem } from "@/lib/approvals/view";
import { listAuditEvents } from "@/lib/audit/queries";
import { lastKill } from "@/lib/registry/kill-info";
import { fmtDateTime } from "@/lib/ui/time";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Evidence, riskTone } from "@/components/approvals/evidence";
import { DecisionPanel } from "@/components/approvals/decision-panel";
import { ApprovalProgress } from "@/components/approvals/progress";
import { STATUS_TONE } from "@/components/approvals/history-table";
import { KillBanner } from "@/components/agents/kill-banner";
import { ReasonDialog as AgentReasonDialog } from "@/components/agents/reason-dialog";
import { SessionTimeline } from "@/components/audit/session-timeline";

export const metadata: Metadata = { title: "Approval request" };

/** The session's newest events shown here; the session page has them all. */
const SESSION_EVENTS = 60;

/** One request, pending or decided, at an address an alert or a colleague can link to. */
export default async function ApprovalPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("dashboard:view");
  const { id } = await params;
  const db = await getDb();
  const row = await getApproval(db, id);
  if (!row) notFound();
  const item = toItem(row);
  const [under, session, kill, decisions, verdict] = await Promise.all([
    listAuditEvents(db, { approval: item.id }, undefined, 100),
    item.sessionId ? listAuditEvents(db, { session: item.sessionId }, undefined, SESSION_EVENTS) : null,
    item.agentStatus === "suspended" ? lastKill(db, item.agentId) : null,
    decisionsOf(db, item.id),
    mayDecide(db, row, user),
  ]);
  // named approvers, N of M, or decisions by more than one person: the page shows the progress
  const showProgress = item.approvalsRequired > 1 || !!item.approvers || decisions.length > 1;
  const pending = item.status === "pending";
  const own = !!item.initiatedBy && item.initiatedBy.toLowerCase() === user.email.toLowerCase();
  const now = new Date().getTime(); // a server component renders once per request
  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/approvals" className="hover:underline">
          Approvals
        </Link>{" "}
        / request
      </nav>
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={pending ? "warn" : (STATUS_TONE[item.status as keyof typeof STATUS_TONE] ?? "neutral")} data-testid="approval-status">
            {item.status}
          </Badge>
          <Badge tone={riskTone(item.risk)}>risk {item.risk}</Badge>
        </div>
        <h1 className="break-words text-2xl font-semibold">
          {item.agentSlug} wants <code>{item.actionType}</code>
        </h1>
        <p className="text-sm text-muted-foreground">
          Requested {fmtDateTime(item.createdAt)}
          {pending ? ` · expires ${fmtDateTime(item.expiresAt)} (then it counts as denied)` : null}
        </p>
      </header>
      {item.agentStatus === "suspended" ? <KillBanner agent={item.agentSlug} kill={kill} /> : null}
      {pending ? (
        can(user.role, "approvals:decide") && (verdict.ok || own) ? (
          <DecisionPanel
            id={item.id}
            own={own}
            subject={`${item.agentSlug}: ${item.actionType} ${item.command ?? item.resource ?? ""}`}
            already={decisions.some((d) => d.email === user.email.trim().toLowerCase())}
          />
        ) : can(user.role, "approvals:decide") && !verdict.ok ? (
          <p className="text-sm text-muted-foreground" data-testid="not-eligible">
            {verdict.message}
          </p>
        ) : (
          <p className="text-sm text-muted-foreground">Waiting for an approver.</p>
        )
      ) : (
        <p className="rounded-md border border-border bg-muted/40 px-3 py-2 text-sm" data-testid="approval-outcome">
          <span className="font-medium capitalize">{item.status}</span>
          {item.decidedBy ? ` by ${item.decidedBy}` : ""}
          {item.decidedAt ? ` at ${fmtDateTime(item.decidedAt)}` : ""}
          {item.reason ? ` — ${item.reason}` : ""}
        </p>
      )}
      {showProgress ? (
        <ApprovalProgress item={item} decisions={decisions.map((d) => ({ ...d, decision: d.decision as "approve" | "deny", at: d.at.toISOString() }))} />
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Evidence</CardTitle>
        </CardHeader>
        <CardContent>
          <Evidence item={item} now={pending ? now : undefined}>
            {can(user.role, "agents:kill") && item.agentStatus === "active" ? (
              <AgentReasonDialog kind="kill" agentId={item.agentId} agentLabel={item.agentSlug} />
            ) : null}
          </Evidence>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Under this approval</CardTitle>
        </CardHeader>
        <CardContent className="space-y-2">
          <p className="text-sm text-muted-foreground">
            The request, its decision and the actions the agent took with it ({under.events.length}
            {under.nextCursor ? "+" : ""}).{" "}
            <Link className="underline" href={`/audit?approval=${item.id}`}>
              In the audit trail
            </Link>
          </p>
          <SessionTimeline events={[...under.events].reverse()} label="Audit events under this approval, oldest first" testId="under-approval" />
        </CardContent>
      </Card>
      {session ? (
        <Card>
          <CardHeader>
            <CardTitle>Session timeline</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2">
            <p className="text-sm text-muted-foreground">
              {session.nextCursor ? `The newest ${SESSION_EVENTS} events of session ` : "Session "}
              <Link className="font-mono underline" href={`/audit/sessions/${encodeURIComponent(item.sessionId!)}`}>
                {item.sessionId}
              </Link>
              , oldest first; this approval&apos;s events are the ones marked “approval”.
            </p>
            <SessionTimeline events={[...session.events].reverse()} highlightApproval={item.id} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
