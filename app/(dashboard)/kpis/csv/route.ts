import { getDb } from "@/lib/db";
import { checkPermission } from "@/lib/auth/session";
import { loadKpiPage } from "@/lib/kpis/queries";
import { CHART_IDS, kpiTable, type ChartId } from "@/lib/kpis/tables";
import { toCsv } from "@/lib/kpis/csv";
import { kpiParamsSchema } from "../params";

export const dynamic = "force-dynamic";

const error = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ error: { code, message } }), { status, headers: { "content-type": "application/json" } });

/** CSV of one KPI chart for the signed-in person (same window/cohort params as the page). */
export async function GET(request: Request) {
  const auth = await checkPermission("dashboard:view");
  if (!auth.ok) return error(auth.status, auth.status === 401 ? "unauthorized" : "forbidden", "Sign in with access to the KPIs.");
  const sp = new URL(request.url).searchParams;
  const chart = sp.get("chart") as ChartId | null;
  if (!chart || !(CHART_IDS as readonly string[]).includes(chart)) return error(400, "invalid_request", `chart must be one of ${CHART_IDS.join(", ")}.`);
  const { window, cohort } = kpiParamsSchema.parse({ window: sp.get("window") ?? undefined, cohort: sp.get("cohort") ?? undefined });
  const data = await loadKpiPage(await getDb(), { windowDays: window, cohort });
  const t = kpiTable(data, chart);
  return new Response(toCsv(t.header, t.rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="kpi-${chart}-${cohort}-${window}d-${data.window.to}.csv"`,
      "cache-control": "no-store",
    },
  });
}
