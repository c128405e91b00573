import Link from "next/link";
import type { AuditEvent } from "@/lib/audit/types";
import { Badge } from "@/components/ui/badge";
import { Table, THead, TBody, TR, TH, TD, EmptyState } from "@/components/ui/table";

export function decisionTone(d: string | null) {
  return d === "allow" ? "good" : d === "deny" ? "bad" : d === "ask" ? "warn" : "neutral";
}
export function outcomeTone(o: string | null) {
  return o === "success" ? "good" : o === "failure" || o === "blocked" ? "bad" : "neutral";
}

export function actorOf(e: Pick<AuditEvent, "actorKind" | "agentSlug" | "actorLabel">) {
  return e.actorKind === "agent" ? (e.agentSlug ?? "unknown agent") : (e.actorLabel ?? e.actorKind);
}

/** What the action touched, in one line. */
export function targetOf(e: AuditEvent) {
  return e.resource ?? e.command ?? e.endpoint ?? e.repository ?? "";
}

export function AuditEventTable({ events, query }: { events: AuditEvent[]; query: string }) {
  if (events.length === 0) return <EmptyState title="No audit events match">Clear a filter or widen the time range.</EmptyState>;
  return (
    <Table aria-label="Audit events, newest first">
      <THead>
        <tr>
          <TH>#</TH>
          <TH>Time</TH>
          <TH>Actor</TH>
          <TH>Type</TH>
          <TH>Target</TH>
          <TH>Decision</TH>
          <TH>Outcome</TH>
          <TH>Session</TH>
        </tr>
      </THead>
      <TBody>
        {events.map((e) => (
          <TR key={e.seq} data-testid="audit-row">
            <TD className="font-mono text-xs">
              <Link className="underline-offset-2 hover:underline" href={`/audit/${e.seq}${query ? `?${query}` : ""}`} aria-label={`Open event ${e.seq}`}>
                {e.seq}
              </Link>
            </TD>
            <TD className="whitespace-nowrap text-xs" title={e.time.toISOString()}>
              {e.time.toISOString().replace("T", " ").slice(0, 19)}
            </TD>
            <TD className="text-xs">
              {actorOf(e)}
              {e.actorKind === "agent" && !e.agentId ? (
                <Badge tone="warn" className="ml-1">
                  unregistered
                </Badge>
              ) : null}
            </TD>
            <TD className="font-mono text-xs">{e.type}</TD>
            <TD className="max-w-xs truncate font-mono text-xs" title={targetOf(e)}>
              {targetOf(e)}
              {e.redactions ? (
                <Badge tone="bad" className="ml-1">
                  {e.redactions} redacted
                </Badge>
              ) : null}
            </TD>
            <TD>{e.decision ? <Badge tone={decisionTone(e.decision)}>{e.decision}</Badge> : null}</TD>
            <TD>{e.outcome ? <Badge tone={outcomeTone(e.outcome)}>{e.outcome}</Badge> : null}</TD>
            <TD className="max-w-[10rem] truncate text-xs">
              {e.sessionId ? (
                <Link className="underline-offset-2 hover:underline" href={`/audit/sessions/${encodeURIComponent(e.sessionId)}`}>
                  {e.sessionId}
                </Link>
              ) : null}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
