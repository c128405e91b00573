import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents } from "@/db/schema";
import { notFound } from "@/lib/http/errors";

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `{id}` everywhere accepts the id or the slug (API.md). */
export async function findAgent(db: Db, idOrSlug: string) {
  const [row] = await db
    .select()
    .from(agents)
    .where(UUID_RE.test(idOrSlug) ? eq(agents.id, idOrSlug) : eq(agents.slug, idOrSlug))
    .limit(1);
  return row;
}

export async function requireAgent(db: Db, idOrSlug: string) {
  const a = await findAgent(db, idOrSlug);
  if (!a) throw notFound(`No agent "${idOrSlug}".`);
  return a;
}
