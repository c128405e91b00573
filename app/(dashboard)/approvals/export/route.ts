import { getDb } from "@/lib/db";
import { checkPermission } from "@/lib/auth/session";
import { listHistory } from "@/lib/approvals/queries";
import { parseHistoryFilter } from "@/lib/approvals/schemas";
import { toCsv, toItem } from "@/lib/approvals/view";

export const dynamic = "force-dynamic";

/** CSV of the decided/expired/cancelled requests matching the history filters. */
export async function GET(request: Request) {
  const auth = await checkPermission("dashboard:view");
  if (!auth.ok) return new Response("Sign in again.", { status: auth.status });
  const sp = Object.fromEntries(new URL(request.url).searchParams.entries());
  const { before: _ignored, ...filter } = parseHistoryFilter(sp);
  const rows = await listHistory(await getDb(), { ...filter, limit: 50_000 });
  return new Response(toCsv(rows.map(toItem)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="approvals-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}
