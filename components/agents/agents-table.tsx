import Link from "next/link";
import type { AgentRow } from "@/lib/registry/queries";
import { KIND_LABELS } from "@/lib/registry/schemas";
import { Badge, statusTone } from "@/components/ui/badge";
import { EmptyState, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { ReasonDialog } from "./reason-dialog";
import { relTime, riskTone } from "./format";

export type Params = Record<string, string | undefined>;

export function hrefWith(params: Params, changes: Params, path = "/agents") {
  const next = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...changes })) if (v) next.set(k, v);
  const s = next.toString();
  return s ? `${path}?${s}` : path;
}

function SortHeader({ label, sortKey, params }: { label: string; sortKey: string; params: Params }) {
  const active = (params.sort ?? "name") === sortKey;
  const dir = active && (params.dir ?? "asc") === "asc" ? "desc" : "asc";
  return (
    <TH aria-sort={active ? ((params.dir ?? "asc") === "asc" ? "ascending" : "descending") : "none"}>
      <Link href={hrefWith(params, { sort: sortKey, dir, page: undefined })} className="hover:underline">
        {label}
        {active ? ((params.dir ?? "asc") === "asc" ? " ▲" : " ▼") : ""}
      </Link>
    </TH>
  );
}

export function AgentsTable({ rows, params, canKill }: { rows: AgentRow[]; params: Params; canKill: boolean }) {
  if (rows.length === 0)
    return <EmptyState title="No agents match">Change the filters, or register an agent.</EmptyState>;
  return (
    <Table data-testid="agents-table">
      <THead>
        <tr>
          <SortHeader label="Agent" sortKey="name" params={params} />
          <SortHeader label="Kind" sortKey="kind" params={params} />
          <SortHeader label="Role" sortKey="role" params={params} />
          <SortHeader label="Team" sortKey="team" params={params} />
          <TH>Sponsor</TH>
          <TH>Model / toolchain</TH>
          <SortHeader label="Status" sortKey="status" params={params} />
          <SortHeader label="Risk" sortKey="risk" params={params} />
          <SortHeader label="Last seen" sortKey="last_seen" params={params} />
          <SortHeader label="Violations" sortKey="violations" params={params} />
          <SortHeader label="Approvals" sortKey="approvals" params={params} />
          {canKill ? <TH><span className="sr-only">Kill switch</span></TH> : null}
        </tr>
      </THead>
      <TBody>
        {rows.map((a) => (
          <TR key={a.id} data-testid={`agent-row-${a.slug}`}>
            <TD>
              <Link href={`/agents/${a.slug}`} className="font-medium hover:underline">
                {a.name}
              </Link>
              <div className="font-mono text-xs text-muted-foreground">{a.slug}</div>
              {a.reviewOverdue ? (
                <Badge tone="warn" className="mt-1" title="The last access review is older than the review period">
                  Review overdue
                </Badge>
              ) : null}
            </TD>
            <TD>{KIND_LABELS[a.kind as keyof typeof KIND_LABELS] ?? a.kind}</TD>
            <TD>{a.role}</TD>
            <TD>{a.teamName}</TD>
            <TD className="text-xs">{a.sponsorEmail}</TD>
            <TD className="text-xs">
              {a.model}
              <div className="text-muted-foreground">{a.toolchainVersion}</div>
            </TD>
            <TD>
              <Badge tone={statusTone[a.status]} data-testid="agent-status">{a.status}</Badge>
            </TD>
            <TD>
              <Badge tone={riskTone[a.risk]} title={`risk score ${a.riskScore}`}>
                {a.risk}
              </Badge>
            </TD>
            <TD className="text-xs" title={a.lastSeenAt?.toISOString()}>
              {relTime(a.lastSeenAt)}
            </TD>
            <TD className="text-right tabular-nums">{a.openViolations}</TD>
            <TD className="text-right tabular-nums">{a.pendingApprovals}</TD>
            {canKill ? (
              <TD>{a.status === "active" ? <ReasonDialog kind="kill" agentId={a.id} agentLabel={a.name} /> : null}</TD>
            ) : null}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

export function Pager({ page, pageSize, total, params }: { page: number; pageSize: number; total: number; params: Params }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
      <span className="text-muted-foreground">
        {from}–{Math.min(page * pageSize, total)} of {total}
      </span>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className="rounded-md border border-border px-3 py-1 hover:bg-muted" href={hrefWith(params, { page: String(page - 1) })}>
            Previous
          </Link>
        ) : null}
        <span aria-current="page" className="px-2 py-1">
          Page {page} of {pages}
        </span>
        {page < pages ? (
          <Link className="rounded-md border border-border px-3 py-1 hover:bg-muted" href={hrefWith(params, { page: String(page + 1) })}>
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
