import { getDb } from "@/db/client";
import { checkPermission } from "@/lib/auth/session";
import { listPending } from "@/lib/approvals/queries";
import { toItem } from "@/lib/approvals/view";

export const dynamic = "force-dynamic";

/** The live queue, polled by the approvals page every ~2 s (session checked every time). */
export async function GET() {
  const auth = await checkPermission("dashboard:view");
  if (!auth.ok) return Response.json({ error: { code: auth.status === 401 ? "unauthorized" : "forbidden", message: "Sign in again." } }, { status: auth.status });
  const rows = await listPending(await getDb());
  return Response.json({ items: rows.map(toItem), at: new Date().toISOString() }, { headers: { "cache-control": "no-store" } });
}
