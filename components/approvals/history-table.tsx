import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR, EmptyState } from "@/components/ui/table";
import type { ApprovalItem } from "@/lib/approvals/view";
import { fmtDateTime } from "@/lib/ui/time";

export const STATUS_TONE = { approved: "good", denied: "bad", expired: "warn", cancelled: "neutral" } as const;

// One line per decided request at 1440 px (issue 19): dates, names and counts never wrap; the
// command and the reason take the room that is left and truncate, in full on hover and on the
// approval's own page.
const CELL = "whitespace-nowrap px-2 py-1.5 align-middle";

export function HistoryTable({ rows }: { rows: (ApprovalItem & { actionsUnder: number })[] }) {
  if (rows.length === 0) return <EmptyState title="No decided requests match">Change the filters, or wait for approvers to decide.</EmptyState>;
  return (
    <Table data-testid="history-table">
      <THead>
        <tr>
          <TH className="whitespace-nowrap px-2">Requested</TH>
          <TH className="whitespace-nowrap px-2">Agent</TH>
          <TH className="w-[60%] whitespace-nowrap px-2">Action</TH>
          <TH className="whitespace-nowrap px-2">Status</TH>
          <TH className="whitespace-nowrap px-2">Decided by</TH>
          <TH className="w-[40%] whitespace-nowrap px-2">Reason</TH>
          <TH className="whitespace-nowrap px-2 text-right">Risk</TH>
          <TH className="whitespace-nowrap px-2">Actions taken</TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((r) => {
          const what = r.command ?? r.resource ?? "";
          return (
            <TR key={r.id} data-testid="history-row">
              <TD className={`${CELL} text-xs`}>{fmtDateTime(r.createdAt)}</TD>
              <TD className={`${CELL} font-mono text-xs`}>{r.agentSlug}</TD>
              {/* max-w-0: the column shrinks below its content and truncates instead of widening the table */}
              <TD className={`${CELL} max-w-0`}>
                <div className="flex min-w-0 items-baseline gap-2">
                  <Link href={`/approvals/${r.id}`} className="shrink-0 font-mono text-xs underline">
                    {r.actionType}
                  </Link>
                  {what ? (
                    <span className="truncate font-mono text-xs text-muted-foreground" title={what}>
                      {what}
                    </span>
                  ) : null}
                </div>
              </TD>
              <TD className={CELL}>
                <Badge tone={STATUS_TONE[r.status as keyof typeof STATUS_TONE] ?? "neutral"}>{r.status}</Badge>
              </TD>
              <TD className={`${CELL} text-xs`}>{r.decidedBy ?? (r.status === "expired" ? "—" : "")}</TD>
              <TD className={`${CELL} max-w-0 truncate text-xs`} title={r.reason ?? undefined}>
                {r.reason}
              </TD>
              <TD className={`${CELL} text-right tabular-nums`}>{r.risk}</TD>
              <TD className={`${CELL} text-xs`}>
                <Link className="underline" href={`/audit?approval=${r.id}`}>
                  {r.actionsUnder} audit event{r.actionsUnder === 1 ? "" : "s"}
                </Link>
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}
