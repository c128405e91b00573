import { and, eq, sql } from "drizzle-orm";
import { transaction, type Db } from "@/db/client";
import { agents, teams, telemetryBudgets } from "@/db/schema";
import { appendAuditEvents } from "@/lib/audit/record";
import { badRequest, notFound } from "@/lib/http/errors";
import { auditActor, type Actor } from "@/lib/auth/actor";
import { periodStart, type BudgetPeriod } from "./budget-math";
import type { BudgetInput } from "./schemas";

/** Sets (creates or replaces) the budget of one agent or team for one period; audited in the same transaction. */
export async function saveBudget(db: Db, input: BudgetInput, actor: Actor) {
  const target =
    input.scope === "agent"
      ? (await db.select({ id: agents.id, slug: agents.slug }).from(agents).where(eq(agents.id, input.targetId)))[0]
      : (await db.select({ id: teams.id, slug: teams.slug }).from(teams).where(eq(teams.id, input.targetId)))[0];
  if (!target) throw badRequest(`No such ${input.scope}.`, [{ path: "targetId", message: "Unknown." }]);
  return transaction(db, async (tx) => {
    const key = input.scope === "agent" ? { agentId: target.id, teamId: null } : { agentId: null, teamId: target.id };
    const existing = await tx
      .select()
      .from(telemetryBudgets)
      .where(
        and(
          input.scope === "agent" ? eq(telemetryBudgets.agentId, target.id) : eq(telemetryBudgets.teamId, target.id),
          eq(telemetryBudgets.period, input.period),
        ),
      );
    const values = {
      ...key,
      period: input.period,
      limitUsd: String(input.limitUsd),
      thresholds: input.thresholds,
      autoSuspend: input.autoSuspend,
      updatedAt: new Date(),
    };
    const [row] = existing[0]
      ? await tx.update(telemetryBudgets).set(values).where(eq(telemetryBudgets.id, existing[0].id)).returning()
      : await tx
          .insert(telemetryBudgets)
          .values({ ...values, createdBy: actor.userId })
          .returning();
    await appendAuditEvents(tx, [
      {
        ...auditActor(actor),
        type: "budget.set",
        agentId: input.scope === "agent" ? target.id : null,
        agentSlug: input.scope === "agent" ? target.slug : null,
        resource: `${input.scope}:${target.slug}`,
        payload: {
          budget_id: row.id,
          before: existing[0] ? { limit_usd: Number(existing[0].limitUsd), thresholds: existing[0].thresholds, auto_suspend: existing[0].autoSuspend } : null,
          after: { period: input.period, limit_usd: input.limitUsd, thresholds: input.thresholds, auto_suspend: input.autoSuspend },
        },
      },
    ]);
    return row;
  });
}

export async function deleteBudget(db: Db, id: string, actor: Actor) {
  return transaction(db, async (tx) => {
    const [row] = await tx.delete(telemetryBudgets).where(eq(telemetryBudgets.id, id)).returning();
    if (!row) throw notFound("No such budget.");
    await appendAuditEvents(tx, [
      {
        ...auditActor(actor),
        type: "budget.delete",
        agentId: row.agentId,
        resource: row.agentId ? `agent:${row.agentId}` : `team:${row.teamId}`,
        payload: { budget_id: row.id, period: row.period, limit_usd: Number(row.limitUsd) },
      },
    ]);
    return row;
  });
}

export interface BudgetView {
  id: string;
  scope: "agent" | "team";
  targetId: string;
  target: string;
  period: BudgetPeriod;
  limitUsd: number;
  thresholds: number[];
  autoSuspend: boolean;
  spentUsd: number;
}

/** Every budget (or those of one agent and its team) with this period's spend. */
export async function listBudgets(db: Db, opts: { agentId?: string; now?: Date } = {}): Promise<BudgetView[]> {
  const now = opts.now ?? new Date();
  const month = periodStart("month", now).toISOString();
  const day = periodStart("day", now).toISOString();
  const where = opts.agentId
    ? sql`WHERE b.agent_id = ${opts.agentId}::uuid OR b.team_id = (SELECT team_id FROM agents WHERE id = ${opts.agentId}::uuid)`
    : sql``;
  const res = (await db.execute(sql`
    SELECT b.id, b.agent_id, b.team_id, b.period, b.limit_usd::float8 AS limit_usd, b.thresholds, b.auto_suspend,
           coalesce(a.slug, t.slug) AS target,
           (SELECT coalesce(sum(k.value), 0)::float8 FROM telemetry_buckets k
             WHERE k.kind = 'cost_usd'
               AND k.bucket_start >= (CASE WHEN b.period = 'day' THEN ${day}::timestamptz ELSE ${month}::timestamptz END)
               AND (k.agent_id = b.agent_id OR k.agent_id IN (SELECT id FROM agents WHERE team_id = b.team_id))) AS spent
      FROM telemetry_budgets b
      LEFT JOIN agents a ON a.id = b.agent_id
      LEFT JOIN teams t ON t.id = b.team_id
      ${where}
     ORDER BY target, b.period`)) as unknown as { rows: Record<string, unknown>[] };
  return res.rows.map((r) => ({
    id: String(r.id),
    scope: r.agent_id ? "agent" : "team",
    targetId: String(r.agent_id ?? r.team_id),
    target: String(r.target),
    period: r.period as BudgetPeriod,
    limitUsd: Number(r.limit_usd),
    thresholds: (r.thresholds as number[]) ?? [],
    autoSuspend: Boolean(r.auto_suspend),
    spentUsd: Number(r.spent),
  }));
}
