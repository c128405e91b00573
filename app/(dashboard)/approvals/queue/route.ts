import { getDb } from "@/lib/db";
import { checkPermission } from "@/lib/auth/session";
import { listPendingFor } from "@/lib/approvals/queries";

export const dynamic = "force-dynamic";

/**
 * The live queue, polled by the approvals page every ~2 s (session checked every time): what
 * this person may decide, or everything waiting with ?scope=all (lib/approvals listPendingFor).
 */
export async function GET(req: Request) {
  const auth = await checkPermission("dashboard:view");
  if (!auth.ok)
    return Response.json({ error: { code: auth.status === 401 ? "unauthorized" : "forbidden", message: "Sign in again." } }, { status: auth.status });
  const all = new URL(req.url).searchParams.get("scope") === "all";
  const { items, hidden } = await listPendingFor(await getDb(), auth.user, { all });
  return Response.json({ items, hidden, at: new Date().toISOString() }, { headers: { "cache-control": "no-store" } });
}
