import Link from "next/link";
import type { AuditEvent } from "@/lib/audit/types";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { actorOf, decisionTone, outcomeTone } from "./event-table";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  if (children === null || children === undefined || children === "") return null;
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-1">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** One event: who, what, the decision and rule, the approval, rollback, and the redacted payload. */
export function AuditEventDetail({ e }: { e: AuditEvent }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>What happened</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="text-sm">
            <Row label="Time">{e.time.toISOString()}</Row>
            <Row label="Received">{e.receivedAt.toISOString()}</Row>
            <Row label="Type">
              <code>{e.type}</code>
            </Row>
            <Row label="Actor">
              {actorOf(e)} <span className="text-muted-foreground">({e.actorKind})</span>
              {e.agentSlug ? (
                <>
                  {" "}
                  <Link className="underline" href={`/audit?agent=${encodeURIComponent(e.agentId ?? e.agentSlug)}`}>
                    all events
                  </Link>
                </>
              ) : null}
            </Row>
            <Row label="Initiated by">{e.initiatedBy}</Row>
            <Row label="Session">
              {e.sessionId ? (
                <Link className="underline" href={`/audit/sessions/${encodeURIComponent(e.sessionId)}`}>
                  {e.sessionId} — timeline
                </Link>
              ) : null}
            </Row>
            <Row label="Action">{e.actionType ? <code>{e.actionType}</code> : null}</Row>
            <Row label="Tool">{e.tool}</Row>
            <Row label="Repository">{e.repository}</Row>
            <Row label="Branch">{e.branch}</Row>
            <Row label="Environment">{e.environment}</Row>
            <Row label="Resource">{e.resource ? <code>{e.resource}</code> : null}</Row>
            <Row label="Command">{e.command ? <code className="whitespace-pre-wrap">{e.command}</code> : null}</Row>
            <Row label="Endpoint">{e.endpoint}</Row>
            <Row label="Outcome">{e.outcome ? <Badge tone={outcomeTone(e.outcome)}>{e.outcome}</Badge> : null}</Row>
            <Row label="Rollback ref">{e.rollbackRef ? <code>{e.rollbackRef}</code> : null}</Row>
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Governance</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="text-sm">
            <Row label="Decision">{e.decision ? <Badge tone={decisionTone(e.decision)}>{e.decision}</Badge> : "—"}</Row>
            <Row label="Deciding rule">{e.ruleId ? <code>{e.ruleId}</code> : null}</Row>
            <Row label="Policy version">{e.policyVersion}</Row>
            <Row label="Decision id">{e.decisionId ? <code>{e.decisionId}</code> : null}</Row>
            <Row label="Approval">
              {e.approvalId ? (
                <Link className="underline" href={`/approvals/${e.approvalId}`}>
                  {e.approvalId}
                </Link>
              ) : null}
            </Row>
            <Row label="Redactions">{e.redactions ? <Badge tone="bad">{e.redactions} secret(s) redacted before storage</Badge> : "none"}</Row>
            <Row label="Position">#{e.seq}</Row>
            <Row label="Hash">
              <code className="text-xs">{e.hash}</code>
            </Row>
            <Row label="Previous hash">
              <code className="text-xs">{e.prevHash}</code>
            </Row>
          </dl>
        </CardContent>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>Payload (redacted)</CardTitle>
        </CardHeader>
        <CardContent>
          {e.payload === null ? (
            <p className="text-sm text-muted-foreground">No payload.</p>
          ) : (
            // a large payload (a policy change's diff) scrolls: the region must be reachable by keyboard (axe scrollable-region-focusable)
            <pre data-testid="event-payload" tabIndex={0} aria-label="Event payload" className="max-h-[32rem] overflow-auto rounded-md bg-muted p-3 text-xs">
              {JSON.stringify(e.payload, null, 2)}
            </pre>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
