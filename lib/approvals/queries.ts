import { and, asc, desc, eq, gte, ilike, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, approvalRequests, auditEvents, users, type ApprovalRequest } from "@/db/schema";
import { appendAuditEvents, type AuditInput } from "@/lib/audit/record";
import { AppError, conflict, notFound } from "@/lib/http/errors";
import { processSingleton } from "@/lib/util/global";
import { isInitiator, normalizeEmail } from "./initiators";

export type ApprovalStatus = ApprovalRequest["status"];

/**
 * Marks pending requests past their expiry as expired (default-deny on timeout), with one
 * `approval.expire` audit event each. Runs lazily on every read and in a periodic sweep.
 */
export async function expireDue(db: Db, opts: { ids?: string[] } = {}): Promise<number> {
  return db.transaction(async (txx) => {
    const tx = txx as unknown as Db;
    const now = new Date();
    const expired = await tx
      .update(approvalRequests)
      .set({ status: "expired", decidedAt: sql`${approvalRequests.expiresAt}`, reason: "Expired without a decision (default deny)." })
      .where(
        and(
          eq(approvalRequests.status, "pending"),
          lte(approvalRequests.expiresAt, now),
          opts.ids ? inArray(approvalRequests.id, opts.ids) : undefined,
        ),
      )
      .returning({ id: approvalRequests.id, agentId: approvalRequests.agentId, expiresAt: approvalRequests.expiresAt });
    if (expired.length) {
      await appendAuditEvents(
        tx,
        expired.map((e) => ({ actorKind: "system", type: "approval.expire", agentId: e.agentId, approvalId: e.id, decision: "deny", outcome: "expired", payload: { expires_at: e.expiresAt.toISOString() } })),
      );
    }
    return expired.length;
  });
}

/** Starts (once per process) the periodic expiry sweep. */
export function ensureExpirySweep(db: Db, everyMs = 15_000) {
  processSingleton("approval-expiry-sweep", () => {
    const t = setInterval(() => void expireDue(db).catch(() => {}), everyMs);
    t.unref();
    return t;
  });
}

/** An approval as its requesting agent sees it; another agent's → 404. */
export async function getApprovalForAgent(db: Db, id: string, agentId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound("No such approval request.");
  const load = () => db.select().from(approvalRequests).where(and(eq(approvalRequests.id, id), eq(approvalRequests.agentId, agentId))).limit(1);
  let [row] = await load();
  if (!row) throw notFound("No such approval request.");
  if (row.status === "pending" && row.expiresAt <= new Date()) {
    await expireDue(db, { ids: [id] });
    [row] = await load();
  }
  return row;
}

export function approvalView(r: ApprovalRequest) {
  return {
    id: r.id,
    status: r.status,
    decided_by: r.decidedByLabel,
    decided_at: r.decidedAt?.toISOString() ?? null,
    reason: r.reason,
    expires_at: r.expiresAt.toISOString(),
    // when the approval was used by a call (an approval grants one call)
    used_at: r.usedAt?.toISOString() ?? null,
  };
}

export interface Decider {
  id: string;
  email: string;
}

/**
 * Approve or deny one pending request. Segregation of duties is enforced here, on the
 * server: nobody who initiated the request — the session's person, or the person behind a
 * repeat that was merged into it — can decide it. The update is conditional on `pending` and
 * on the approver still not being an initiator, in one statement, so two approvers racing
 * cannot both decide and an initiator merged in meanwhile cannot slip through.
 */
export async function decideApproval(db: Db, input: { id: string; decision: "approve" | "deny"; reason: string }, who: Decider) {
  const [req] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, input.id)).limit(1);
  if (!req) throw notFound("No such approval request.");
  if (isInitiator(req, who.email)) throw segregation();
  if (req.status === "pending" && req.expiresAt <= new Date()) {
    await expireDue(db, { ids: [req.id] });
    throw conflict("This request has expired; it counts as denied.");
  }
  if (req.status !== "pending") throw conflict(`This request is already ${req.status}.`);
  const status = input.decision === "approve" ? "approved" : "denied";
  const email = normalizeEmail(who.email) ?? "";
  return db.transaction(async (txx) => {
    const tx = txx as unknown as Db;
    const now = new Date();
    const [row] = await tx
      .update(approvalRequests)
      .set({ status, decidedBy: who.id, decidedByLabel: who.email, decidedAt: now, reason: input.reason })
      .where(
        and(
          eq(approvalRequests.id, req.id),
          eq(approvalRequests.status, "pending"),
          sql`NOT (${email} = ANY(${approvalRequests.initiators}))`,
          sql`${approvalRequests.initiatedBy} IS DISTINCT FROM ${email}`,
        ),
      )
      .returning();
    if (!row) {
      const [now2] = await tx.select().from(approvalRequests).where(eq(approvalRequests.id, req.id)).limit(1);
      if (now2 && isInitiator(now2, who.email)) throw segregation();
      throw conflict("Someone else decided this request a moment ago.");
    }
    const [agent] = await tx.select({ slug: agents.slug }).from(agents).where(eq(agents.id, row.agentId)).limit(1);
    const event: AuditInput = {
      actorKind: "human",
      actorUserId: who.id,
      actorLabel: who.email,
      type: input.decision === "approve" ? "approval.approve" : "approval.deny",
      agentId: row.agentId,
      agentSlug: agent?.slug ?? null,
      initiatedBy: row.initiatedBy,
      sessionId: row.sessionId,
      actionType: row.actionType,
      resource: row.resource,
      command: row.command,
      decision: input.decision === "approve" ? "allow" : "deny",
      decisionId: row.decisionId,
      ruleId: row.ruleId,
      policyVersion: row.policyVersion,
      approvalId: row.id,
      outcome: status,
      payload: { reason: input.reason, risk: row.risk, waited_ms: now.getTime() - row.createdAt.getTime() },
    };
    await appendAuditEvents(tx, [event]);
    return row;
  });
}

function segregation() {
  return new AppError(403, "segregation_of_duties", "You initiated this request, so someone else must decide it.");
}

/**
 * A repeat of a waiting request, started by `email`, was merged into it: record them as an
 * initiator so they cannot approve it. False when the request is no longer pending (decided
 * meanwhile); callers must not treat the merge as recorded then.
 */
export async function addInitiator(db: Db, id: string, email: string | null | undefined): Promise<boolean> {
  const who = normalizeEmail(email);
  const rows = await db
    .update(approvalRequests)
    .set({
      initiators: who ? sql`CASE WHEN ${who} = ANY(${approvalRequests.initiators}) THEN ${approvalRequests.initiators} ELSE array_append(${approvalRequests.initiators}, ${who}::text) END` : sql`${approvalRequests.initiators}`,
    })
    .where(and(eq(approvalRequests.id, id), eq(approvalRequests.status, "pending")))
    .returning({ id: approvalRequests.id });
  return rows.length === 1;
}

/** Denies many; returns what happened to each (own requests and decided ones are skipped). */
export async function bulkDeny(db: Db, ids: string[], reason: string, who: Decider) {
  const results: { id: string; ok: boolean; error?: string }[] = [];
  for (const id of ids) {
    try {
      await decideApproval(db, { id, decision: "deny", reason }, who);
      results.push({ id, ok: true });
    } catch (e) {
      results.push({ id, ok: false, error: e instanceof Error ? e.message : "failed" });
    }
  }
  return results;
}

const listColumns = {
  id: approvalRequests.id,
  agentId: approvalRequests.agentId,
  agentSlug: agents.slug,
  agentName: agents.name,
  agentStatus: agents.status,
  agentKind: agents.kind,
  sponsorEmail: users.email,
  sessionId: approvalRequests.sessionId,
  initiatedBy: approvalRequests.initiatedBy,
  actionType: approvalRequests.actionType,
  action: approvalRequests.action,
  resource: approvalRequests.resource,
  command: approvalRequests.command,
  justification: approvalRequests.justification,
  ruleId: approvalRequests.ruleId,
  policyVersion: approvalRequests.policyVersion,
  risk: approvalRequests.risk,
  status: approvalRequests.status,
  decidedByLabel: approvalRequests.decidedByLabel,
  decidedAt: approvalRequests.decidedAt,
  reason: approvalRequests.reason,
  expiresAt: approvalRequests.expiresAt,
  createdAt: approvalRequests.createdAt,
  seq: approvalRequests.seq,
};

export type ApprovalListRow = Awaited<ReturnType<typeof listPending>>[number];

/**
 * The queue: pending and not expired, riskiest and longest-waiting first (risk plus up to 30
 * points for the minutes waited, so nothing old starves behind newer risky requests).
 */
export async function listPending(db: Db, limit = 200) {
  await expireDue(db);
  return db
    .select(listColumns)
    .from(approvalRequests)
    .innerJoin(agents, eq(agents.id, approvalRequests.agentId))
    .leftJoin(users, eq(users.id, agents.sponsorId))
    .where(eq(approvalRequests.status, "pending"))
    .orderBy(
      desc(sql`${approvalRequests.risk} + LEAST(EXTRACT(EPOCH FROM (now() - ${approvalRequests.createdAt})) / 60, 30)`),
      asc(approvalRequests.createdAt),
    )
    .limit(limit);
}

/** One request with what the queue shows, for the approval page (expired first if due); null if none. */
export async function getApproval(db: Db, id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  await expireDue(db, { ids: [id] });
  const [row] = await db
    .select(listColumns)
    .from(approvalRequests)
    .innerJoin(agents, eq(agents.id, approvalRequests.agentId))
    .leftJoin(users, eq(users.id, agents.sponsorId))
    .where(eq(approvalRequests.id, id))
    .limit(1);
  return row ?? null;
}

export interface HistoryFilter {
  status?: Exclude<ApprovalStatus, "pending">;
  agent?: string;
  decidedBy?: string;
  q?: string;
  from?: Date;
  to?: Date;
  /** keyset: rows older than this seq */
  before?: number;
  limit?: number;
}

export async function listHistory(db: Db, f: HistoryFilter) {
  await expireDue(db);
  const conds: (SQL | undefined)[] = [
    f.status ? eq(approvalRequests.status, f.status) : sql`${approvalRequests.status} <> 'pending'`,
    f.agent ? eq(agents.slug, f.agent) : undefined,
    f.decidedBy ? ilike(approvalRequests.decidedByLabel, `%${f.decidedBy}%`) : undefined,
    f.q ? or(ilike(approvalRequests.actionType, `%${f.q}%`), ilike(approvalRequests.resource, `%${f.q}%`), ilike(approvalRequests.command, `%${f.q}%`)) : undefined,
    f.from ? gte(approvalRequests.createdAt, f.from) : undefined,
    f.to ? lt(approvalRequests.createdAt, f.to) : undefined,
    f.before ? lt(approvalRequests.seq, f.before) : undefined,
  ];
  return db
    .select(listColumns)
    .from(approvalRequests)
    .innerJoin(agents, eq(agents.id, approvalRequests.agentId))
    .leftJoin(users, eq(users.id, agents.sponsorId))
    .where(and(...conds))
    .orderBy(desc(approvalRequests.seq))
    .limit(f.limit ?? 50);
}

/** How many audit events ran under each approval (the history links to them). */
export async function actionsUnder(db: Db, ids: string[]) {
  if (!ids.length) return new Map<string, number>();
  const rows = await db
    .select({ id: auditEvents.approvalId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(auditEvents)
    .where(inArray(auditEvents.approvalId, ids))
    .groupBy(auditEvents.approvalId);
  return new Map(rows.map((r) => [r.id as string, r.n]));
}
