import { z } from "zod";

const id = z.string().uuid();
const reason = z.string().trim().min(3, "Give a reason (at least 3 characters).").max(1000);

export const decideSchema = z.object({ id, decision: z.enum(["approve", "deny"]), reason });
export const bulkDenySchema = z.object({ ids: z.array(id).min(1).max(200), reason });
export const killFromQueueSchema = z.object({ agentId: id, reason });

// What PostgreSQL can take (found by lib/security: a NUL or a year like -271821 in the URL was
// a 500): NUL-free text, and dates in years 1–9999.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => s.replaceAll("\u0000", ""));
const date = z.coerce.date().refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999);

export const historyFilterSchema = z.object({
  status: z.enum(["approved", "denied", "expired", "cancelled"]).optional().catch(undefined),
  agent: text(120).optional().catch(undefined),
  decidedBy: text(200).optional().catch(undefined),
  q: text(200).optional().catch(undefined),
  from: date.optional().catch(undefined),
  to: date.optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type HistoryFilterInput = z.infer<typeof historyFilterSchema>;

/** searchParams (string | string[]) → the filter, ignoring what does not parse. */
export function parseHistoryFilter(sp: Record<string, string | string[] | undefined>): HistoryFilterInput {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) {
    const s = Array.isArray(v) ? v[0] : v;
    if (s) flat[k] = s;
  }
  return historyFilterSchema.parse(flat);
}
