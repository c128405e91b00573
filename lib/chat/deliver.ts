import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { WebClient } from "@slack/web-api";
import type { Db } from "@/db/client";
import { agents, approvalRequests, chatMessages } from "@/db/schema";
import { expireDue } from "@/lib/approvals/queries";
import { BASE_BACKOFF_MS, MAX_ATTEMPTS, backoffMs, startQueueWorker } from "@/lib/violations/alerts";
import { loadChatConfig, SLACK_API_DEFAULT, type Provider, type SlackConfig, type TeamsConfig } from "./config";
import { slackMessage, teamsMessage, type ApprovalForChat } from "./messages";

/**
 * Chat delivery of approval requests. A sweep (the worker, every 2 s) puts a chat_messages row
 * in the queue for each waiting request and enabled integration, and puts a posted message back
 * in the queue when its request's status changed (decided anywhere, expired, agent killed), so
 * the message is updated in place. Sending follows the alert webhooks' rules (lib/violations/
 * alerts.ts: the same attempts, backoff and claim lease).
 */
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
/** Slack accepts a response_url for 30 minutes. */
const RESPONSE_URL_TTL_MS = 30 * 60_000;

export async function syncChatMessages(db: Db): Promise<{ queued: number; requeued: number }> {
  await expireDue(db);
  const ins = (await db.execute(sql`
    INSERT INTO chat_messages (approval_id, provider)
    SELECT a.id, i.provider FROM approval_requests a JOIN chat_integrations i ON i.enabled
    WHERE a.status = 'pending' AND a.created_at >= i.created_at
    ON CONFLICT (approval_id, provider) DO NOTHING
    RETURNING id
  `)) as unknown as { rows: unknown[] };
  const upd = (await db.execute(sql`
    UPDATE chat_messages m SET status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL
    FROM approval_requests a
    WHERE a.id = m.approval_id AND m.status = 'delivered' AND m.shown_status IS NOT NULL AND m.shown_status <> a.status::text
    RETURNING m.id
  `)) as unknown as { rows: unknown[] };
  await db.execute(sql`DELETE FROM chat_nonces WHERE expires_at < now()`);
  return { queued: ins.rows.length, requeued: upd.rows.length };
}

/** Puts one request's messages back in the queue now (after a chat decision). */
export async function refreshChatMessages(db: Db, approvalId: string) {
  await db.execute(sql`
    UPDATE chat_messages m SET status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL
    FROM approval_requests a
    WHERE m.approval_id = ${approvalId}::uuid AND a.id = m.approval_id AND m.status = 'delivered' AND m.shown_status IS DISTINCT FROM a.status::text
  `);
}

type Row = typeof chatMessages.$inferSelect;

async function claimDue(db: Db, limit: number): Promise<Row[]> {
  const res = (await db.execute(sql`
    UPDATE chat_messages m SET next_attempt_at = now() + ${`${LEASE_MS} milliseconds`}::interval, status = 'sending'
    WHERE m.id IN (
      SELECT id FROM chat_messages
      WHERE status IN ('pending', 'retrying', 'sending') AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING m.id
  `)) as unknown as { rows: { id: string }[] };
  if (!res.rows.length) return [];
  return db
    .select()
    .from(chatMessages)
    .where(
      sql`${chatMessages.id} IN (${sql.join(
        res.rows.map((r) => sql`${r.id}::uuid`),
        sql`, `,
      )})`,
    );
}

export async function approvalForChat(db: Db, id: string): Promise<ApprovalForChat | null> {
  const [r] = await db
    .select({
      id: approvalRequests.id,
      status: approvalRequests.status,
      agentSlug: agents.slug,
      actionType: approvalRequests.actionType,
      command: approvalRequests.command,
      resource: approvalRequests.resource,
      justification: approvalRequests.justification,
      initiatedBy: approvalRequests.initiatedBy,
      risk: approvalRequests.risk,
      reason: approvalRequests.reason,
      decidedByLabel: approvalRequests.decidedByLabel,
      expiresAt: approvalRequests.expiresAt,
    })
    .from(approvalRequests)
    .innerJoin(agents, eq(agents.id, approvalRequests.agentId))
    .where(eq(approvalRequests.id, id))
    .limit(1);
  return r ?? null;
}

export interface SendOutcome {
  status: number | null;
  error: string | null;
  /** set after a first post through the bot token */
  channel?: string;
  ts?: string;
  /** nothing could be sent (e.g. an incoming-webhook message without a fresh response_url) */
  skipped?: string;
}

export function slackClient(c: SlackConfig, fetchImpl?: typeof fetch) {
  return new WebClient(c.botToken ?? undefined, {
    slackApiUrl: c.apiUrl ?? SLACK_API_DEFAULT,
    // our queue retries with backoff; the client must not retry for minutes inside one attempt
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: TIMEOUT_MS,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

async function postJson(url: string, body: unknown, fetchImpl: typeof fetch): Promise<SendOutcome> {
  try {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Gatehouse-Chat/1" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "manual",
    });
    await res.body?.cancel().catch(() => {});
    return { status: res.status, error: res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}` };
  } catch (err) {
    return { status: null, error: err instanceof Error ? (err.name === "TimeoutError" ? "timed out" : err.message).slice(0, 300) : "request failed" };
  }
}

function slackError(err: unknown): SendOutcome {
  const e = err as { data?: { error?: string }; statusCode?: number; message?: string };
  return { status: e.statusCode ?? null, error: (e.data?.error ?? e.message ?? "Slack API call failed").slice(0, 300) };
}

/** Posts (first time) or updates (later) the Slack message for one request. */
export async function sendSlack(
  c: SlackConfig,
  a: ApprovalForChat,
  m: Pick<Row, "messageTs" | "channel" | "responseUrl" | "responseUrlAt">,
  fetchImpl: typeof fetch,
): Promise<SendOutcome> {
  const msg = slackMessage(a);
  const posted = !!m.messageTs || m.responseUrl !== null || m.channel === "webhook";
  if (c.mode === "bot") {
    if (!c.botToken || !c.channel) return { status: null, error: "Slack bot token or channel not configured" };
    const client = slackClient(c, fetchImpl);
    try {
      if (m.messageTs && m.channel) {
        await client.chat.update({ channel: m.channel, ts: m.messageTs, text: msg.text, blocks: msg.blocks as never });
        return { status: 200, error: null };
      }
      const r = await client.chat.postMessage({ channel: c.channel, text: msg.text, blocks: msg.blocks as never });
      return { status: 200, error: null, channel: r.channel, ts: r.ts };
    } catch (err) {
      return slackError(err);
    }
  }
  if (!posted) {
    if (!c.webhookUrl) return { status: null, error: "Slack webhook URL not configured" };
    const r = await postJson(c.webhookUrl, msg, fetchImpl);
    return { ...r, channel: "webhook" };
  }
  // An incoming-webhook message can only be changed through a recent interaction's response_url.
  if (m.responseUrl && m.responseUrlAt && Date.now() - m.responseUrlAt.getTime() < RESPONSE_URL_TTL_MS) {
    return postJson(m.responseUrl, { replace_original: true, ...msg }, fetchImpl);
  }
  return {
    status: null,
    error: null,
    skipped: "An incoming-webhook message can be updated only within 30 minutes of a click on it; use a bot token for updates.",
  };
}

/** Teams Workflows webhooks cannot edit a posted card: a change is posted as a follow-up card. */
export async function sendTeams(c: TeamsConfig, a: ApprovalForChat, fetchImpl: typeof fetch): Promise<SendOutcome> {
  if (!c.workflowUrl) return { status: null, error: "Teams workflow URL not configured" };
  return postJson(c.workflowUrl, teamsMessage(a), fetchImpl);
}

async function sendOne(db: Db, m: Row, fetchImpl: typeof fetch, baseBackoff: number): Promise<boolean> {
  const a = await approvalForChat(db, m.approvalId);
  const cfg = m.provider === "teams" ? await loadChatConfig(db, "teams") : await loadChatConfig(db, "slack");
  if (!a || !cfg || !cfg.enabled) {
    await db
      .update(chatMessages)
      .set({ status: "cancelled", lastError: !a ? "approval request deleted" : "integration disabled" })
      .where(eq(chatMessages.id, m.id));
    return false;
  }
  const out = cfg.provider === "teams" ? await sendTeams(cfg, a, fetchImpl) : await sendSlack(cfg, a, m, fetchImpl);
  const attempts = m.attempts + 1;
  const ok = out.error === null;
  await db
    .update(chatMessages)
    .set({
      attempts,
      lastStatusCode: out.status,
      lastError: out.error ?? out.skipped ?? null,
      status: ok ? "delivered" : attempts >= MAX_ATTEMPTS ? "failed" : "retrying",
      deliveredAt: ok ? new Date() : m.deliveredAt,
      nextAttemptAt: new Date(Date.now() + (ok ? 0 : backoffMs(attempts, baseBackoff))),
      ...(ok ? { shownStatus: a.status } : {}),
      ...(out.channel ? { channel: out.channel } : {}),
      ...(out.ts ? { messageTs: out.ts } : {}),
    })
    .where(eq(chatMessages.id, m.id));
  return ok;
}

export interface ChatDeliverOptions {
  limit?: number;
  fetchImpl?: typeof fetch;
  baseBackoffMs?: number;
}

/** One sweep and one round of sends; returns how many were attempted and delivered. */
export async function deliverDueChat(db: Db, opts: ChatDeliverOptions = {}) {
  // an instance without chat integrations does nothing every 2 s but this one read
  const on = (await db.execute(sql`SELECT EXISTS (SELECT 1 FROM chat_integrations WHERE enabled) AS on`)) as unknown as { rows: { on: boolean }[] };
  if (!on.rows[0]?.on) return { attempted: 0, delivered: 0 };
  await syncChatMessages(db);
  const due = await claimDue(db, opts.limit ?? 20);
  let delivered = 0;
  for (const m of due) if (await sendOne(db, m, opts.fetchImpl ?? fetch, opts.baseBackoffMs ?? BASE_BACKOFF_MS)) delivered += 1;
  return { attempted: due.length, delivered };
}

/** A sample message, sent now (the settings page's test-send); nothing is stored. */
export async function testSend(db: Db, provider: Provider, fetchImpl: typeof fetch = fetch): Promise<SendOutcome> {
  const sample: ApprovalForChat = {
    id: "00000000-0000-4000-8000-000000000000",
    status: "pending",
    agentSlug: "test-message",
    actionType: "shell.exec",
    command: "echo 'Gatehouse test message: chat delivery works'",
    resource: null,
    justification: "Sent from Settings → Integrations",
    initiatedBy: null,
    risk: 0,
    reason: null,
    decidedByLabel: null,
    expiresAt: new Date(Date.now() + 3600_000),
  };
  if (provider === "teams") {
    const c = await loadChatConfig(db, "teams");
    return c ? sendTeams(c, sample, fetchImpl) : { status: null, error: "Teams is not configured" };
  }
  const c = await loadChatConfig(db, "slack");
  return c
    ? sendSlack(c, sample, { messageTs: null, channel: null, responseUrl: null, responseUrlAt: null }, fetchImpl)
    : { status: null, error: "Slack is not configured" };
}

export async function listChatDeliveries(db: Db, limit = 50) {
  return db
    .select({
      id: chatMessages.id,
      provider: chatMessages.provider,
      approvalId: chatMessages.approvalId,
      agentSlug: agents.slug,
      actionType: approvalRequests.actionType,
      what: sql<string | null>`coalesce(${approvalRequests.command}, ${approvalRequests.resource})`,
      approvalStatus: approvalRequests.status,
      shownStatus: chatMessages.shownStatus,
      status: chatMessages.status,
      attempts: chatMessages.attempts,
      lastStatusCode: chatMessages.lastStatusCode,
      lastError: chatMessages.lastError,
      deliveredAt: chatMessages.deliveredAt,
      createdAt: chatMessages.createdAt,
    })
    .from(chatMessages)
    .innerJoin(approvalRequests, eq(approvalRequests.id, chatMessages.approvalId))
    .innerJoin(agents, eq(agents.id, approvalRequests.agentId))
    .orderBy(desc(chatMessages.createdAt))
    .limit(limit);
}

/** Starts the per-process chat loop once (idempotent); returns a stop function. */
export function startChatWorker(getDb: () => Promise<Db>, intervalMs = 2_000): () => void {
  return startQueueWorker("chat-worker", "chat delivery", async () => deliverDueChat(await getDb()), intervalMs);
}
