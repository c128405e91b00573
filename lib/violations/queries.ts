import "server-only";
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, auditEvents, teams, users, violationActivity, violationEvidence, violations } from "@/db/schema";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { PAGE_SIZE, type ViolationFilter } from "./schemas";

const STATUS_ORDER = sql`array_position(ARRAY['open','triaged','resolved','false_positive']::text[], ${violations.status}::text)`;
const SEVERITY_DESC = sql`array_position(ARRAY['critical','high','medium','low']::text[], ${violations.severity}::text)`;

function whereOf(f: Partial<ViolationFilter>): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  if (f.kind) c.push(eq(violations.kind, f.kind));
  if (f.severity) c.push(eq(violations.severity, f.severity));
  if (f.status) c.push(eq(violations.status, f.status));
  if (f.agent) c.push(or(eq(violations.agentSlug, f.agent), eq(agents.slug, f.agent), sql`${violations.agentId}::text = ${f.agent}`));
  if (f.team) c.push(eq(teams.slug, f.team));
  if (f.assignee === "none") c.push(isNull(violations.assigneeId));
  else if (f.assignee) c.push(eq(violations.assigneeId, f.assignee));
  if (f.from) c.push(gte(violations.lastSeenAt, f.from));
  if (f.to) c.push(lte(violations.firstSeenAt, f.to));
  return c.length ? and(...c) : undefined;
}

const LIST_COLUMNS = {
  id: violations.id,
  kind: violations.kind,
  severity: violations.severity,
  status: violations.status,
  title: violations.title,
  explanation: violations.explanation,
  count: violations.count,
  firstSeenAt: violations.firstSeenAt,
  lastSeenAt: violations.lastSeenAt,
  agentId: violations.agentId,
  agentSlug: sql<string | null>`coalesce(${agents.slug}, ${violations.agentSlug})`,
  teamSlug: teams.slug,
  assigneeId: violations.assigneeId,
  assigneeName: users.name,
};

function baseQuery(db: Db) {
  return db
    .select(LIST_COLUMNS)
    .from(violations)
    .leftJoin(agents, eq(agents.id, violations.agentId))
    .leftJoin(teams, eq(teams.id, agents.teamId))
    .leftJoin(users, eq(users.id, violations.assigneeId));
}

/** Open first, then by severity, then most recent; offset pages (grouping keeps this table small). */
export async function listViolations(db: Db, f: ViolationFilter) {
  const where = whereOf(f);
  const rows = await baseQuery(db)
    .where(where)
    .orderBy(STATUS_ORDER, SEVERITY_DESC, desc(violations.lastSeenAt), asc(violations.id))
    .limit(PAGE_SIZE)
    .offset((f.page - 1) * PAGE_SIZE);
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(violations)
    .leftJoin(agents, eq(agents.id, violations.agentId))
    .leftJoin(teams, eq(teams.id, agents.teamId))
    .where(where);
  return { rows, total: Number(n) };
}
export type ViolationRow = Awaited<ReturnType<typeof listViolations>>["rows"][number];

/** Every matching row, in pages of 500, for the CSV export. */
export async function* iterateViolations(db: Db, f: Partial<ViolationFilter>) {
  const where = whereOf(f);
  for (let offset = 0; ; offset += 500) {
    const rows = await baseQuery(db)
      .where(where)
      .orderBy(STATUS_ORDER, SEVERITY_DESC, desc(violations.lastSeenAt), asc(violations.id))
      .limit(500)
      .offset(offset);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < 500) return;
  }
}

export async function getViolation(db: Db, id: string) {
  const [row] = await baseQuery(db).where(eq(violations.id, id)).limit(1);
  if (!row) return undefined;
  const [extra] = await db
    .select({ details: violations.details, agentStatus: agents.status, agentName: agents.name, groupKey: violations.groupKey })
    .from(violations)
    .leftJoin(agents, eq(agents.id, violations.agentId))
    .where(eq(violations.id, id));
  return { ...row, ...extra };
}
export type ViolationDetail = NonNullable<Awaited<ReturnType<typeof getViolation>>>;

const EVENT_SUMMARY = {
  seq: auditEvents.seq,
  time: auditEvents.time,
  type: auditEvents.type,
  actionType: auditEvents.actionType,
  tool: auditEvents.tool,
  resource: auditEvents.resource,
  command: auditEvents.command,
  decision: auditEvents.decision,
  ruleId: auditEvents.ruleId,
  outcome: auditEvents.outcome,
  sessionId: auditEvents.sessionId,
  redactions: auditEvents.redactions,
};

export async function listEvidence(db: Db, violationId: string, limit = 100) {
  const rows = await db
    .select(EVENT_SUMMARY)
    .from(violationEvidence)
    .innerJoin(auditEvents, eq(auditEvents.seq, violationEvidence.eventSeq))
    .where(eq(violationEvidence.violationId, violationId))
    .orderBy(desc(auditEvents.seq))
    .limit(limit);
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(violationEvidence)
    .where(eq(violationEvidence.violationId, violationId));
  return { rows, total: Number(n) };
}

export async function listAgentRecentEvents(db: Db, agent: { id: string | null; slug: string | null }, limit = 15) {
  const cond = agent.id ? eq(auditEvents.agentId, agent.id) : agent.slug ? eq(auditEvents.agentSlug, agent.slug) : undefined;
  if (!cond) return [];
  // what the agent did: people's acts about it (triage, kill) are theirs, not the agent's events
  return db
    .select(EVENT_SUMMARY)
    .from(auditEvents)
    .where(and(cond, eq(auditEvents.actorKind, "agent")))
    .orderBy(desc(auditEvents.seq))
    .limit(limit);
}

export async function listAgentOtherViolations(db: Db, v: { id: string; agentId: string | null; agentSlug: string | null }, limit = 10) {
  const cond = v.agentId ? eq(violations.agentId, v.agentId) : v.agentSlug ? eq(violations.agentSlug, v.agentSlug) : undefined;
  if (!cond) return [];
  return db
    .select({
      id: violations.id,
      kind: violations.kind,
      severity: violations.severity,
      status: violations.status,
      title: violations.title,
      count: violations.count,
      lastSeenAt: violations.lastSeenAt,
    })
    .from(violations)
    .where(and(cond, sql`${violations.id} <> ${v.id}`))
    .orderBy(desc(violations.lastSeenAt))
    .limit(limit);
}

export async function listActivity(db: Db, violationId: string) {
  return db
    .select({
      id: violationActivity.id,
      action: violationActivity.action,
      fromStatus: violationActivity.fromStatus,
      toStatus: violationActivity.toStatus,
      note: violationActivity.note,
      createdAt: violationActivity.createdAt,
      userName: users.name,
      userEmail: users.email,
    })
    .from(violationActivity)
    .leftJoin(users, eq(users.id, violationActivity.userId))
    .where(eq(violationActivity.violationId, violationId))
    .orderBy(desc(violationActivity.createdAt));
}

/** People who may be assigned a violation: those whose role holds violations:triage. */
export async function listTriagers(db: Db) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(inArray(users.role, [...PERMISSIONS["violations:triage"]]), eq(users.disabled, false)))
    .orderBy(asc(users.name));
}

export async function listFilterOptions(db: Db) {
  const [agentRows, teamRows, kindRows] = await Promise.all([
    db.select({ slug: agents.slug }).from(agents).orderBy(asc(agents.slug)).limit(500),
    db.select({ slug: teams.slug, name: teams.name }).from(teams).orderBy(asc(teams.slug)),
    db.selectDistinct({ kind: violations.kind }).from(violations).orderBy(asc(violations.kind)),
  ]);
  return { agents: agentRows.map((a) => a.slug), teams: teamRows, kinds: kindRows.map((k) => k.kind) };
}
