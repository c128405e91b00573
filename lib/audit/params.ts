import { auditFilterSchema, type AuditFilter } from "./schemas";

/**
 * The explorer's URL → filter. Invalid or empty values are dropped (a hand-edited URL shows
 * a wider list rather than an error page).
 */
export function filterFromSearchParams(sp: Record<string, string | string[] | undefined>): { filter: AuditFilter; cursor?: number; query: string } {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) {
    const s = Array.isArray(v) ? v[0] : v;
    if (s && s.trim()) raw[k] = s.trim();
  }
  const filter: Record<string, unknown> = {};
  const shape = auditFilterSchema.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    if (raw[key] === undefined) continue;
    const r = shape[key].safeParse(raw[key]);
    if (r.success && r.data !== undefined) filter[key] = r.data;
  }
  const cursor = raw.cursor && /^\d+$/.test(raw.cursor) ? Number(raw.cursor) : undefined;
  const query = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)])).toString();
  return { filter: filter as AuditFilter, cursor, query };
}
