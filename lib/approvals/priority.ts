/**
 * The queue's order, as one number the approver can read: risk plus a point per whole minute
 * waited, up to 30, so nothing old starves behind newer risky requests. PURE. The queue sorts
 * by exactly this number (ties: the longer-waiting first), so the order agrees with the card.
 */
export const MAX_WAIT_BONUS = 30;

export interface Priority {
  risk: number;
  waitBonus: number;
  total: number;
}

export function priorityOf(item: { risk: number; createdAt: string | Date }, now: number): Priority {
  const waitedMs = now - new Date(item.createdAt).getTime();
  const waitBonus = Math.min(MAX_WAIT_BONUS, Math.max(0, Math.floor(waitedMs / 60_000)));
  return { risk: item.risk, waitBonus, total: item.risk + waitBonus };
}

/** Highest priority first; equal priority → the one waiting longer first. Returns a new array. */
export function byPriority<T extends { risk: number; createdAt: string | Date }>(items: T[], now: number): T[] {
  return items
    .map((item) => ({ item, p: priorityOf(item, now).total, t: new Date(item.createdAt).getTime() }))
    .sort((a, b) => b.p - a.p || a.t - b.t)
    .map((x) => x.item);
}
