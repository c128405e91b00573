import Link from "next/link";
import { getDb } from "@/lib/db";
import { loadHeadlineTiles } from "@/lib/kpis/queries";
import { formatRate, type Ratio } from "@/lib/kpis/math";
import { cn } from "@/lib/ui/cn";

interface TileProps {
  label: string;
  current: Ratio;
  previous: Ratio;
  /** lower is better (escape/failure rates): a fall is shown as good */
  lowerIsBetter: boolean;
  unit: string;
  testId: string;
}

function Tile({ label, current, previous, lowerIsBetter, unit, testId }: TileProps) {
  const delta = current.value !== null && previous.value !== null ? current.value - previous.value : null;
  const good = delta === null || delta === 0 ? null : lowerIsBetter ? delta < 0 : delta > 0;
  return (
    <div className="rounded-lg border border-border bg-card p-4" data-testid={testId}>
      <div className="text-sm text-muted-foreground">{label}</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums">{formatRate(current.value)}</div>
      <div className="mt-1 text-xs text-muted-foreground tabular-nums">
        {current.numerator} / {current.denominator} {unit}
      </div>
      <div
        className={cn("mt-1 text-xs tabular-nums", good === true && "text-green-700 dark:text-green-300", good === false && "text-red-700 dark:text-red-300")}
      >
        {delta === null ? "no previous data" : `${delta > 0 ? "▲" : delta < 0 ? "▼" : "="} ${Math.abs(delta * 100).toFixed(1)} pts vs previous window`}
      </div>
    </div>
  );
}

/** Headline quality KPIs for engineering managers, this window vs the previous one (server component). */
export async function KpiOverviewTiles({ windowDays = 30 }: { windowDays?: number }) {
  const t = await loadHeadlineTiles(await getDb(), windowDays);
  return (
    <section aria-labelledby="kpi-tiles-h" className="space-y-2">
      <div className="flex items-baseline justify-between">
        <h2 id="kpi-tiles-h" className="text-lg font-semibold">
          Quality, last {t.window} days
        </h2>
        <Link href={`/kpis?window=${windowDays === 7 || windowDays === 90 ? windowDays : 30}`} className="text-sm text-primary hover:underline">
          All KPIs →
        </Link>
      </div>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3 xl:grid-cols-6">
        <Tile label="Defect escape rate · agents" {...t.escapeAgent} lowerIsBetter unit="defects escaped" testId="tile-escape-agent" />
        <Tile label="Defect escape rate · humans" {...t.escapeHuman} lowerIsBetter unit="defects escaped" testId="tile-escape-human" />
        <Tile label="Change failure rate · agents" {...t.failureAgent} lowerIsBetter unit="merged changes" testId="tile-cfr-agent" />
        <Tile label="Change failure rate · humans" {...t.failureHuman} lowerIsBetter unit="merged changes" testId="tile-cfr-human" />
        <Tile label="Agent-authored share" {...t.adoption} lowerIsBetter={false} unit="changes" testId="tile-adoption" />
        <Tile label="Gate pass rate" {...t.gatePass} lowerIsBetter={false} unit="gate runs" testId="tile-gate-pass" />
      </div>
    </section>
  );
}
