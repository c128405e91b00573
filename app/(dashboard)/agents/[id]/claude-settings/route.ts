import { getDb } from "@/lib/db";
import { checkPermission } from "@/lib/auth/session";
import { generateClaudeSettings } from "@/lib/registry/claude-settings";
import { findAgent, scopesOf } from "@/lib/registry/queries";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** Download: Claude Code managed settings (permissions, hooks, managed-only switches) generated from the scope. */
export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await checkPermission("dashboard:view");
  const err = (status: number, code: string, message: string) =>
    new Response(JSON.stringify({ error: { code, message } }), { status, headers: { "content-type": "application/json" } });
  if (!auth.ok) return err(auth.status, auth.status === 401 ? "unauthorized" : "forbidden", "Sign in with access to the registry.");
  const { id } = await ctx.params;
  const db = await getDb();
  const agent = await findAgent(db, decodeURIComponent(id));
  if (!agent) return err(404, "not_found", "No such agent.");
  // The public address when configured (behind a proxy the request origin may be internal).
  const base = env().NEXTAUTH_URL || new URL(request.url).origin;
  // ?gate=http: PreToolUse as an HTTP hook (fails open when Gatehouse is unreachable); default the fail-closed hook client
  const gate = new URL(request.url).searchParams.get("gate") === "http" ? "http" : "command";
  const settings = generateClaudeSettings(await scopesOf(db, agent.id), base, new Date(), { gate });
  return new Response(JSON.stringify(settings, null, 2) + "\n", {
    headers: {
      "content-type": "application/json",
      "content-disposition": `attachment; filename="managed-settings.${agent.slug}.json"`,
      "cache-control": "no-store",
    },
  });
}
