import { and, asc, desc, eq, inArray, like, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accessReviews, agentScopes, agentTokens, agents, approvalRequests, auditEvents, shadowAgents, teams, users, violations } from "@/db/schema";
import { agentFilterSchema, type AgentFilterInput, type RiskLevel } from "./schemas";
import { settingValue } from "@/lib/settings/queries";

export { createAgent, updateAgent } from "./write";
export type { AgentScope, AuditEvent } from "@/db/schema";
export { UUID_RE, findAgent, requireAgent } from "./lookup";
import { findAgent } from "./lookup";
import { auditEventColumns } from "@/lib/audit/payload-store";

/**
 * Risk, derived in SQL so the inventory can filter and sort on it server-side:
 *
 *   score = breadth + recent violations
 *   breadth = Σ over the agent's scope entries that are not expired:
 *               8 for a universal pattern (`*`, `**`, `**\/*`, `*\/*`, `*\/**`),
 *               3 for any other pattern containing `*`, 1 for an exact one;
 *             + 6 per environment entry naming production (`%prod%`);
 *             + 4 per tool entry granting an unrestricted shell or every tool (`Bash`, `*`)
 *   recent violations = Σ over open/triaged violations seen in the last 30 days:
 *               critical 15, high 8, medium 4, low 2
 *   level: high ≥ 40, medium ≥ 20, low otherwise.
 */
export const RISK_THRESHOLDS = { high: 40, medium: 20 } as const;

export function riskLevel(score: number): RiskLevel {
  return score >= RISK_THRESHOLDS.high ? "high" : score >= RISK_THRESHOLDS.medium ? "medium" : "low";
}

export interface AgentRow {
  id: string;
  slug: string;
  name: string;
  kind: string;
  role: string;
  status: "active" | "suspended" | "retired";
  teamSlug: string;
  teamName: string;
  sponsorEmail: string;
  sponsorName: string;
  model: string;
  toolchainVersion: string;
  riskScore: number;
  risk: RiskLevel;
  lastSeenAt: Date | null;
  openViolations: number;
  pendingApprovals: number;
  lastReviewAt: Date | null;
  reviewOverdue: boolean;
  createdAt: Date;
}

const SORT_SQL: Record<string, string> = {
  name: "lower(x.name)",
  team: "x.team_slug",
  status: "x.status",
  kind: "x.kind",
  role: "x.role",
  risk: "x.risk_score",
  last_seen: "x.last_seen_at",
  violations: "x.open_violations",
  approvals: "x.pending_approvals",
  created: "x.created_at",
};

const toDate = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

/** One query (CTEs + window count), no N+1: the inventory page, the CSV export and the API. */
export async function listAgents(db: Db, filterInput: AgentFilterInput = {}, opts: { ids?: string[] } = {}) {
  const f = agentFilterSchema.parse(filterInput);
  const period = await settingValue(db, "reviewPeriodDays");
  const where: SQL[] = [sql`true`];
  if (f.team) where.push(sql`t.slug = ${f.team}`);
  if (f.status) where.push(sql`a.status = ${f.status}`);
  if (f.kind) where.push(sql`a.kind = ${f.kind}`);
  if (f.role) where.push(sql`a.role = ${f.role}`);
  if (opts.ids)
    where.push(
      opts.ids.length
        ? sql`a.id in (${sql.join(
            opts.ids.map((i) => sql`${i}::uuid`),
            sql`, `,
          )})`
        : sql`false`,
    );
  if (f.q) {
    const q = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(a.name ilike ${q} or a.slug ilike ${q} or a.role ilike ${q} or a.model ilike ${q} or u.email ilike ${q} or t.slug ilike ${q})`);
  }
  const outer: SQL[] = [sql`true`];
  if (f.risk) outer.push(sql`x.risk_level = ${f.risk}`);
  if (f.overdue) outer.push(sql`x.review_overdue`);
  const order = sql.raw(`${SORT_SQL[f.sort]} ${f.dir === "desc" ? "desc nulls last" : "asc nulls first"}, x.slug asc`);
  const offset = (f.page - 1) * f.pageSize;

  const res = await db.execute(sql`
    with s as (
      select agent_id, sum(
        case when pattern in ('*', '**', '**/*', '*/*', '*/**') then 8 when position('*' in pattern) > 0 then 3 else 1 end
        + case when dimension = 'environment' and pattern ilike '%prod%' then 6 else 0 end
        + case when dimension = 'tool' and pattern in ('Bash', '*') then 4 else 0 end
      )::int as breadth
      from agent_scopes where valid_until is null or valid_until > now() group by agent_id
    ), v as (
      select agent_id,
        count(*)::int as open_violations,
        coalesce(sum(case severity when 'critical' then 15 when 'high' then 8 when 'medium' then 4 else 2 end)
          filter (where last_seen_at > now() - interval '30 days'), 0)::int as points
      from violations where agent_id is not null and status in ('open', 'triaged') group by agent_id
    ), p as (
      select agent_id, count(*)::int as pending from approval_requests where status = 'pending' group by agent_id
    ), r as (
      select agent_id, max(created_at) as last_review from access_reviews group by agent_id
    ), tk as (
      select agent_id, max(last_used_at) as last_used from agent_tokens group by agent_id
    ), base as (
      select a.id, a.slug, a.name, a.kind, a.role, a.status, a.model, a.toolchain_version, a.created_at,
        t.slug as team_slug, t.name as team_name, u.email as sponsor_email, u.name as sponsor_name,
        coalesce(s.breadth, 0) + coalesce(v.points, 0) as risk_score,
        nullif(greatest(coalesce(a.last_seen_at, 'epoch'), coalesce(tk.last_used, 'epoch')), 'epoch'::timestamptz) as last_seen_at,
        coalesce(v.open_violations, 0) as open_violations,
        coalesce(p.pending, 0) as pending_approvals,
        r.last_review,
        (a.status <> 'retired' and coalesce(r.last_review, a.created_at)
          < now() - make_interval(days => coalesce(a.review_period_days, ${period}::int))) as review_overdue
      from agents a
      join teams t on t.id = a.team_id
      join users u on u.id = a.sponsor_id
      left join s on s.agent_id = a.id
      left join v on v.agent_id = a.id
      left join p on p.agent_id = a.id
      left join r on r.agent_id = a.id
      left join tk on tk.agent_id = a.id
      where ${sql.join(where, sql` and `)}
    )
    select x.*, count(*) over ()::int as total from (
      select base.*, case when risk_score >= ${RISK_THRESHOLDS.high} then 'high'
        when risk_score >= ${RISK_THRESHOLDS.medium} then 'medium' else 'low' end as risk_level
      from base
    ) x
    where ${sql.join(outer, sql` and `)}
    order by ${order}
    limit ${f.pageSize} offset ${offset}`);
  const rows = (res as unknown as { rows: Record<string, unknown>[] }).rows;
  const total = rows.length ? Number(rows[0].total) : offset > 0 ? await countOnly(db, filterInput) : 0;
  return {
    rows: rows.map((r): AgentRow => ({
      id: String(r.id),
      slug: String(r.slug),
      name: String(r.name),
      kind: String(r.kind),
      role: String(r.role),
      status: r.status as AgentRow["status"],
      teamSlug: String(r.team_slug),
      teamName: String(r.team_name),
      sponsorEmail: String(r.sponsor_email),
      sponsorName: String(r.sponsor_name),
      model: String(r.model),
      toolchainVersion: String(r.toolchain_version),
      riskScore: Number(r.risk_score),
      risk: r.risk_level as RiskLevel,
      lastSeenAt: toDate(r.last_seen_at),
      openViolations: Number(r.open_violations),
      pendingApprovals: Number(r.pending_approvals),
      lastReviewAt: toDate(r.last_review),
      reviewOverdue: Boolean(r.review_overdue),
      createdAt: toDate(r.created_at) as Date,
    })),
    total,
    page: f.page,
    pageSize: f.pageSize,
    filter: f,
  };
}

// A page past the end: still report how many rows the filter has.
async function countOnly(db: Db, filterInput: AgentFilterInput): Promise<number> {
  const r = await listAgents(db, { ...filterInput, page: 1, pageSize: 1 });
  return r.total;
}

export async function scopesOf(db: Db, agentId: string) {
  return db.select().from(agentScopes).where(eq(agentScopes.agentId, agentId)).orderBy(asc(agentScopes.dimension), asc(agentScopes.createdAt));
}

/** Everything the detail page and the API show about one agent (a few small indexed reads). */
export async function getAgent(db: Db, idOrSlug: string) {
  const agent = await findAgent(db, idOrSlug);
  if (!agent) return undefined;
  const [summary, [team], [sponsor], scopes, tokens, reviews] = await Promise.all([
    listAgents(db, { pageSize: 1 }, { ids: [agent.id] }),
    db.select().from(teams).where(eq(teams.id, agent.teamId)),
    db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, agent.sponsorId)),
    scopesOf(db, agent.id),
    db
      .select({
        id: agentTokens.id,
        name: agentTokens.name,
        prefix: agentTokens.prefix,
        createdAt: agentTokens.createdAt,
        expiresAt: agentTokens.expiresAt,
        revokedAt: agentTokens.revokedAt,
        lastUsedAt: agentTokens.lastUsedAt,
        rotatedFromId: agentTokens.rotatedFromId,
      })
      .from(agentTokens)
      .where(eq(agentTokens.agentId, agent.id))
      .orderBy(desc(agentTokens.createdAt))
      .limit(50),
    db
      .select({ id: accessReviews.id, outcome: accessReviews.outcome, notes: accessReviews.notes, createdAt: accessReviews.createdAt, reviewer: users.email })
      .from(accessReviews)
      .innerJoin(users, eq(users.id, accessReviews.reviewerId))
      .where(eq(accessReviews.agentId, agent.id))
      .orderBy(desc(accessReviews.createdAt))
      .limit(50),
  ]);
  return { agent, team, sponsor, scopes, tokens, reviews, summary: summary.rows[0] };
}

/** Activity panels of the detail page: lifecycle history, recent events, violations, approvals. */
export async function agentActivity(db: Db, agentId: string) {
  const [lifecycle, recent, viols, approvals] = await Promise.all([
    db
      .select(auditEventColumns())
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, agentId), like(auditEvents.type, "agent.%")))
      .orderBy(desc(auditEvents.seq))
      .limit(50),
    db.select(auditEventColumns()).from(auditEvents).where(eq(auditEvents.agentId, agentId)).orderBy(desc(auditEvents.seq)).limit(20),
    db.select().from(violations).where(eq(violations.agentId, agentId)).orderBy(desc(violations.lastSeenAt)).limit(20),
    db.select().from(approvalRequests).where(eq(approvalRequests.agentId, agentId)).orderBy(desc(approvalRequests.createdAt)).limit(20),
  ]);
  return { lifecycle, recent, violations: viols, approvals };
}

export async function listShadowAgents(db: Db) {
  return db.select().from(shadowAgents).orderBy(asc(shadowAgents.blocked), desc(shadowAgents.lastSeenAt)).limit(500);
}

/** Options for the register/edit form and the filters. */
export async function registryOptions(db: Db) {
  const [teamRows, people, roles] = await Promise.all([
    db.select({ id: teams.id, slug: teams.slug, name: teams.name }).from(teams).orderBy(asc(teams.slug)),
    db
      .select({ id: users.id, email: users.email, name: users.name, teamId: users.teamId })
      .from(users)
      .where(eq(users.disabled, false))
      .orderBy(asc(users.email)),
    db.selectDistinct({ role: agents.role }).from(agents).orderBy(asc(agents.role)),
  ]);
  return { teams: teamRows, people, roles: roles.map((r) => r.role) };
}

export async function agentsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.select().from(agents).where(inArray(agents.id, ids));
}
