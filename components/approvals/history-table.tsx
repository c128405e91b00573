import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR, EmptyState } from "@/components/ui/table";
import type { ApprovalItem } from "@/lib/approvals/view";
import { fmtDateTime } from "@/lib/ui/time";

export const STATUS_TONE = { approved: "good", denied: "bad", expired: "warn", cancelled: "neutral" } as const;

export function HistoryTable({ rows }: { rows: (ApprovalItem & { actionsUnder: number })[] }) {
  if (rows.length === 0) return <EmptyState title="No decided requests match">Change the filters, or wait for approvers to decide.</EmptyState>;
  return (
    <Table>
      <THead>
        <tr>
          <TH>Requested</TH>
          <TH>Agent</TH>
          <TH>Action</TH>
          <TH>Status</TH>
          <TH>Decided by</TH>
          <TH>Reason</TH>
          <TH>Risk</TH>
          <TH>Actions taken</TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((r) => (
          <TR key={r.id} data-testid="history-row">
            <TD className="whitespace-nowrap text-xs">{fmtDateTime(r.createdAt)}</TD>
            <TD className="whitespace-nowrap">{r.agentSlug}</TD>
            <TD>
              <Link href={`/approvals/${r.id}`} className="font-mono text-xs underline">
                {r.actionType}
              </Link>
              <div className="max-w-xs truncate text-xs text-muted-foreground" title={r.command ?? r.resource ?? ""}>
                {r.command ?? r.resource}
              </div>
            </TD>
            <TD>
              <Badge tone={STATUS_TONE[r.status as keyof typeof STATUS_TONE] ?? "neutral"}>{r.status}</Badge>
            </TD>
            <TD className="text-xs">{r.decidedBy ?? (r.status === "expired" ? "—" : "")}</TD>
            <TD className="max-w-xs text-xs">{r.reason}</TD>
            <TD>{r.risk}</TD>
            <TD className="text-xs">
              <Link className="underline" href={`/audit?approval=${r.id}`}>
                {r.actionsUnder} audit event{r.actionsUnder === 1 ? "" : "s"}
              </Link>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
