import Link from "next/link";
import { Table, THead, TBody, TR, TH, TD, EmptyState } from "@/components/ui/table";
import { AuthorBadge, FlaggedBadge, StateBadge } from "./badges";
import { fmtDateTime } from "@/lib/ui/time";

export interface ChangeRow {
  id: string;
  repository: string;
  number: number | null;
  title: string;
  state: string;
  authorLogin: string | null;
  authorKind: "agent" | "human";
  agentLabel: string | null;
  agentSlug: string | null;
  team: string | null;
  confidence: number;
  securityAdjacent: boolean;
  humanApproved: boolean;
  createdAt: string;
  gates: Record<string, number>;
}

export function ChangesTable({ rows }: { rows: ChangeRow[] }) {
  if (rows.length === 0) return <EmptyState title="No changes match these filters">Changes arrive through the GitHub webhook and CI runs.</EmptyState>;
  return (
    <Table>
      <caption className="sr-only">Changes, newest first</caption>
      <THead>
        <tr>
          <TH>Change</TH>
          <TH>Author</TH>
          <TH>State</TH>
          <TH>Gates</TH>
          <TH>Flags</TH>
          <TH>Opened</TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((r) => (
          <TR key={r.id} data-testid="change-row">
            <TD>
              <Link href={`/changes/${r.id}`} className="font-medium hover:underline">
                {r.title}
              </Link>
              <div className="text-xs text-muted-foreground">
                {r.repository}
                {r.number !== null ? `#${r.number}` : " (direct push)"}
                {r.team ? ` · ${r.team}` : ""}
              </div>
            </TD>
            <TD>
              <AuthorBadge kind={r.authorKind} label={r.agentSlug ?? r.agentLabel} />
              <div className="text-xs text-muted-foreground">
                {r.authorLogin ?? "unknown"} · {Math.round(r.confidence * 100)}%
              </div>
            </TD>
            <TD>
              <StateBadge state={r.state} />
            </TD>
            <TD className="text-xs tabular-nums">
              {Object.keys(r.gates).length === 0 ? (
                <span className="text-muted-foreground">none</span>
              ) : (
                <span>
                  <span className="text-green-700 dark:text-green-300">{r.gates.passed ?? 0} passed</span>
                  {r.gates.failed ? <span className="text-red-700 dark:text-red-300"> · {r.gates.failed} failed</span> : null}
                  {r.gates.overridden ? <span className="text-amber-700 dark:text-amber-300"> · {r.gates.overridden} overridden</span> : null}
                </span>
              )}
            </TD>
            <TD>
              {r.securityAdjacent ? <FlaggedBadge /> : null}
              {r.securityAdjacent && !r.humanApproved ? <div className="text-xs text-destructive">no human approval</div> : null}
            </TD>
            <TD className="whitespace-nowrap text-xs text-muted-foreground">{fmtDateTime(r.createdAt)}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
