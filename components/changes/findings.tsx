// Findings of a gate run by status — open, suppressed, dismissed by VEX, absent from baseline —
// so a reviewer sees why a gate passed with findings in its report (issue 22). Server component.
import { Badge } from "@/components/ui/badge";

export type FindingStatusName = "open" | "suppressed" | "dismissed" | "absent";
export type FindingCounts = Record<FindingStatusName, number>;

export interface LadderFinding {
  id: string;
  ruleId: string | null;
  severity: string;
  message: string;
  path: string | null;
  line: number | null;
  status: string;
  justification: string | null;
}

export const STATUS_LABEL: Record<FindingStatusName, string> = {
  open: "open",
  suppressed: "suppressed",
  dismissed: "dismissed by VEX",
  absent: "absent from baseline",
};
const STATUS_HINT: Record<FindingStatusName, string> = {
  open: "Reported as a problem in this run: these count against the gate",
  suppressed: "Suppressed in the source or by a reviewer (SARIF suppressions): kept, not counted",
  dismissed: "The supplier's VEX verdict says not affected, false positive or resolved: kept, not counted",
  absent: "In the baseline but gone from this run (SARIF baselineState absent): kept, not counted",
};
const ORDER: FindingStatusName[] = ["open", "suppressed", "dismissed", "absent"];
const SEV_TONE = { critical: "bad", high: "bad", medium: "warn", low: "neutral", info: "neutral" } as const;

export const totalOf = (c: FindingCounts) => c.open + c.suppressed + c.dismissed + c.absent;

/** "3 open · 1 suppressed · 4 dismissed by VEX · 0 absent from baseline", each with its count. */
export function FindingsBreakdown({ counts, label }: { counts: FindingCounts; label: string }) {
  return (
    <dl aria-label={label} className="flex flex-wrap gap-x-3 gap-y-1 text-xs" data-testid="findings-breakdown">
      {ORDER.map((s) => (
        // the term first for screen readers, the count first on screen ("3 open")
        <div
          key={s}
          className={`flex flex-row-reverse items-baseline justify-end gap-1 ${counts[s] === 0 ? "text-muted-foreground" : ""}`}
          title={STATUS_HINT[s]}
          data-status={s}
        >
          <dt>{STATUS_LABEL[s]}</dt>
          <dd className={`tabular-nums ${counts[s] > 0 && s === "open" ? "font-semibold text-destructive" : "font-medium"}`}>{counts[s]}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The stored findings of one run, grouped by status, each non-open one with its justification. */
export function FindingList({ findings, counts }: { findings: LadderFinding[]; counts: FindingCounts }) {
  const groups = ORDER.map((s) => ({ s, items: findings.filter((f) => f.status === s) })).filter((g) => g.items.length > 0);
  return (
    <details className="mt-1">
      <summary className="cursor-pointer rounded text-xs focus-visible:outline focus-visible:outline-2 focus-visible:outline-ring">
        {totalOf(counts)} finding(s) in the report
      </summary>
      <div className="mt-1 space-y-2">
        {groups.map(({ s, items }) => (
          <section key={s} aria-label={`${STATUS_LABEL[s as FindingStatusName]} findings`} data-testid={`findings-${s}`}>
            <h4 className="text-xs font-semibold capitalize">
              {STATUS_LABEL[s as FindingStatusName]} ({counts[s as FindingStatusName]}
              {items.length < counts[s as FindingStatusName] ? `, ${items.length} shown` : ""})
            </h4>
            <ul className="mt-1 space-y-1">
              {items.slice(0, 100).map((f) => (
                <li key={f.id} className={`break-words text-xs ${s === "open" ? "" : "text-muted-foreground"}`}>
                  <Badge tone={s === "open" ? (SEV_TONE[f.severity as keyof typeof SEV_TONE] ?? "neutral") : "neutral"}>{f.severity}</Badge>{" "}
                  {f.ruleId ? <code>{f.ruleId}</code> : null} {f.message}
                  {f.path ? (
                    <span className="text-muted-foreground">
                      {" "}
                      — {f.path}
                      {f.line ? `:${f.line}` : ""}
                    </span>
                  ) : null}
                  {f.justification ? <span className="block pl-2 italic">Why: {f.justification}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </details>
  );
}
