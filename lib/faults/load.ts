// Load clients for the fault tests, written the way a real agent harness behaves: an event
// batch carries client-generated ids and is retried, unchanged, until it is acknowledged
// (202); a decision is asked once and whatever came back is what the agent would act on.
import { randomUUID } from "node:crypto";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Attempt {
  at: number;
  /** HTTP status, or 0 when the connection failed (refused, reset, timed out). */
  status: number;
}

export interface IngestStats {
  /** ids acknowledged with 202 (and not rejected) */
  acked: Set<string>;
  /** ids sent at least once */
  sent: Set<string>;
  batches: number;
  attempts: Attempt[];
  /** batches that needed more than one attempt */
  retried: number;
  /** events a retry reported as already stored: committed, but the first answer was lost */
  duplicatesOnRetry: number;
  /** batches given up at the deadline (not acknowledged; they may or may not be stored) */
  abandoned: number;
  rejected: number;
}

export function newIngestStats(): IngestStats {
  return { acked: new Set(), sent: new Set(), batches: 0, attempts: [], retried: 0, duplicatesOnRetry: 0, abandoned: 0, rejected: 0 };
}

export function makeBatch(n: number, agentSlug?: string, payloadBytes = 200) {
  const filler = "x".repeat(payloadBytes);
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    time: new Date().toISOString(),
    type: i % 2 ? "tool.post" : "tool.pre",
    ...(agentSlug ? { agent: agentSlug } : {}),
    session_id: "fault-session",
    action: { type: "shell.exec", tool: "Bash", repository: "acme/pay", command: `npm test -- ${i}` },
    outcome: "success",
    payload: { i, filler },
  }));
}

function retryAfterMs(h: Headers): number | undefined {
  const v = Number(h.get("retry-after"));
  return Number.isFinite(v) && v > 0 ? v * 1000 : undefined;
}

/**
 * One POST of a batch. 202 → its ids are acknowledged (except rejected indexes, which the
 * test batches never have); a connection failure, 5xx, 408 or 429 → retry (with the
 * server's Retry-After when given); any other 4xx is a bug in the test and throws.
 */
export async function postBatchOnce(
  base: string,
  token: string,
  events: { id: string }[],
  stats: IngestStats,
  isRetry: boolean,
): Promise<{ acked: boolean; retryAfterMs?: number }> {
  for (const e of events) stats.sent.add(e.id);
  let status = 0;
  let text = "";
  let retryAfter: number | undefined;
  try {
    const res = await fetch(`${base}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(15_000),
    });
    status = res.status;
    retryAfter = retryAfterMs(res.headers);
    text = await res.text();
  } catch {
    status = 0;
  }
  stats.attempts.push({ at: Date.now(), status });
  if (status === 202) {
    const r = JSON.parse(text) as { accepted: number; duplicates: number; rejected: { index: number }[] };
    const bad = new Set(r.rejected.map((x) => x.index));
    stats.rejected += bad.size;
    events.forEach((e, i) => bad.has(i) || stats.acked.add(e.id));
    if (isRetry) stats.duplicatesOnRetry += r.duplicates;
    return { acked: true };
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw new Error(`events batch refused with ${status}: ${text.slice(0, 300)}`);
  return { acked: false, retryAfterMs: retryAfter };
}

/** POSTs one batch, unchanged, until it is acknowledged or `deadline` passes. */
export async function postUntilAcked(
  base: () => string,
  token: string,
  events: { id: string }[],
  stats: IngestStats,
  deadline: number,
  alreadyTried = false,
): Promise<boolean> {
  if (!alreadyTried) stats.batches++;
  let backoff = 50;
  for (let n = 0; ; n++) {
    const retry = alreadyTried || n > 0;
    if (n === 1 && !alreadyTried) stats.retried++;
    const r = await postBatchOnce(base(), token, events, stats, retry);
    if (r.acked) return true;
    if (Date.now() > deadline) {
      stats.abandoned++;
      return false;
    }
    await sleep(Math.min(r.retryAfterMs ?? backoff, 1000));
    backoff = Math.min(backoff * 2, 1000);
  }
}

/** Posts batches back to back until `running()` turns false; every batch retried until acked. */
export async function ingestLoop(opts: {
  base: () => string;
  token: string;
  agentSlug?: string;
  batchSize: number;
  running: () => boolean;
  deadline: number;
  stats: IngestStats;
}) {
  while (opts.running()) {
    await postUntilAcked(opts.base, opts.token, makeBatch(opts.batchSize, opts.agentSlug), opts.stats, opts.deadline);
  }
}

export interface DecisionAnswer {
  sent: number;
  received: number;
  status: number;
  decision?: string;
  decisionId?: string;
  reason?: string;
}

/** Asks for decisions back to back until `running()` turns false, recording every answer. */
export async function decisionLoop(opts: { base: () => string; token: string; body: unknown; running: () => boolean; out: DecisionAnswer[] }) {
  const body = JSON.stringify(opts.body);
  while (opts.running()) {
    const sent = Date.now();
    const a: DecisionAnswer = { sent, received: 0, status: 0 };
    try {
      const res = await fetch(`${opts.base()}/api/v1/decisions`, {
        method: "POST",
        headers: { authorization: `Bearer ${opts.token}`, "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      a.status = res.status;
      const json = (await res.json().catch(() => undefined)) as { decision?: string; decision_id?: string; reason?: string } | undefined;
      a.decision = json?.decision;
      a.decisionId = json?.decision_id;
      a.reason = json?.reason;
    } catch {
      a.status = 0;
    }
    a.received = Date.now();
    opts.out.push(a);
    // A harness that got no answer does not spin: it waits a little before asking again.
    await sleep(a.status === 200 ? 2 : 25);
  }
}

export function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}
