import { and, eq, inArray, or, sql } from "drizzle-orm";
import { transaction, type Db } from "@/db/client";
import { agents, teams, telemetryBudgetAlerts, telemetryBudgets, type TelemetryBudget } from "@/db/schema";
import { appendAuditEvents } from "@/lib/audit/record";
import { auditActor, machineActor } from "@/lib/auth/actor";
import { raiseViolations } from "@/lib/violations/raise";
import { enqueueAlertDeliveries } from "@/lib/violations/alerts";
import { killAgent } from "@/lib/registry/lifecycle";
import { crossedThresholds, periodStart, type BudgetPeriod } from "./budget-math";

/**
 * Budgets: after telemetry with cost arrives, the budgets of those agents and of their teams
 * are measured against the period's spend (the cost_usd buckets). Each threshold crossed for
 * the first time in a period is marked (telemetry_budget_alerts, so it alerts once), recorded in
 * the audit trail and raised as a violation — budget_threshold below 100 %, budget_exceeded at
 * 100 % — whose alert goes out through the violation webhooks (signed, retried). An agent budget
 * with auto_suspend suspends the agent through killAgent when it is first exceeded in a period;
 * a resume sticks until the next period.
 */

export interface BudgetHit {
  budgetId: string;
  threshold: number;
  spentUsd: number;
  violationId: string;
  suspended: boolean;
}

const SYSTEM = machineActor("budget");

async function spendFor(db: Db, b: TelemetryBudget, from: Date): Promise<number> {
  const who = b.agentId ? sql`agent_id = ${b.agentId}::uuid` : sql`agent_id IN (SELECT id FROM agents WHERE team_id = ${b.teamId}::uuid)`;
  const res = (await db.execute(sql`
    SELECT coalesce(sum(value), 0)::float8 AS spent FROM telemetry_buckets
     WHERE kind = 'cost_usd' AND bucket_start >= ${from.toISOString()}::timestamptz AND ${who}`)) as unknown as { rows: { spent: number }[] };
  return Number(res.rows[0]?.spent ?? 0);
}

export async function checkBudgets(db: Db, agentIds: string[], now = new Date()): Promise<BudgetHit[]> {
  if (agentIds.length === 0) return [];
  const teamIds = (await db.selectDistinct({ teamId: agents.teamId }).from(agents).where(inArray(agents.id, agentIds))).map((r) => r.teamId);
  const budgets = await db
    .select()
    .from(telemetryBudgets)
    .where(or(inArray(telemetryBudgets.agentId, agentIds), teamIds.length ? inArray(telemetryBudgets.teamId, teamIds) : sql`false`));
  const hits: BudgetHit[] = [];
  for (const b of budgets) {
    const from = periodStart(b.period as BudgetPeriod, now);
    const spent = await spendFor(db, b, from);
    const limit = Number(b.limitUsd);
    const crossed = crossedThresholds(spent, limit, b.thresholds);
    if (crossed.length === 0) continue;
    const fresh = await db
      .insert(telemetryBudgetAlerts)
      .values(crossed.map((threshold) => ({ budgetId: b.id, periodStart: from, threshold, spentUsd: spent })))
      .onConflictDoNothing()
      .returning({ threshold: telemetryBudgetAlerts.threshold });
    for (const { threshold } of fresh.sort((x, y) => x.threshold - y.threshold)) hits.push(await alertOnce(db, b, from, threshold, spent, limit));
  }
  return hits;
}

async function alertOnce(db: Db, b: TelemetryBudget, from: Date, threshold: number, spent: number, limit: number): Promise<BudgetHit> {
  const [agent] = b.agentId ? await db.select({ id: agents.id, slug: agents.slug, status: agents.status }).from(agents).where(eq(agents.id, b.agentId)) : [];
  const [team] = b.teamId ? await db.select({ slug: teams.slug }).from(teams).where(eq(teams.id, b.teamId)) : [];
  const who = agent ? `Agent ${agent.slug}` : `Team ${team?.slug ?? b.teamId}`;
  const exceeded = threshold >= 100;
  const kind = exceeded ? "budget_exceeded" : "budget_threshold";
  const money = (n: number) => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;
  const explanation = `${who} spent ${money(spent)} of its ${b.period === "day" ? "daily" : "monthly"} budget of ${money(limit)} (${threshold} % threshold) since ${from.toISOString().slice(0, 10)}.`;
  const violationId = await transaction(db, async (tx) => {
    const [ev] = await appendAuditEvents(tx, [
      {
        ...auditActor(SYSTEM),
        type: exceeded ? "budget.exceeded" : "budget.threshold",
        agentId: agent?.id ?? null,
        agentSlug: agent?.slug ?? null,
        resource: agent ? `agent:${agent.slug}` : `team:${team?.slug ?? b.teamId}`,
        outcome: exceeded ? "blocked" : "success",
        payload: {
          budget_id: b.id,
          period: b.period,
          period_start: from.toISOString(),
          limit_usd: limit,
          spent_usd: spent,
          threshold,
          auto_suspend: b.autoSuspend,
        },
      },
    ]);
    const res = await raiseViolations(tx, [
      {
        kind,
        severity: exceeded ? "high" : "medium",
        agentId: agent?.id ?? null,
        agentSlug: agent?.slug ?? null,
        title: exceeded ? `${who} exceeded its budget` : `${who} reached ${threshold} % of its budget`,
        explanation,
        evidenceSeqs: [Number(ev.seq)],
        groupKey: `${kind}:${b.id}:${from.toISOString()}:${threshold}`,
        details: { budgetId: b.id, period: b.period, limitUsd: limit, spentUsd: spent, threshold },
      },
    ]);
    // every new budget violation alerts (webhooks filter by their minimum severity)
    await enqueueAlertDeliveries(tx, res.created);
    const id = res.ids[0];
    await tx
      .update(telemetryBudgetAlerts)
      .set({ violationId: id })
      .where(and(eq(telemetryBudgetAlerts.budgetId, b.id), eq(telemetryBudgetAlerts.periodStart, from), eq(telemetryBudgetAlerts.threshold, threshold)));
    return id;
  });
  let suspended = false;
  if (exceeded && b.autoSuspend && agent && agent.status === "active") {
    await killAgent(db, agent.id, `budget exceeded: ${explanation}`, SYSTEM);
    suspended = true;
  }
  return { budgetId: b.id, threshold, spentUsd: spent, violationId, suspended };
}
