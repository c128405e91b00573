import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { settings } from "@/db/schema";

/** Registry settings keys (values are JSON text in `settings`). */
export const REVIEW_PERIOD_KEY = "review_period_days";
export const TOKEN_TTL_KEY = "agent_token_ttl_seconds";
export const DEFAULT_REVIEW_PERIOD_DAYS = 90;

/** Reads numeric settings; a missing or malformed value falls back to the default. */
export async function numberSettings<K extends string>(db: Db, defaults: Record<K, number>): Promise<Record<K, number>> {
  const keys = Object.keys(defaults) as K[];
  const rows = await db.select().from(settings).where(inArray(settings.key, keys));
  const out = { ...defaults };
  for (const r of rows) {
    let v: unknown;
    try {
      v = JSON.parse(r.value);
    } catch {
      v = r.value;
    }
    const n = Number(v);
    if (Number.isFinite(n) && n > 0) out[r.key as K] = n;
  }
  return out;
}
