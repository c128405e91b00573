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

function SortHeader({ label, sortKey, params, className }: { label: string; sortKey: string; params: Params; className?: string }) {
  const active = (params.sort ?? "name") === sortKey;
  const dir = active && (params.dir ?? "asc") === "asc" ? "desc" : "asc";
  return (
    <TH aria-sort={active ? ((params.dir ?? "asc") === "asc" ? "ascending" : "descending") : "none"} className={`whitespace-nowrap px-2 ${className ?? ""}`}>
      <Link href={hrefWith(params, { sort: sortKey, dir, page: undefined })} className="hover:underline">
        {label}
        {active ? ((params.dir ?? "asc") === "asc" ? " ▲" : " ▼") : ""}
      </Link>
    </TH>
  );
}

// One line per agent at 1440 px (issue 19): the name takes the room the other columns leave
// (it truncates, with the full name and slug on hover, only when there is none); role, sponsor
// and model get their own columns from 2xl (1536 px) and sit in the tooltips below that (role
// on the name, model on the kind, sponsor on the team).
const WIDE = "hidden 2xl:table-cell";
const CELL = "whitespace-nowrap px-2 py-1.5 align-middle";

export function AgentsTable({ rows, params, canKill }: { rows: AgentRow[]; params: Params; canKill: boolean }) {
  if (rows.length === 0) return <EmptyState title="No agents match">Change the filters, or register an agent.</EmptyState>;
  return (
    <Table data-testid="agents-table">
      <THead>
        <tr>
          <SortHeader label="Agent" sortKey="name" params={params} className="w-full" />
          <SortHeader label="Kind" sortKey="kind" params={params} />
          <SortHeader label="Role" sortKey="role" params={params} className={WIDE} />
          <SortHeader label="Team" sortKey="team" params={params} />
          <TH className={`${WIDE} whitespace-nowrap px-2`}>Sponsor</TH>
          <TH className={`${WIDE} whitespace-nowrap px-2`}>Model / toolchain</TH>
          <SortHeader label="Status" sortKey="status" params={params} />
          <SortHeader label="Risk" sortKey="risk" params={params} />
          <SortHeader label="Last seen" sortKey="last_seen" params={params} />
          <SortHeader label="Violations" sortKey="violations" params={params} className="text-right" />
          <SortHeader label="Approvals" sortKey="approvals" params={params} className="text-right" />
          {canKill ? (
            <TH className="px-2">
              <span className="sr-only">Kill switch</span>
            </TH>
          ) : null}
        </tr>
      </THead>
      <TBody>
        {rows.map((a) => {
          const kind = KIND_LABELS[a.kind as keyof typeof KIND_LABELS] ?? a.kind;
          return (
            <TR key={a.id} data-testid={`agent-row-${a.slug}`}>
              {/* max-w-0 lets the name column shrink below its content: it truncates instead of widening the table */}
              <TD className={`${CELL} max-w-0`}>
                <div className="flex min-w-0 items-center gap-2">
                  <Link href={`/agents/${a.slug}`} className="truncate font-medium hover:underline" title={`${a.name} (${a.slug}) · ${a.role}`}>
                    {a.name}
                  </Link>
                  {a.reviewOverdue ? (
                    <Badge tone="warn" className="shrink-0" title="The last access review is older than the review period">
                      review due
                    </Badge>
                  ) : null}
                </div>
              </TD>
              <TD className={`${CELL} text-xs`} title={`${kind} · ${a.model} · ${a.toolchainVersion}`}>
                {kind}
              </TD>
              <TD className={`${WIDE} ${CELL} text-xs`}>{a.role}</TD>
              <TD className={`${CELL} text-xs`} title={`sponsor ${a.sponsorEmail}`}>
                {a.teamName}
              </TD>
              <TD className={`${WIDE} ${CELL} text-xs`}>{a.sponsorEmail}</TD>
              <TD className={`${WIDE} ${CELL} text-xs`}>
                {a.model} <span className="text-muted-foreground">· {a.toolchainVersion}</span>
              </TD>
              <TD className={CELL}>
                <Badge tone={statusTone[a.status]} data-testid="agent-status">
                  {a.status}
                </Badge>
              </TD>
              <TD className={CELL}>
                <Badge tone={riskTone[a.risk]} title={`risk score ${a.riskScore}`}>
                  {a.risk}
                </Badge>
              </TD>
              <TD className={`${CELL} text-xs`} title={a.lastSeenAt?.toISOString()}>
                {relTime(a.lastSeenAt, undefined, "short")}
              </TD>
              <TD className={`${CELL} text-right tabular-nums`}>{a.openViolations}</TD>
              <TD className={`${CELL} text-right tabular-nums`}>{a.pendingApprovals}</TD>
              {canKill ? <TD className={CELL}>{a.status === "active" ? <ReasonDialog kind="kill" agentId={a.id} agentLabel={a.name} /> : null}</TD> : null}
            </TR>
          );
        })}
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
