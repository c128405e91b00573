import Link from "next/link";
import { getDb } from "@/lib/db";
import { loadMonthSpend } from "@/lib/telemetry/queries";
import { formatUsd, trendLabel } from "@/lib/telemetry/format";
import { cn } from "@/lib/ui/cn";

/** Overview tile: this month's agent spend, against last month up to the same day. */
export async function SpendTile() {
  const s = await loadMonthSpend(await getDb());
  const trend = trendLabel(s.monthUsd, s.previousToDateUsd);
  return (
    <Link href="/kpis#cost-heading" className="block rounded-lg border border-border bg-card p-4 hover:bg-accent" data-testid="spend-tile">
      <div className="text-sm text-muted-foreground">Agent spend this month</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums" data-testid="spend-month">
        {formatUsd(s.monthUsd)}
      </div>
      <div className={cn("mt-1 text-xs tabular-nums", trend?.up ? "text-amber-700 dark:text-amber-300" : "text-muted-foreground")}>
        {trend ? `${trend.text} vs last month to date (${formatUsd(s.previousToDateUsd)})` : `last month: ${formatUsd(s.previousMonthUsd)}`}
      </div>
    </Link>
  );
}
