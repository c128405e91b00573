import "server-only";
import { createHmac } from "node:crypto";
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, alertDeliveries, alertWebhooks, approvalRequests, violations } from "@/db/schema";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/util/global";

/**
 * Outgoing alerts for new high/critical violations, and for new approval requests on the
 * webhooks that ask for them (lib/approvals/alerts.ts queues those). Deliveries are rows
 * (alert_deliveries), so they survive restarts and any instance's worker can send them; a claim moves next_attempt_at
 * forward (a lease) so two workers never send one delivery at the same time.
 */
export const MAX_ATTEMPTS = 5;
export const BASE_BACKOFF_MS = 5_000;
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** attempt 1 failed → 5 s, then 10 s, 20 s, 40 s. */
export function backoffMs(attempts: number, base = BASE_BACKOFF_MS): number {
  return base * 2 ** Math.max(0, attempts - 1);
}

/**
 * Claims up to `limit` due rows of a delivery queue table shaped like alert_deliveries (id,
 * status, attempts, next_attempt_at): moves next_attempt_at forward by the lease and marks
 * them sending, so no other worker sends them meanwhile. Other queues (GitHub commit statuses)
 * reuse it with their own table; `also` names further columns to return (alias d).
 */
export async function claimDueRows<T extends object>(db: Db, table: string, limit: number, also?: SQL, onlyWhere?: SQL) {
  const t = sql.identifier(table);
  const res = (await db.execute(sql`
    UPDATE ${t} d SET next_attempt_at = now() + ${`${LEASE_MS} milliseconds`}::interval, status = 'sending'
    WHERE d.id IN (
      SELECT id FROM ${t} q
      WHERE q.status IN ('pending', 'retrying', 'sending') AND q.next_attempt_at <= now()${onlyWhere ? sql` AND ${onlyWhere}` : sql``}
      ORDER BY q.next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING d.id, d.attempts${also ? sql`, ${also}` : sql``}
  `)) as unknown as { rows: ({ id: string; attempts: number } & T)[] };
  return res.rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

/** The queue columns after an attempt: delivered, or retrying with backoff, or failed after MAX_ATTEMPTS. */
export function attemptOutcome(attempts: number, statusCode: number | null, error: string | null, baseBackoff = BASE_BACKOFF_MS) {
  const ok = error === null;
  return {
    attempts,
    lastStatusCode: statusCode,
    lastError: error,
    status: ok ? "delivered" : attempts >= MAX_ATTEMPTS ? "failed" : "retrying",
    deliveredAt: ok ? new Date() : null,
    nextAttemptAt: new Date(Date.now() + (ok ? 0 : backoffMs(attempts, baseBackoff))),
  };
}

/** Queues one delivery per enabled webhook whose minimum severity the violation reaches. */
export async function enqueueAlertDeliveries(tx: Db, violationIds: string[]): Promise<number> {
  if (violationIds.length === 0) return 0;
  // Enum order is low < medium < high < critical, so >= compares severities.
  const res = (await tx.execute(sql`
    INSERT INTO alert_deliveries (webhook_id, violation_id)
    SELECT w.id, v.id FROM alert_webhooks w CROSS JOIN violations v
    WHERE w.enabled AND v.severity >= w.min_severity
      AND v.id IN (${sql.join(
        violationIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
    RETURNING id
  `)) as unknown as { rows: unknown[] };
  return res.rows.length;
}

/** A link into this Gatehouse for the receiver, when NEXTAUTH_URL says where it is. */
function appUrl(path: string): string | null {
  const base = env().NEXTAUTH_URL?.replace(/\/$/, "");
  return base ? `${base}${path}` : null;
}

export function alertPayload(v: typeof violations.$inferSelect, sentAt: Date) {
  return {
    violation: {
      id: v.id,
      kind: v.kind,
      severity: v.severity,
      status: v.status,
      title: v.title,
      explanation: v.explanation,
      agent_id: v.agentId,
      agent_slug: v.agentSlug,
      count: v.count,
      first_seen_at: v.firstSeenAt.toISOString(),
      last_seen_at: v.lastSeenAt.toISOString(),
      url: appUrl(`/violations/${v.id}`),
    },
    sent_at: sentAt.toISOString(),
  };
}

type ApprovalRow = typeof approvalRequests.$inferSelect & { agentSlug: string };

/** The body of an approval-request alert: what waits, for whom, until when, and where to decide. */
export function approvalAlertPayload(a: ApprovalRow, sentAt: Date) {
  return {
    approval: {
      id: a.id,
      status: a.status,
      agent_id: a.agentId,
      agent_slug: a.agentSlug,
      action_type: a.actionType,
      command: a.command,
      resource: a.resource,
      justification: a.justification,
      initiated_by: a.initiatedBy,
      rule_id: a.ruleId,
      risk: a.risk,
      created_at: a.createdAt.toISOString(),
      expires_at: a.expiresAt.toISOString(),
      // who may approve (null: anyone who may decide approvals) and how many; escalated_at set:
      // this delivery is the escalation, and the escalation group may approve too (lib/approvals)
      approvers: a.approvers ?? null,
      approvals_required: a.approvalsRequired,
      escalated_at: a.escalatedAt?.toISOString() ?? null,
      url: appUrl(`/approvals/${a.id}`), // the approval page: evidence, decide, what ran under it
    },
    sent_at: sentAt.toISOString(),
  };
}

interface Claimed {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  event: "violation" | "approval.requested";
  body: (sentAt: Date) => unknown;
}

async function claimDue(db: Db, limit: number): Promise<Claimed[]> {
  const res = {
    rows: await claimDueRows<{ webhook_id: string; violation_id: string | null; approval_id: string | null }>(
      db,
      "alert_deliveries",
      limit,
      sql`d.webhook_id, d.violation_id, d.approval_id`,
    ),
  };
  if (res.rows.length === 0) return [];
  const ids = (k: "webhook_id" | "violation_id" | "approval_id") => [...new Set(res.rows.map((r) => r[k]).filter((x): x is string => !!x))];
  const [hookIds, violationIds, approvalIds] = [ids("webhook_id"), ids("violation_id"), ids("approval_id")];
  const hooks = await db.select().from(alertWebhooks).where(inArray(alertWebhooks.id, hookIds));
  const vs = violationIds.length ? await db.select().from(violations).where(inArray(violations.id, violationIds)) : [];
  const as = approvalIds.length
    ? await db
        .select({ a: approvalRequests, agentSlug: agents.slug })
        .from(approvalRequests)
        .innerJoin(agents, eq(agents.id, approvalRequests.agentId))
        .where(inArray(approvalRequests.id, approvalIds))
    : [];
  const out: Claimed[] = [];
  for (const r of res.rows) {
    const h = hooks.find((x) => x.id === r.webhook_id);
    const v = r.violation_id ? vs.find((x) => x.id === r.violation_id) : undefined;
    const a = r.approval_id ? as.find((x) => x.a.id === r.approval_id) : undefined;
    const gone = !v && !a ? (r.approval_id ? "approval request deleted" : "violation deleted") : null;
    if (!h || gone || !h.enabled) {
      await db
        .update(alertDeliveries)
        .set({ status: "cancelled", lastError: gone ?? "webhook disabled" })
        .where(eq(alertDeliveries.id, r.id));
      continue;
    }
    const common = { id: r.id, attempts: Number(r.attempts), url: h.url, secret: h.secret };
    if (v) out.push({ ...common, event: "violation", body: (at) => alertPayload(v, at) });
    else if (a) out.push({ ...common, event: "approval.requested", body: (at) => approvalAlertPayload({ ...a.a, agentSlug: a.agentSlug }, at) });
  }
  return out;
}

async function sendOne(db: Db, d: Claimed, fetchImpl: typeof fetch, baseBackoff: number) {
  const body = JSON.stringify(d.body(new Date()));
  const attempts = d.attempts + 1;
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetchImpl(d.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Gatehouse-Alerts/1",
        "x-gatehouse-signature": signBody(d.secret, body),
        "x-gatehouse-delivery": d.id,
        "x-gatehouse-event": d.event,
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "manual",
    });
    status = res.status;
    await res.body?.cancel().catch(() => {});
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (err) {
    error = err instanceof Error ? (err.name === "TimeoutError" ? "timed out" : err.message).slice(0, 300) : "request failed";
  }
  await db
    .update(alertDeliveries)
    .set(attemptOutcome(attempts, status, error, baseBackoff))
    .where(eq(alertDeliveries.id, d.id));
  return error === null;
}

export interface DeliverOptions {
  limit?: number;
  fetchImpl?: typeof fetch;
  baseBackoffMs?: number;
}

/** Sends every due delivery once; returns how many were attempted and delivered. */
export async function deliverDueAlerts(db: Db, opts: DeliverOptions = {}) {
  const due = await claimDue(db, opts.limit ?? 20);
  let delivered = 0;
  await Promise.all(
    due.map(async (d) => {
      if (await sendOne(db, d, opts.fetchImpl ?? fetch, opts.baseBackoffMs ?? BASE_BACKOFF_MS)) delivered += 1;
    }),
  );
  return { attempted: due.length, delivered };
}

interface Worker {
  timer?: ReturnType<typeof setInterval>;
  running: boolean;
}

/** Starts the per-process delivery loop once (idempotent); returns a stop function. */
export function startAlertWorker(getDb: () => Promise<Db>, intervalMs = 2_000): () => void {
  return startQueueWorker("alert-worker", "alert delivery", async () => deliverDueAlerts(await getDb()), intervalMs);
}

/** A per-process loop that runs `tick` every interval, never two at once (idempotent per key); returns a stop function. */
export function startQueueWorker(key: string, what: string, tick: () => Promise<unknown>, intervalMs = 2_000): () => void {
  const w = processSingleton<Worker>(key, () => ({ running: false }));
  if (!w.timer) {
    w.timer = setInterval(async () => {
      if (w.running) return;
      w.running = true;
      try {
        await tick();
      } catch (err) {
        console.error(`[gatehouse] ${what} failed:`, err instanceof Error ? err.message : String(err));
      } finally {
        w.running = false;
      }
    }, intervalMs);
    w.timer.unref?.();
  }
  return () => {
    if (w.timer) clearInterval(w.timer);
    w.timer = undefined;
  };
}
