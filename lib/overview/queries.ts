import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export interface OverviewCounts {
  agentsByStatus: Record<"active" | "suspended" | "retired", number>;
  pendingApprovals: number;
  /** status open: nobody has looked at them yet */
  openViolations: number;
  /** triaged: assigned/being handled, not yet resolved */
  triagedViolations: number;
  /** unresolved (open + triaged) per severity */
  violationsBySeverity: Record<"low" | "medium" | "high" | "critical", number>;
  eventsLast24h: number;
  fleetFrozen: boolean;
}

export async function getOverviewCounts(db: Db): Promise<OverviewCounts> {
  const rows = (await db.execute(sql`
    select
      (select count(*) from agents where status = 'active')::int as active,
      (select count(*) from agents where status = 'suspended')::int as suspended,
      (select count(*) from agents where status = 'retired')::int as retired,
      (select count(*) from approval_requests where status = 'pending' and expires_at > now())::int as pending,
      (select count(*) from violations where status = 'open')::int as v_open,
      (select count(*) from violations where status = 'triaged')::int as v_triaged,
      (select count(*) from violations where status in ('open','triaged') and severity = 'low')::int as v_low,
      (select count(*) from violations where status in ('open','triaged') and severity = 'medium')::int as v_medium,
      (select count(*) from violations where status in ('open','triaged') and severity = 'high')::int as v_high,
      (select count(*) from violations where status in ('open','triaged') and severity = 'critical')::int as v_critical,
      (select count(*) from audit_events where time > now() - interval '24 hours')::int as events24,
      coalesce((select fleet_frozen from control_state where id = 1), false) as frozen
  `)) as unknown as { rows: Record<string, number | boolean>[] };
  const r = rows.rows[0];
  const n = (k: string) => Number(r[k] ?? 0);
  const bySev = { low: n("v_low"), medium: n("v_medium"), high: n("v_high"), critical: n("v_critical") };
  return {
    agentsByStatus: { active: n("active"), suspended: n("suspended"), retired: n("retired") },
    pendingApprovals: n("pending"),
    openViolations: n("v_open"),
    triagedViolations: n("v_triaged"),
    violationsBySeverity: bySev,
    eventsLast24h: n("events24"),
    fleetFrozen: Boolean(r.frozen),
  };
}
