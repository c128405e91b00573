import { STAGES, STAGE_LABELS, type Stage } from "@/lib/changes/stages";
import { Badge } from "@/components/ui/badge";
import { GateStatusBadge } from "./badges";
import { FindingList, FindingsBreakdown, totalOf, type FindingCounts, type LadderFinding } from "./findings";

export interface LadderRun {
  id: string;
  gate: string;
  stage: string;
  status: string;
  source: string;
  url: string | null;
  at: string;
  reportFormat: string | null;
  testsTotal: number | null;
  testsFailed: number | null;
  testsSkipped: number | null;
  findings: LadderFinding[];
  /** open (findingsCount), suppressed, dismissed by VEX, absent from baseline */
  counts: FindingCounts;
}

function rungVerdict(runs: LadderRun[]): "passed" | "failed" | "pending" | "none" {
  if (runs.length === 0) return "none";
  // the latest run of each gate decides
  const latest = new Map<string, LadderRun>();
  for (const r of runs) if (!latest.has(r.gate)) latest.set(r.gate, r);
  const s = [...latest.values()].map((r) => r.status);
  if (s.some((x) => x === "failed" || x === "overridden")) return "failed";
  if (s.some((x) => x === "pending")) return "pending";
  return "passed";
}

const RUNG_STYLE = {
  passed: "border-green-700/40 bg-green-50 dark:bg-green-950/30",
  failed: "border-red-700/40 bg-red-50 dark:bg-red-950/30",
  pending: "border-border bg-muted/40",
  none: "border-dashed border-border",
} as const;

/** static → behaviour → invariants → security → runtime, each rung with its gates (runs arrive newest first). */
export function VerificationLadder({ runs, required }: { runs: LadderRun[]; required: readonly string[] }) {
  const byStage = new Map<Stage, LadderRun[]>(STAGES.map((s) => [s, []]));
  for (const r of runs) (byStage.get(r.stage as Stage) ?? byStage.get("static")!).push(r);
  const seenGates = new Set(runs.map((r) => r.gate));
  return (
    <ol aria-label="Verification ladder" className="space-y-3" data-testid="verification-ladder">
      {STAGES.map((stage, i) => {
        const list = byStage.get(stage)!;
        const verdict = rungVerdict(list);
        return (
          <li key={stage} className={`rounded-lg border p-3 ${RUNG_STYLE[verdict]}`} data-testid={`rung-${stage}`}>
            <div className="flex items-center justify-between gap-2">
              <h3 className="font-semibold">
                {i + 1}. {STAGE_LABELS[stage]}
              </h3>
              <span className="text-sm">
                {verdict === "none" ? <span className="text-muted-foreground">no gates ran</span> : <GateStatusBadge status={verdict} />}
              </span>
            </div>
            {list.length ? (
              <ul className="mt-2 space-y-2">
                {list.map((r) => (
                  <li key={r.id} className="rounded-md border border-border bg-card p-2 text-sm" data-testid={`gate-run-${r.gate}`}>
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium">{r.gate}</span>
                      <GateStatusBadge status={r.status} />
                      {required.includes(r.gate) ? <Badge>required</Badge> : null}
                      <span className="text-xs text-muted-foreground">
                        {r.source} · {r.at.slice(0, 16).replace("T", " ")}
                        {r.reportFormat ? ` · ${r.reportFormat}` : ""}
                      </span>
                      {r.url ? (
                        <a href={r.url} className="text-xs text-primary underline" target="_blank" rel="noreferrer">
                          run
                        </a>
                      ) : null}
                    </div>
                    {r.testsTotal !== null ? (
                      <p className="mt-1 text-xs tabular-nums">
                        {r.testsTotal} tests · {r.testsFailed ?? 0} failed · {r.testsSkipped ?? 0} skipped
                      </p>
                    ) : null}
                    {totalOf(r.counts) > 0 ? (
                      <>
                        <FindingsBreakdown counts={r.counts} label={`Findings of ${r.gate}`} />
                        <FindingList findings={r.findings} counts={r.counts} />
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
      {required.filter((g) => !seenGates.has(g)).length ? (
        <li role="note" className="text-sm text-destructive">
          Required gates that never ran: {required.filter((g) => !seenGates.has(g)).join(", ")}
        </li>
      ) : null}
    </ol>
  );
}
