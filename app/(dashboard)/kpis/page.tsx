import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { loadKpiPage, type CohortChoice } from "@/lib/kpis/queries";
import { formatRate } from "@/lib/kpis/math";
import { KpiControls } from "@/components/kpis/controls";
import { KpiCharts } from "@/components/kpis/kpi-charts";
import { Skeleton } from "@/components/ui/skeleton";
import { CostSection } from "@/components/telemetry/cost-section";
import { kpiParamsSchema } from "./params";

export const metadata: Metadata = { title: "KPIs" };

async function Charts({ windowDays, cohort }: { windowDays: number; cohort: CohortChoice }) {
  const data = await loadKpiPage(await getDb(), { windowDays, cohort });
  return (
    <div className="space-y-4">
      <p className="text-sm text-muted-foreground" data-testid="kpi-window">
        {data.window.from} – {data.window.to} · agent-authored share {formatRate(data.adoptionOverall.value)} ({data.adoptionOverall.numerator} of{" "}
        {data.adoptionOverall.denominator} changes)
      </p>
      <KpiCharts data={data} />
    </div>
  );
}

export default async function KpisPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("dashboard:view");
  const sp = await searchParams;
  const { window, cohort } = kpiParamsSchema.parse({ window: sp.window, cohort: sp.cohort });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Quality KPIs</h1>
        <p className="text-sm text-muted-foreground">Is agent-authored code as safe as human-authored code? Every rate shows its numerator and denominator.</p>
      </div>
      <KpiControls windowDays={window} cohort={cohort} />
      <Suspense key={`${window}-${cohort}`} fallback={<Skeleton className="h-96 w-full" />}>
        <Charts windowDays={window} cohort={cohort} />
      </Suspense>
      <Suspense key={`cost-${window}`} fallback={<Skeleton className="h-96 w-full" />}>
        <CostSection days={window} />
      </Suspense>
    </div>
  );
}
