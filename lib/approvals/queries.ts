import { and, asc, desc, eq, gt, gte, ilike, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { type Db, transaction } from "@/db/client";
import { agents, approvalDecisions, approvalRequests, auditEvents, users, type ApprovalRequest } from "@/db/schema";
import { audited } from "@/lib/audit/audited";
import { appendAuditEvents, type AuditInput } from "@/lib/audit/record";
import { auditActor, type PersonActor } from "@/lib/auth/actor";
import { enqueueApprovalAlerts } from "./alerts";
import { describeGroup, eligibility, loadPerson, type ApproverSnapshot } from "./eligibility";
import { toItem } from "./view";
import { can } from "@/lib/auth/permissions";
import { AppError, conflict, notFound } from "@/lib/http/errors";
import { processSingleton } from "@/lib/util/global";
import { isInitiator, normalizeEmail } from "./initiators";

export type ApprovalStatus = ApprovalRequest["status"];

/**
 * Marks pending requests past their expiry as expired (default-deny on timeout), with one
 * `approval.expire` audit event each. Runs lazily on every read and in a periodic sweep.
 */
export async function expireDue(db: Db, opts: { ids?: string[] } = {}): Promise<number> {
  return transaction(db, async (tx) => {
    const now = new Date();
    const expired = await tx
      .update(approvalRequests)
      .set({ status: "expired", decidedAt: sql`${approvalRequests.expiresAt}`, reason: "Expired without a decision (default deny)." })
      .where(and(eq(approvalRequests.status, "pending"), lte(approvalRequests.expiresAt, now), opts.ids ? inArray(approvalRequests.id, opts.ids) : undefined))
      .returning({ id: approvalRequests.id, agentId: approvalRequests.agentId, expiresAt: approvalRequests.expiresAt });
    if (expired.length) {
      await appendAuditEvents(
        tx,
        expired.map((e) => ({
          actorKind: "system",
          type: "approval.expire",
          agentId: e.agentId,
          approvalId: e.id,
          decision: "deny",
          outcome: "expired",
          payload: { expires_at: e.expiresAt.toISOString() },
        })),
      );
    }
    return expired.length;
  });
}

/** Starts (once per process) the periodic sweep: expiry, then escalation (escalateDue). */
export function ensureExpirySweep(db: Db, everyMs = 15_000) {
  processSingleton("approval-expiry-sweep", () => {
    // expiry first: a request past its expiry is denied, never escalated
    const t = setInterval(
      () =>
        void expireDue(db)
          .then(() => escalateDue(db))
          .catch(() => {}),
      everyMs,
    );
    t.unref();
    return t;
  });
}

/** An approval as its requesting agent sees it; another agent's → 404. */
export async function getApprovalForAgent(db: Db, id: string, agentId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound("No such approval request.");
  const load = () =>
    db
      .select()
      .from(approvalRequests)
      .where(and(eq(approvalRequests.id, id), eq(approvalRequests.agentId, agentId)))
      .limit(1);
  let [row] = await load();
  if (!row) throw notFound("No such approval request.");
  if (row.status === "pending" && row.expiresAt <= new Date()) {
    await expireDue(db, { ids: [id] });
    [row] = await load();
  }
  // only a request that needs more than one approval has progress worth a second query
  if (row.approvalsRequired > 1) {
    const [c] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(approvalDecisions)
      .where(and(eq(approvalDecisions.approvalId, id), eq(approvalDecisions.decision, "approve")));
    return { ...row, approvals: c?.n ?? 0 };
  }
  return row;
}

export function approvalView(r: ApprovalRequest & { approvals?: number }) {
  return {
    id: r.id,
    status: r.status,
    decided_by: r.decidedByLabel,
    decided_at: r.decidedAt?.toISOString() ?? null,
    reason: r.reason,
    expires_at: r.expiresAt.toISOString(),
    // when the approval was used by a call (an approval grants one call)
    used_at: r.usedAt?.toISOString() ?? null,
    // N of M (issue 21): distinct approvals needed and given so far; pending until they are in
    approvals_required: r.approvalsRequired,
    approvals: r.approvals ?? (r.status === "approved" ? r.approvalsRequired : 0),
  };
}

/** One decision: `via` is where it is taken (web, slack…), recorded with it; web when not said. */
export interface DecisionInput {
  id: string;
  decision: "approve" | "deny";
  reason: string;
  via?: string;
}

/**
 * Approve or deny one pending request, as one person's decision (issue 21: N of M).
 *
 * Who may decide is `eligibility` (lib/approvals/eligibility.ts): never an initiator (the
 * session's person, or the person behind a repeat merged into it), only someone the rule's
 * approver spec names (or its escalation group once escalated), judged on the person as the
 * database has them now. The decision is taken under the request's row lock (SELECT … FOR
 * UPDATE), so decisions on one request are serialised: two approvers at once each count exactly
 * once, an initiator merged in meanwhile is seen, and the unique (request, person) index makes
 * the same person's second approval count once. Any eligible deny denies; the request is
 * approved when `approvals_required` distinct eligible people approved; until then it stays
 * pending (the agent's poll sees pending). Each decision — partial or final — is an audit event
 * in the same transaction.
 */
export async function decideApproval(db: Db, input: DecisionInput, who: PersonActor) {
  const [req] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, input.id)).limit(1);
  if (!req) throw notFound("No such approval request.");
  if (isInitiator(req, who.email)) throw segregation();
  if (req.status === "pending" && req.expiresAt <= new Date()) {
    await expireDue(db, { ids: [req.id] });
    throw conflict("This request has expired; it counts as denied.");
  }
  if (req.status !== "pending") throw conflict(`This request is already ${req.status}.`);
  // an escalation that is due happens before the decision is judged (as expiry does)
  if (req.escalatedAt === null && (req.approvers as ApproverSnapshot | null)?.escalation) await escalateDue(db, { ids: [req.id] });
  // judged on the person as the database has them (role, team, email), not on what the caller says
  const person = await loadPerson(db, who.userId);
  const email = normalizeEmail(person?.email ?? who.email) ?? "";
  const status = input.decision === "approve" ? "approved" : "denied";
  return audited(db, async (tx) => {
    const now = new Date();
    const [locked] = await tx.select().from(approvalRequests).where(eq(approvalRequests.id, req.id)).for("update");
    if (!locked) throw notFound("No such approval request.");
    if (isInitiator(locked, who.email)) throw segregation();
    if (locked.status !== "pending") throw conflict("Someone else decided this request a moment ago.");
    if (locked.expiresAt <= now) throw conflict("This request has expired; it counts as denied.");
    const verdict = eligibility(locked, person);
    if (!verdict.ok) throw new AppError(403, verdict.code, verdict.message);
    const [mine] = await tx
      .insert(approvalDecisions)
      .values({ approvalId: locked.id, userId: who.userId, email, decision: input.decision, reason: input.reason, via: input.via ?? "web", createdAt: now })
      .onConflictDoNothing()
      .returning({ id: approvalDecisions.id });
    if (!mine) throw conflict("You have already decided this request; it needs another approver.");
    const approvers = await tx
      .select({ email: approvalDecisions.email })
      .from(approvalDecisions)
      .where(and(eq(approvalDecisions.approvalId, locked.id), eq(approvalDecisions.decision, "approve")))
      .orderBy(asc(approvalDecisions.createdAt), asc(approvalDecisions.email));
    const final = input.decision === "deny" || approvers.length >= locked.approvalsRequired;
    let row = locked;
    if (final) {
      const [updated] = await tx
        .update(approvalRequests)
        .set({ status, decidedBy: who.userId, decidedByLabel: who.label, decidedAt: now, reason: input.reason })
        .where(and(eq(approvalRequests.id, locked.id), eq(approvalRequests.status, "pending")))
        .returning();
      row = updated;
    }
    const [agent] = await tx.select({ slug: agents.slug }).from(agents).where(eq(agents.id, row.agentId)).limit(1);
    const event: AuditInput = {
      ...auditActor(who),
      // a partial approval is recorded as such; the one that completes N of M (or any deny) decides
      type: !final ? "approval.partial" : input.decision === "approve" ? "approval.approve" : "approval.deny",
      agentId: row.agentId,
      agentSlug: agent?.slug ?? null,
      initiatedBy: row.initiatedBy,
      sessionId: row.sessionId,
      actionType: row.actionType,
      resource: row.resource,
      command: row.command,
      decision: !final ? null : input.decision === "approve" ? "allow" : "deny",
      decisionId: row.decisionId,
      ruleId: row.ruleId,
      policyVersion: row.policyVersion,
      approvalId: row.id,
      outcome: final ? status : "pending",
      payload: {
        reason: input.reason,
        risk: row.risk,
        waited_ms: now.getTime() - row.createdAt.getTime(),
        approvals: approvers.length,
        approvals_required: row.approvalsRequired,
        approved_by: approvers.map((a) => a.email),
        eligible_as: verdict.as,
        ...(input.via && input.via !== "web" ? { via: input.via } : {}),
      },
    };
    return { result: { ...row, approvals: approvers.length }, events: [event] };
  });
}

/**
 * Escalates pending requests whose rule names an escalation group and that have waited its
 * `after_seconds` without reaching their approvals: sets escalated_at once (a conditional update,
 * so two sweeps escalate a request once), queues the approval alert again through the alert
 * webhooks (lib/approvals/alerts.ts) for the escalation group, and records `approval.escalate`
 * — all in one transaction. From then on the group may approve too. Run by the periodic sweep and
 * lazily before a decision; `now` lets tests move time without sleeping.
 */
export async function escalateDue(db: Db, opts: { ids?: string[]; now?: Date } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  return audited(db, async (tx) => {
    const rows = await tx
      .update(approvalRequests)
      .set({ escalatedAt: now })
      .where(
        and(
          eq(approvalRequests.status, "pending"),
          isNull(approvalRequests.escalatedAt),
          gt(approvalRequests.expiresAt, now),
          sql`${approvalRequests.approvers} ? 'escalation'`,
          sql`${approvalRequests.createdAt} + make_interval(secs => (${approvalRequests.approvers} -> 'escalation' ->> 'after_seconds')::int) <= ${now.toISOString()}::timestamptz`,
          opts.ids ? inArray(approvalRequests.id, opts.ids) : undefined,
        ),
      )
      .returning({
        id: approvalRequests.id,
        agentId: approvalRequests.agentId,
        ruleId: approvalRequests.ruleId,
        approvers: approvalRequests.approvers,
        createdAt: approvalRequests.createdAt,
      });
    if (rows.length)
      await enqueueApprovalAlerts(
        tx,
        rows.map((r) => r.id),
      );
    return {
      result: rows.length,
      events: rows.map((r) => {
        const esc = (r.approvers as ApproverSnapshot).escalation!;
        return {
          actorKind: "system" as const,
          type: "approval.escalate",
          agentId: r.agentId,
          approvalId: r.id,
          ruleId: r.ruleId,
          outcome: "escalated",
          payload: { after_seconds: esc.after_seconds, escalated_to: describeGroup(esc), waited_ms: now.getTime() - r.createdAt.getTime() },
        };
      }),
    };
  });
}

/** Each person's decision on a request, oldest first (the request page's progress). */
export async function decisionsOf(db: Db, id: string) {
  return db
    .select({
      email: approvalDecisions.email,
      decision: approvalDecisions.decision,
      reason: approvalDecisions.reason,
      via: approvalDecisions.via,
      at: approvalDecisions.createdAt,
    })
    .from(approvalDecisions)
    .where(eq(approvalDecisions.approvalId, id))
    .orderBy(asc(approvalDecisions.createdAt));
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
      initiators: who
        ? sql`CASE WHEN ${who} = ANY(${approvalRequests.initiators}) THEN ${approvalRequests.initiators} ELSE array_append(${approvalRequests.initiators}, ${who}::text) END`
        : sql`${approvalRequests.initiators}`,
    })
    .where(and(eq(approvalRequests.id, id), eq(approvalRequests.status, "pending")))
    .returning({ id: approvalRequests.id });
  return rows.length === 1;
}

/** Denies many; returns what happened to each (own requests and decided ones are skipped). */
export async function bulkDeny(db: Db, ids: string[], reason: string, who: PersonActor) {
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
  initiators: approvalRequests.initiators,
  approvers: approvalRequests.approvers,
  approvalsRequired: approvalRequests.approvalsRequired,
  escalatedAt: approvalRequests.escalatedAt,
  approvals: sql<number>`(SELECT count(*) FROM approval_decisions d WHERE d.approval_id = ${approvalRequests.id} AND d.decision = 'approve')`.mapWith(Number),
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
    .orderBy(desc(sql`${approvalRequests.risk} + LEAST(EXTRACT(EPOCH FROM (now() - ${approvalRequests.createdAt})) / 60, 30)`), asc(approvalRequests.createdAt))
    .limit(limit);
}

/**
 * The queue as one person sees it: each request with whether they may decide it (mayDecide's
 * rule). Someone whose role decides approvals sees what they may decide — and their own
 * requests, marked, so they know why they wait — unless they ask for all (`all`); `hidden` counts
 * the requests left out (waiting for other approvers). A role that may not decide sees all,
 * read-only, as before.
 */
export async function listPendingFor(db: Db, who: { id: string }, opts: { all: boolean }) {
  await escalateDue(db);
  const [rows, person] = await Promise.all([listPending(db), loadPerson(db, who.id)]);
  const judged = rows.map((r) => {
    const v = eligibility(r, person);
    return { ...toItem(r), mayDecide: v.ok, eligibility: v.ok ? null : v.message, code: v.ok ? null : v.code };
  });
  const decider = !!person && can(person.role as never, "approvals:decide");
  const shown = !decider || opts.all ? judged : judged.filter((i) => i.mayDecide || i.code === "segregation_of_duties");
  return { items: shown.map(({ code: _code, ...i }) => i), hidden: judged.length - shown.length };
}

/** One request with what the queue shows, for the approval page (expired first if due); null if none. */
export async function getApproval(db: Db, id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  await expireDue(db, { ids: [id] });
  await escalateDue(db, { ids: [id] });
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
    f.q
      ? or(ilike(approvalRequests.actionType, `%${f.q}%`), ilike(approvalRequests.resource, `%${f.q}%`), ilike(approvalRequests.command, `%${f.q}%`))
      : undefined,
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
