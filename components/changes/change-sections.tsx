import Link from "next/link";
import { Badge, severityTone } from "@/components/ui/badge";
import { Table, THead, TBody, TR, TH, TD, EmptyState } from "@/components/ui/table";

export interface EvidenceItem {
  source: string;
  detail: string;
  sha?: string;
  agent?: string;
}

const SOURCE_LABELS: Record<string, string> = {
  session: "Gatehouse session",
  bot_author: "Bot author",
  bot_committer: "Bot committer",
  commit_identity: "Commit identity",
  trailer: "Commit trailer",
  pr_body: "PR body",
  none: "No agent evidence",
};

export function AttributionEvidence({ items, confidence }: { items: EvidenceItem[]; confidence: number }) {
  return (
    <section aria-labelledby="attr-h" className="space-y-2">
      <h2 id="attr-h" className="text-lg font-semibold">
        Attribution <span className="text-sm font-normal text-muted-foreground">confidence {Math.round(confidence * 100)}%</span>
      </h2>
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground">Not attributed yet.</p>
      ) : (
        <ol className="space-y-1 text-sm" data-testid="attribution-evidence">
          {items.map((e, i) => (
            <li key={i} className="flex flex-wrap items-baseline gap-2">
              <Badge tone={i === 0 ? "info" : "neutral"}>{SOURCE_LABELS[e.source] ?? e.source}</Badge>
              <span className="break-all">{e.detail}</span>
              {e.sha ? <code className="text-xs text-muted-foreground">{e.sha.slice(0, 12)}</code> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export interface DefectItem {
  id: string;
  title: string;
  severity: "low" | "medium" | "high" | "critical";
  found: string;
  detectedAt: string;
  url: string | null;
  linkMethod: string | null;
}

export function LinkedDefects({ introduced, fixed }: { introduced: DefectItem[]; fixed: DefectItem[] }) {
  const rows = [...introduced.map((d) => ({ ...d, rel: "introduced here" })), ...fixed.map((d) => ({ ...d, rel: "fixed here" }))];
  return (
    <section aria-labelledby="defects-h" className="space-y-2">
      <h2 id="defects-h" className="text-lg font-semibold">
        Linked defects
      </h2>
      {rows.length === 0 ? (
        <EmptyState title="No defects linked to this change" />
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Defect</TH>
              <TH>Severity</TH>
              <TH>Found</TH>
              <TH>Link</TH>
            </tr>
          </THead>
          <TBody>
            {rows.map((d) => (
              <TR key={d.id + d.rel}>
                <TD>
                  {d.url ? (
                    <a href={d.url} className="hover:underline" target="_blank" rel="noreferrer">
                      {d.title}
                    </a>
                  ) : (
                    d.title
                  )}
                  <div className="text-xs text-muted-foreground">{d.detectedAt.slice(0, 10)}</div>
                </TD>
                <TD>
                  <Badge tone={severityTone[d.severity]}>{d.severity}</Badge>
                </TD>
                <TD>{d.found === "post_merge" ? <Badge tone="bad">escaped (post-merge)</Badge> : <Badge tone="good">caught pre-merge</Badge>}</TD>
                <TD className="text-xs">
                  {d.rel} · {d.linkMethod ?? "—"}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}

export interface ApprovalItem {
  id: string;
  actionType: string;
  resource: string | null;
  status: string;
  decidedByLabel: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export function Approvals({ items, humanApproved }: { items: ApprovalItem[]; humanApproved: boolean }) {
  return (
    <section aria-labelledby="appr-h" className="space-y-2">
      <h2 id="appr-h" className="text-lg font-semibold">
        Approvals
      </h2>
      <p className="text-sm">GitHub review: {humanApproved ? <Badge tone="good">approved by a human</Badge> : <Badge tone="warn">no human approval</Badge>}</p>
      {items.length ? (
        <ul className="space-y-1 text-sm">
          {items.map((a) => (
            <li key={a.id}>
              <Link href={`/approvals?status=${a.status}`} className="hover:underline">
                {a.actionType}
              </Link>{" "}
              {a.resource ? <code className="text-xs">{a.resource}</code> : null} —{" "}
              <Badge tone={a.status === "approved" ? "good" : a.status === "pending" ? "info" : "bad"}>{a.status}</Badge>
              {a.decidedByLabel ? ` by ${a.decidedByLabel}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">No Gatehouse approval requests in the agent session.</p>
      )}
    </section>
  );
}

export interface SessionEvent {
  seq: number;
  time: string;
  type: string;
  actionType: string | null;
  tool: string | null;
  resource: string | null;
  command: string | null;
  decision: string | null;
  outcome: string | null;
}

export function SessionEvents({ sessionId, events }: { sessionId: string | null; events: SessionEvent[] }) {
  return (
    <section aria-labelledby="sess-h" className="space-y-2">
      <h2 id="sess-h" className="text-lg font-semibold">
        Agent session
      </h2>
      {!sessionId ? (
        <p className="text-sm text-muted-foreground">No Gatehouse-recorded agent session produced this change.</p>
      ) : events.length === 0 ? (
        <p className="text-sm text-muted-foreground">Session {sessionId} has no recorded events.</p>
      ) : (
        <Table>
          <caption className="sr-only">Audit events of session {sessionId}</caption>
          <THead>
            <tr>
              <TH>Time</TH>
              <TH>Event</TH>
              <TH>What</TH>
              <TH>Decision</TH>
            </tr>
          </THead>
          <TBody>
            {events.map((e) => (
              <TR key={e.seq}>
                <TD className="whitespace-nowrap text-xs">
                  <Link href={`/audit/${e.seq}`} className="hover:underline">
                    {e.time.slice(11, 19)}
                  </Link>
                </TD>
                <TD className="text-xs">
                  {e.type}
                  {e.tool ? ` · ${e.tool}` : ""}
                </TD>
                <TD className="max-w-md truncate text-xs">{e.command ?? e.resource ?? e.actionType ?? ""}</TD>
                <TD className="text-xs">{e.decision ?? e.outcome ?? ""}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
