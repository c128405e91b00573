import { getDb } from "@/lib/db";
import { checkPermission } from "@/lib/auth/session";
import { iterateViolations } from "@/lib/violations/queries";
import { parseViolationFilter } from "@/lib/violations/schemas";
import { violationsCsvStream } from "@/lib/violations/csv";

export const dynamic = "force-dynamic";

/** CSV of the violations matching the list's filters (all pages), for a signed-in person. */
export async function GET(request: Request) {
  const auth = await checkPermission("dashboard:view");
  if (!auth.ok) {
    const message = auth.status === 401 ? "Sign in to export violations." : "Your role may not export violations.";
    return Response.json({ error: { code: auth.status === 401 ? "unauthorized" : "forbidden", message } }, { status: auth.status });
  }
  const sp: Record<string, string> = {};
  new URL(request.url).searchParams.forEach((v, k) => (sp[k] = v));
  const { page: _page, ...filter } = parseViolationFilter(sp);
  void _page;
  const db = await getDb();
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(violationsCsvStream(iterateViolations(db, filter)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="violations-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
