import { z } from "zod";

const id = z.string().uuid();
const reason = z.string().trim().min(3, "Give a reason (at least 3 characters).").max(1000);

export const decideSchema = z.object({ id, decision: z.enum(["approve", "deny"]), reason });
export const bulkDenySchema = z.object({ ids: z.array(id).min(1).max(200), reason });
export const killFromQueueSchema = z.object({ agentId: id, reason });

export const historyFilterSchema = z.object({
  status: z.enum(["approved", "denied", "expired", "cancelled"]).optional().catch(undefined),
  agent: z.string().trim().max(120).optional().catch(undefined),
  decidedBy: z.string().trim().max(200).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  from: z.coerce.date().optional().catch(undefined),
  to: z.coerce.date().optional().catch(undefined),
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
