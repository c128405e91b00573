import { getDb } from "@/lib/db";
import { csvLine } from "@/lib/util/csv";
import { checkPermission } from "@/lib/auth/session";
import { listAgents } from "@/lib/registry/queries";
import { agentFilterSchema } from "@/lib/registry/schemas";

export const dynamic = "force-dynamic";

const COLUMNS = [
  "slug",
  "name",
  "kind",
  "role",
  "teamSlug",
  "sponsorEmail",
  "model",
  "toolchainVersion",
  "status",
  "risk",
  "riskScore",
  "lastSeenAt",
  "openViolations",
  "pendingApprovals",
  "lastReviewAt",
  "reviewOverdue",
  "createdAt",
] as const;

/** CSV of the filtered inventory (all pages), for the signed-in person. */
export async function GET(request: Request) {
  const auth = await checkPermission("dashboard:view");
  if (!auth.ok)
    return new Response(
      JSON.stringify({ error: { code: auth.status === 401 ? "unauthorized" : "forbidden", message: "Sign in with access to the inventory." } }),
      { status: auth.status, headers: { "content-type": "application/json" } },
    );
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = agentFilterSchema.safeParse({ ...params, page: 1, pageSize: 1000 });
  if (!parsed.success)
    return new Response(JSON.stringify({ error: { code: "invalid_request", message: "Invalid filters." } }), {
      status: 400,
      headers: { "content-type": "application/json" },
    });
  const db = await getDb();
  let body = csvLine(COLUMNS);
  for (let page = 1; ; page++) {
    const r = await listAgents(db, { ...parsed.data, page, pageSize: 1000 });
    for (const row of r.rows) body += csvLine(COLUMNS.map((c) => row[c]));
    if (page * 1000 >= r.total) break;
  }
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="agents-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}
