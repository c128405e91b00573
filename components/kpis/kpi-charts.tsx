import type { KpiPageData, MetricSeries } from "@/lib/kpis/queries";
import { formatDuration, formatRate, kpiTable, trendRows, type ChartId } from "@/lib/kpis/tables";
import { byCohortName, chartedCohorts, inCohortOrder } from "@/lib/kpis/order";
// lazy: recharts loads after the page, outside the first-load JS (components/charts/lazy.tsx)
import { LazyRateDotChart as RateDotChart, LazyRateTrendChart as RateTrendChart, LazySimpleBarChart as SimpleBarChart } from "@/components/charts/lazy";
import { assignColors, SERIES_COLORS } from "@/components/charts/series";
import { weekLabel } from "@/components/charts/axis";
import { ChartCard, type PlainTable } from "./chart-card";
import { CohortTable } from "./cohort-table";

const pct = (v: number | null) => (v === null ? null : `${(v * 100).toFixed(1)}%`);

function totals(s: MetricSeries, num: string, den: string): PlainTable {
  return {
    header: ["cohort", num, den, "rate"],
    rows: inCohortOrder(s.cohorts).map((c) => [c.key, c.total.numerator, c.total.denominator, pct(c.total.value)]),
  };
}

/** The two largest cohorts, named in the page's cohort order so every chart reads alike. */
function headline(s: MetricSeries): string {
  if (s.cohorts.length === 0) return "no data";
  return s.cohorts
    .slice(0, 2)
    .sort((a, b) => byCohortName(a.key, b.key))
    .map((c) => `${c.key}: ${formatRate(c.total.value)}`)
    .join(" · ");
}

/** Server component: the KPI charts of one window and cohort (data from the rollups). */
export function KpiCharts({ data }: { data: KpiPageData }) {
  // The same cohorts on every trend chart (more lines than the palette are unreadable; the
  // tables list every cohort), each with one colour on the whole page, in the page's order.
  const trendSeries = data.cohort === "agent" ? [data.escapeRate, data.failureRate] : [data.escapeRate, data.failureRate, data.adoption];
  const colors = assignColors(chartedCohorts(trendSeries, SERIES_COLORS.length));
  const csv = (id: ChartId) => `/kpis/csv?chart=${id}&window=${data.window.days}&cohort=${data.cohort}`;
  const trend = (id: "der" | "cfr" | "adoption", s: MetricSeries, title: string, description: string, num: string, den: string) => (
    <ChartCard
      id={id}
      title={title}
      description={description}
      headline={headline(s)}
      table={kpiTable(data, id)}
      totals={totals(s, num, den)}
      csvHref={csv(id)}
      empty={s.cohorts.every((c) => c.total.denominator === 0)}
    >
      <RateTrendChart
        rows={trendRows(s)}
        cohorts={inCohortOrder(s.cohorts).map((c) => c.key)}
        colors={colors}
        numLabel={num}
        denLabel={den}
        label={`${title} by week and cohort`}
      />
    </ChartCard>
  );
  const cohortName = { author_kind: "author kind", agent: "agent", team: "team", repository: "repository" }[data.cohort];
  const totalsOf = (s: MetricSeries) => s.cohorts.map((c) => ({ key: c.key, numerator: c.total.numerator, denominator: c.total.denominator }));
  return (
    <div className="space-y-6">
      <section aria-labelledby="worst-h" className="space-y-3" data-testid="worst-cohorts">
        <div>
          <h2 id="worst-h" className="text-lg font-semibold">
            Worst {cohortName === "author kind" ? "cohorts" : `${cohortName}s`} first
          </h2>
          <p className="text-sm text-muted-foreground">
            Ranked by the 95 % Wilson interval&apos;s lower bound, so a rate from a handful of changes cannot top the list: cohorts with fewer than 10 in the
            denominator are marked and ranked last. Click a column to sort by it.
          </p>
        </div>
        <div className="grid gap-6 xl:grid-cols-2">
          <div className="space-y-1">
            <h3 className="text-sm font-semibold">By defect escape rate</h3>
            <CohortTable
              id="der"
              caption={`Worst ${cohortName} by defect escape rate`}
              rows={totalsOf(data.escapeRate)}
              numLabel="escaped"
              denLabel="defects"
            />
          </div>
          <div className="space-y-1">
            <h3 className="text-sm font-semibold">By change failure rate</h3>
            <CohortTable
              id="cfr"
              caption={`Worst ${cohortName} by change failure rate`}
              rows={totalsOf(data.failureRate)}
              numLabel="failed"
              denLabel="merged"
            />
          </div>
        </div>
      </section>
      <div className="grid gap-6 xl:grid-cols-2">
        {trend(
          "der",
          data.escapeRate,
          "Defect escape rate",
          "Defects found after merge ÷ all defects found for the changes in the window.",
          "escaped",
          "defects",
        )}
        {trend("cfr", data.failureRate, "Change failure rate", "Merged changes later linked to an escaped defect ÷ merged changes.", "failed", "merged")}
        <ChartCard
          id="gates"
          title="Gate pass rate by gate"
          description="Passed runs ÷ runs with a verdict (passed, failed, overridden); skipped runs do not count. Each dot shows its 95 % interval; the axis is fitted to the rates."
          table={kpiTable(data, "gates")}
          csvHref={csv("gates")}
          empty={data.gatePass.length === 0}
        >
          <RateDotChart
            label="Gate pass rate by gate, with 95 % intervals"
            unit="runs"
            data={[...data.gatePass]
              .sort((a, b) => a.gate.localeCompare(b.gate, "en", { numeric: true }))
              .map((g) => ({ name: g.gate, numerator: g.total.numerator, denominator: g.total.denominator }))}
          />
        </ChartCard>
        <ChartCard
          id="latency"
          title="Approval latency"
          description="Time from request to decision of approved/denied requests (median and p90)."
          headline={`median ${formatDuration(data.latency.overall.medianSeconds)} · p90 ${formatDuration(data.latency.overall.p90Seconds)} · ${data.latency.overall.count} decided`}
          table={kpiTable(data, "latency")}
          csvHref={csv("latency")}
          empty={data.latency.overall.count === 0}
        >
          <SimpleBarChart
            label="Median approval latency by week"
            format="seconds"
            color="#7c3aed"
            layout={data.cohort === "agent" || data.cohort === "team" ? "rows" : "columns"}
            data={data.latency.weekly
              .filter((w) => w.key === "all" || data.cohort === "agent" || data.cohort === "team")
              .slice(-16)
              .map((w) => ({
                name: data.cohort === "agent" || data.cohort === "team" ? `${weekLabel(w.week)} · ${w.key}` : weekLabel(w.week),
                value: w.medianSeconds,
                detail: `p90 ${formatDuration(w.p90Seconds)}, ${w.count} decided`,
              }))}
          />
        </ChartCard>
        <ChartCard
          id="violations"
          title="Violations per agent per week"
          description="Violations first seen in the window ÷ weeks in the window."
          table={kpiTable(data, "violations")}
          csvHref={csv("violations")}
          empty={data.violations.perAgent.length === 0}
        >
          <SimpleBarChart
            label="Violations per agent per week"
            color="#dc2626"
            layout="rows"
            data={data.violations.perAgent.slice(0, 12).map((v) => ({ name: v.agent, value: v.perWeek, detail: `${v.count} in ${data.window.days} days` }))}
          />
        </ChartCard>
        {data.cohort === "agent" ? (
          <p className="text-sm text-muted-foreground" data-testid="adoption-per-agent-note">
            Adoption is not shown per agent: every change an agent authors is agent-authored (100 % for each). Choose the team or repository cohort to compare
            adoption.
          </p>
        ) : (
          trend(
            "adoption",
            data.adoption,
            "Agent adoption",
            data.cohort === "author_kind" ? "Share of all changes that are agent-authored." : "Share of changes that are agent-authored, per cohort.",
            "agent-authored",
            "changes",
          )
        )}
      </div>
    </div>
  );
}
