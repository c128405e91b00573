import Link from "next/link";
import type { AgentScope, AuditEvent } from "@/lib/registry/queries";
import { Badge, severityTone } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { DIMENSIONS } from "./dimensions";
import { fmtDate, relTime } from "./format";

export function Section({ title, children, id }: { title: string; children: React.ReactNode; id?: string }) {
  return (
    <Card aria-labelledby={id}>
      <CardHeader>
        <CardTitle id={id}>{title}</CardTitle>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

export function ScopeView({ scopes, now = new Date() }: { scopes: AgentScope[]; now?: Date }) {
  return (
    <div className="space-y-3" data-testid="scope-view">
      <p className="text-sm text-muted-foreground">Anything not listed is denied.</p>
      <dl className="grid gap-3 md:grid-cols-2">
        {DIMENSIONS.map((d) => {
          const mine = scopes.filter((s) => s.dimension === d.key);
          return (
            <div key={d.key}>
              <dt className="text-sm font-semibold">{d.label}</dt>
              <dd className="mt-1 flex flex-wrap gap-1">
                {mine.length === 0 ? <span className="text-xs text-muted-foreground">none — all denied</span> : null}
                {mine.map((s) => {
                  const expired = s.validUntil && s.validUntil <= now;
                  const future = s.validFrom && s.validFrom > now;
                  return (
                    <code
                      key={s.id}
                      className={`rounded bg-muted px-1.5 py-0.5 text-xs ${expired ? "line-through opacity-60" : ""}`}
                      title={s.validFrom || s.validUntil ? `${fmtDate(s.validFrom)} → ${fmtDate(s.validUntil)}` : undefined}
                    >
                      {s.pattern}
                      {s.validFrom || s.validUntil
                        ? ` (${future ? "from " + fmtDate(s.validFrom) : expired ? "expired" : "until " + fmtDate(s.validUntil)})`
                        : ""}
                    </code>
                  );
                })}
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

export function EventsTable({ events, empty, testId }: { events: AuditEvent[]; empty: string; testId?: string }) {
  if (!events.length) return <EmptyState title={empty} />;
  return (
    <Table data-testid={testId}>
      <THead>
        <tr>
          <TH>When</TH>
          <TH>Event</TH>
          <TH>By</TH>
          <TH>Detail</TH>
        </tr>
      </THead>
      <TBody>
        {events.map((e) => {
          const p = (e.payload ?? {}) as Record<string, unknown>;
          const detail = typeof p.reason === "string" ? p.reason : (e.resource ?? e.command ?? e.decision ?? "");
          return (
            <TR key={e.seq}>
              <TD className="whitespace-nowrap text-xs" title={e.time.toISOString()}>
                {relTime(e.time)}
              </TD>
              <TD className="font-mono text-xs">{e.type}</TD>
              <TD className="text-xs">{e.actorLabel ?? e.actorKind}</TD>
              <TD className="max-w-96 truncate text-xs" title={String(detail)}>
                {String(detail)}
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}

export function ViolationsList({ rows }: { rows: { id: string; title: string; severity: keyof typeof severityTone; status: string; lastSeenAt: Date }[] }) {
  if (!rows.length) return <EmptyState title="No violations" />;
  return (
    <ul className="space-y-1 text-sm">
      {rows.map((v) => (
        <li key={v.id} className="flex items-center gap-2">
          <Badge tone={severityTone[v.severity]}>{v.severity}</Badge>
          <Link href={`/violations/${v.id}`} className="hover:underline">
            {v.title}
          </Link>
          <span className="text-xs text-muted-foreground">
            {v.status} · {relTime(v.lastSeenAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ApprovalsList({
  rows,
}: {
  rows: { id: string; actionType: string; status: string; createdAt: Date; resource: string | null; command: string | null }[];
}) {
  if (!rows.length) return <EmptyState title="No approval requests" />;
  return (
    <ul className="space-y-1 text-sm">
      {rows.map((a) => (
        <li key={a.id} className="flex flex-wrap items-center gap-2">
          <Badge tone={a.status === "pending" ? "warn" : a.status === "approved" ? "good" : "neutral"}>{a.status}</Badge>
          <Link href={`/approvals/${a.id}`} className="font-mono text-xs hover:underline">
            {a.actionType}
          </Link>
          <span className="truncate text-xs text-muted-foreground">
            {a.command ?? a.resource ?? ""} · {relTime(a.createdAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}
