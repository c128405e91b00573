import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { transaction, getDb, type Db } from "@/lib/db";
import { scheduleAnchor } from "./anchor";
import type { AuditEvent } from "@/db/schema";
import { GENESIS_HASH, UNSTORABLE_JSON_ESCAPE, chainHash, stripNul } from "./canonical";
import { redactText, redactValue, type RedactionReport } from "@/lib/redaction/redact";
import { CHECKPOINT_EVERY, signCheckpoint, signHead } from "./checkpoint";
import { processSingleton } from "@/lib/util/global";
import type { PayloadRef } from "./payload-store";

export type ActorKind = "agent" | "human" | "system";

export interface AuditInput {
  id?: string;
  clientId?: string | null;
  bodyHash?: string | null;
  time?: Date;
  actorKind: ActorKind;
  type: string;
  agentId?: string | null;
  agentSlug?: string | null;
  actorUserId?: string | null;
  actorLabel?: string | null;
  initiatedBy?: string | null;
  sessionId?: string | null;
  actionType?: string | null;
  tool?: string | null;
  repository?: string | null;
  branch?: string | null;
  environment?: string | null;
  resource?: string | null;
  command?: string | null;
  endpoint?: string | null;
  decision?: string | null;
  decisionId?: string | null;
  ruleId?: string | null;
  policyVersion?: string | null;
  approvalId?: string | null;
  outcome?: string | null;
  rollbackRef?: string | null;
  payload?: unknown;
  /**
   * canonicalJson(payload), when the caller already rendered it and `payload` is plain JSON
   * (as JSON.parse returns it) that the caller has redacted (ingest): the row's hash reuses the
   * text instead of rendering it again, and the payload is not scanned again. As UTF-8 bytes when
   * it was rendered off the event loop (a payload of megabytes: the hash reads the bytes as they are).
   */
  payloadCanonical?: string | Uint8Array;
  /**
   * JSON.stringify(payload), when the caller rendered it off the event loop (ingest, a payload of
   * megabytes: lib/audit/payload-work.ts); given only together with payloadCanonical.
   */
  payloadJson?: string;
  /** payloadJson was scanned where it was rendered and holds no unstorable escape: not scanned again */
  payloadJsonStorable?: boolean;
  /**
   * The payload is stored outside the chained row (lib/audit/payload-store.ts, written before this
   * append): the row carries only this reference, which its hash covers, and no payload.
   */
  payloadRef?: PayloadRef;
  /** the payload was redacted by the caller already (ingest, in steps): not scanned again here */
  payloadRedacted?: boolean;
  redactions?: number;
}

/** The fields covered by each row's hash, in the form they are read back from the database. */
export function hashedFields(e: Omit<AuditEvent, "hash" | "prevHash">): Record<string, unknown> {
  return {
    seq: e.seq,
    id: e.id,
    clientId: e.clientId,
    bodyHash: e.bodyHash,
    time: e.time,
    receivedAt: e.receivedAt,
    actorKind: e.actorKind,
    type: e.type,
    agentId: e.agentId,
    agentSlug: e.agentSlug,
    actorUserId: e.actorUserId,
    actorLabel: e.actorLabel,
    initiatedBy: e.initiatedBy,
    sessionId: e.sessionId,
    actionType: e.actionType,
    tool: e.tool,
    repository: e.repository,
    branch: e.branch,
    environment: e.environment,
    resource: e.resource,
    command: e.command,
    // added after the first release: hashed only when set, so older rows keep their hash
    ...(e.endpoint != null ? { endpoint: e.endpoint } : {}),
    decision: e.decision,
    decisionId: e.decisionId,
    ruleId: e.ruleId,
    policyVersion: e.policyVersion,
    approvalId: e.approvalId,
    outcome: e.outcome,
    rollbackRef: e.rollbackRef,
    payload: e.payload,
    redactions: e.redactions,
    // a payload stored outside the row (payload-store.ts): its reference is hashed in its place
    ...(e.payloadSha256 != null ? { payloadSha256: e.payloadSha256, payloadBytes: e.payloadBytes } : {}),
  };
}

const INSERT_CHUNK = 1000;

// The columns of audit_events, camelCase → snake_case, in table order: rows travel as ONE json
// parameter expanded server-side (json_populate_recordset over the table's row type), far
// cheaper than 33 bind parameters per row.
const COLUMNS: [keyof AuditEvent, string][] = [
  ["seq", "seq"],
  ["id", "id"],
  ["clientId", "client_id"],
  ["bodyHash", "body_hash"],
  ["time", "time"],
  ["receivedAt", "received_at"],
  ["actorKind", "actor_kind"],
  ["type", "type"],
  ["agentId", "agent_id"],
  ["agentSlug", "agent_slug"],
  ["actorUserId", "actor_user_id"],
  ["actorLabel", "actor_label"],
  ["initiatedBy", "initiated_by"],
  ["sessionId", "session_id"],
  ["actionType", "action_type"],
  ["tool", "tool"],
  ["repository", "repository"],
  ["branch", "branch"],
  ["environment", "environment"],
  ["resource", "resource"],
  ["command", "command"],
  ["endpoint", "endpoint"],
  ["decision", "decision"],
  ["decisionId", "decision_id"],
  ["ruleId", "rule_id"],
  ["policyVersion", "policy_version"],
  ["approvalId", "approval_id"],
  ["outcome", "outcome"],
  ["rollbackRef", "rollback_ref"],
  ["payload", "payload"],
  ["redactions", "redactions"],
  ["prevHash", "prev_hash"],
  ["hash", "hash"],
];

interface Head {
  seq: number;
  hash: string;
  count: number;
}

/** An agent session touched by the appended events (upserted in the same statement). */
export interface SessionTouchRow {
  id: string;
  agentId: string | null;
  agentSlug: string | null;
  initiatedBy?: string | null;
  at: Date;
  /** set when this touch ends the session */
  endedReason?: string | null;
}

export interface AppendOptions {
  sessions?: SessionTouchRow[];
  /** the same inputs hashed ahead of the transaction (prehashAuditEvents) */
  prehashed?: Prehashed;
}

/** Rows hashed from the head this process last saw, before the transaction that appends them. */
export interface Prehashed {
  inputs: AuditInput[];
  head: Head;
  built: Built;
}

// The last head this process wrote or read. Appends assume it and check it in the same
// statement that moves the head (seq AND hash must match), so a stale guess — another
// instance appended, a transaction rolled back, another database — only costs a retry.
const cachedHead = () => processSingleton<{ head?: Head }>("audit-chain-head", () => ({}));

// U+0000 and UTF-16 surrogates: PostgreSQL stores neither in text/jsonb (lone surrogates).
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;
const str = (v: string | null | undefined): string | null => (v == null ? null : MAYBE_UNSTORABLE.test(v) ? stripNul(v) : v);
// JSON.stringify writes U+0000 and lone surrogates as escapes: their presence in the text is the test.
const UNSTORABLE_ESCAPE = UNSTORABLE_JSON_ESCAPE;

/** Rows hashed from a head, with each row's payload as the JSON text that is stored. */
interface Built {
  rows: AuditEvent[];
  tail: Head;
  payloads: (string | null)[];
}

// Every free-text column of an audit row. Redaction happens here, at the one place every audit
// row passes through (ingest, decisions, hooks, governance acts: kill and resume reasons,
// approval decisions, exports…), so no write path can store a secret by forgetting to.
// Text already redacted holds only markers, which no rule matches again.
// lib/redaction/storage.test.ts fails on a text column of audit_events that is neither here nor
// in its short list of hashes.
export const FREE_TEXT = [
  "clientId",
  "actorKind",
  "type",
  "agentSlug",
  "actorLabel",
  "initiatedBy",
  "sessionId",
  "actionType",
  "tool",
  "repository",
  "branch",
  "environment",
  "resource",
  "command",
  "endpoint",
  "decision",
  "ruleId",
  "policyVersion",
  "outcome",
  "rollbackRef",
] as const satisfies (keyof AuditInput)[];

/** The input with secrets replaced in every free-text field and (unless already scanned) the payload. */
export function redactAuditInput(i: AuditInput): AuditInput {
  const report: RedactionReport = { count: 0, rules: {} };
  let out: AuditInput | undefined;
  for (const k of FREE_TEXT) {
    const v = i[k];
    if (typeof v !== "string") continue;
    const r = redactText(v, report);
    if (r !== v) ((out ??= { ...i }) as unknown as Record<string, unknown>)[k] = r;
  }
  if (i.payload != null && i.payloadCanonical === undefined && !i.payloadRedacted) {
    const r = redactValue(i.payload);
    if (r.report.count) {
      (out ??= { ...i }).payload = r.value;
      report.count += r.report.count;
    }
  }
  if (!out) return i;
  out.redactions = (i.redactions ?? 0) + report.count;
  return out;
}

/** Session ids and initiators are redacted the same way as in the rows that name them. */
function redactSession(s: SessionTouchRow): SessionTouchRow {
  const report: RedactionReport = { count: 0, rules: {} };
  const id = redactText(s.id, report);
  const initiatedBy = s.initiatedBy == null ? s.initiatedBy : redactText(s.initiatedBy, report);
  const endedReason = s.endedReason == null ? s.endedReason : redactText(s.endedReason, report);
  return report.count ? { ...s, id, initiatedBy, endedReason } : s;
}

/** Two ids can become one once redacted (same rule, same context): one row per id, latest touch, any end. */
function dedupeSessions(rows: SessionTouchRow[]): SessionTouchRow[] {
  const byId = new Map<string, SessionTouchRow>();
  for (const s of rows) {
    const prior = byId.get(s.id);
    if (!prior) byId.set(s.id, s);
    else byId.set(s.id, { ...prior, at: s.at > prior.at ? s.at : prior.at, endedReason: prior.endedReason ?? s.endedReason ?? null });
  }
  return byId.size === rows.length ? rows : [...byId.values()];
}

function buildRows(rawInputs: AuditInput[], head: Head): Built {
  const inputs = rawInputs.map(redactAuditInput);
  let seq = head.seq;
  let prev = head.hash;
  const receivedAt = new Date();
  const payloads: (string | null)[] = [];
  const rows: AuditEvent[] = inputs.map((i) => {
    seq += 1;
    // The payload as jsonb will hand it back (Dates as strings, undefined dropped): that form
    // is hashed, so verification recomputes the same hash from the stored row. A plain JSON
    // payload (payloadCanonical given) already is that form.
    const ref = i.payloadRef;
    let payloadJson: string | null = i.payload == null || ref ? null : (i.payloadJson ?? JSON.stringify(i.payload) ?? null);
    let plain = payloadJson !== null && i.payloadCanonical !== undefined;
    // a JSON text of megabytes rendered and scanned off the event loop is not scanned again here
    const scanned = i.payloadJson !== undefined && payloadJson === i.payloadJson && i.payloadJsonStorable === true;
    if (payloadJson !== null && !scanned && UNSTORABLE_ESCAPE.test(payloadJson)) {
      payloadJson = JSON.stringify(stripNul(JSON.parse(payloadJson)));
      plain = false;
    }
    payloads.push(payloadJson);
    const row: Omit<AuditEvent, "hash" | "prevHash"> = {
      seq,
      id: i.id ?? randomUUID(),
      clientId: str(i.clientId),
      bodyHash: str(i.bodyHash),
      time: i.time ?? receivedAt,
      receivedAt,
      actorKind: str(i.actorKind) as string,
      type: str(i.type) as string,
      agentId: i.agentId ?? null,
      agentSlug: str(i.agentSlug),
      actorUserId: i.actorUserId ?? null,
      actorLabel: str(i.actorLabel),
      initiatedBy: str(i.initiatedBy),
      sessionId: str(i.sessionId),
      actionType: str(i.actionType),
      tool: str(i.tool),
      repository: str(i.repository),
      branch: str(i.branch),
      environment: str(i.environment),
      resource: str(i.resource),
      command: str(i.command),
      endpoint: str(i.endpoint),
      decision: str(i.decision),
      decisionId: i.decisionId ?? null,
      ruleId: str(i.ruleId),
      policyVersion: str(i.policyVersion),
      approvalId: i.approvalId ?? null,
      outcome: str(i.outcome),
      rollbackRef: str(i.rollbackRef),
      payload: payloadJson === null ? null : plain ? i.payload : JSON.parse(payloadJson),
      redactions: i.redactions ?? 0,
      payloadSha256: ref ? ref.sha256 : null,
      payloadBytes: ref ? ref.bytes : null,
    };
    const hash = chainHash(prev, hashedFields(row), plain ? i.payloadCanonical : undefined);
    const full = { ...row, prevHash: prev, hash } as AuditEvent;
    prev = hash;
    return full;
  });
  return { rows, tail: { seq, hash: prev, count: head.count + rows.length }, payloads };
}

/**
 * The rows as one JSON array for json_populate_recordset (an object per row: V8's
 * JSON.stringify is fastest), each payload spliced in as the text already rendered.
 */
function recordsJson(built: Built) {
  let out = "[";
  built.rows.forEach((r, n) => {
    const o: Record<string, unknown> = {};
    for (const [k, c] of COLUMNS) {
      if (k === "payload") continue;
      const v = r[k];
      o[c] = v instanceof Date ? v.toISOString() : v;
    }
    // only on rows whose payload is stored outside (json_populate_recordset leaves absent keys null)
    if (r.payloadSha256 != null) {
      o.payload_sha256 = r.payloadSha256;
      o.payload_bytes = r.payloadBytes;
    }
    const text = JSON.stringify(o);
    out += (n ? "," : "") + text.slice(0, -1) + ',"payload":' + (built.payloads[n] ?? "null") + "}";
  });
  return out + "]";
}

function sessionsJson(sessions: SessionTouchRow[] | undefined): string | null {
  if (!sessions?.length) return null;
  return JSON.stringify(
    dedupeSessions(sessions.map(redactSession)).map((s) => ({
      id: s.id,
      agent_id: s.agentId,
      agent_slug: s.agentSlug,
      initiated_by: s.initiatedBy ?? null,
      at: s.at.toISOString(),
      ended_reason: s.endedReason ?? null,
    })),
    // PostgreSQL text cannot hold NUL characters.
    (_k, v: unknown) => (typeof v === "string" && v.includes("\0") ? v.replaceAll("\0", "") : v),
  );
}

/**
 * One statement (gatehouse_append_audit, migration 0005): moves the head iff it is where the
 * rows were hashed from, inserts the rows, the checkpoint the batch crosses and the sessions.
 * Returns false when the head had moved (nothing written).
 */
async function tryAppend(db: Db, head: Head, built: Built, sessions: string | null): Promise<boolean> {
  const { rows, tail } = built;
  const crossed = Math.floor(head.count / CHECKPOINT_EVERY) !== Math.floor(tail.count / CHECKPOINT_EVERY);
  const checkpoint = crossed
    ? JSON.stringify({ seq: tail.seq, count: tail.count, hash: tail.hash, signature: signCheckpoint(tail.seq, tail.count, tail.hash) })
    : null;
  const res = (await db.execute(sql`SELECT gatehouse_append_audit(${head.seq}, ${head.hash}, ${head.count}, ${tail.seq}, ${tail.hash}, ${tail.count},
    ${signHead(tail.seq, tail.count, tail.hash)}, ${recordsJson(built)}, ${checkpoint}, ${sessions}) AS n`)) as unknown as { rows: { n: number | string }[] };
  const n = Number(res.rows[0]?.n);
  if (n === -1) return false;
  if (n !== rows.length) throw new Error(`audit append wrote ${n} of ${rows.length} rows`);
  return true;
}

async function lockHead(tx: Db): Promise<Head> {
  await tx.execute(sql`INSERT INTO audit_chain_head (id, seq, hash, count) VALUES (1, 0, ${GENESIS_HASH}, 0) ON CONFLICT (id) DO NOTHING`);
  const headRes = await tx.execute(sql`SELECT seq, hash, count FROM audit_chain_head WHERE id = 1 FOR UPDATE`);
  const r = (headRes as unknown as { rows: { seq: string | number; hash: string; count: string | number }[] }).rows[0];
  return { seq: Number(r.seq), hash: r.hash, count: Number(r.count) };
}

/** Appends from a head known to be current (locked): in chunks, each moving the head on. */
async function appendFrom(tx: Db, head: Head, inputs: AuditInput[], sessions: string | null): Promise<{ rows: AuditEvent[]; tail: Head }> {
  const all: AuditEvent[] = [];
  let at = head;
  for (let i = 0; i < inputs.length; i += INSERT_CHUNK) {
    const last = i + INSERT_CHUNK >= inputs.length;
    const built = buildRows(inputs.slice(i, i + INSERT_CHUNK), at);
    if (!(await tryAppend(tx, at, built, last ? sessions : null))) throw new Error("the audit chain head moved while it was locked");
    all.push(...built.rows);
    at = built.tail;
  }
  return { rows: all, tail: at };
}

/**
 * Appends events to the hash chain; must run inside a transaction. The fast path is one
 * statement that moves the chain head (locking its row until commit, so appenders on every
 * instance extend one chain in one order) and inserts the rows. When the cached head is
 * stale, the head row is locked and read, and the rows re-hashed from it. Positions are
 * assigned here (not by a sequence) so a rolled-back append leaves no gap.
 */
export async function appendAuditEvents(tx: Db, inputs: AuditInput[], opts: AppendOptions = {}): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  const cache = cachedHead();
  const sessions = sessionsJson(opts.sessions);
  const pre = opts.prehashed?.inputs === inputs ? opts.prehashed : undefined;
  const head = pre?.head ?? cache.head;
  if (head && inputs.length <= INSERT_CHUNK) {
    const built = pre?.built ?? buildRows(inputs, head);
    if (await tryAppend(tx, head, built, sessions)) {
      // Optimistic: if the caller's transaction rolls back, the next append's check fails and
      // it re-reads the head.
      cache.head = built.tail;
      scheduleAnchor(getDb);
      return built.rows;
    }
  }
  const done = await appendFrom(tx, await lockHead(tx), inputs, sessions);
  cache.head = done.tail;
  scheduleAnchor(getDb);
  return done.rows;
}

/**
 * The same, outside any transaction: with a current cached head this is ONE autocommitted
 * statement (the decision hot path: no BEGIN/COMMIT round trips); otherwise it opens a
 * transaction, locks and reads the head, and appends from it. Either way the events, the
 * head, the checkpoint and the sessions are committed together or not at all.
 */
export async function appendAuditEventsAtomic(db: Db, inputs: AuditInput[], opts: AppendOptions = {}): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  const cache = cachedHead();
  const head = cache.head;
  if (head && inputs.length <= INSERT_CHUNK) {
    const built = buildRows(inputs, head);
    // Optimistic before commit, so that a second batch can be hashed from this one's tail and
    // sent while this one commits (PostgreSQL: it waits on the head row's lock, then checks
    // the head it expects). If this one does not land, the next check fails and re-reads.
    cache.head = built.tail;
    let ok = false;
    try {
      ok = await tryAppend(db, head, built, sessionsJson(opts.sessions));
    } catch (err) {
      if (cache.head === built.tail) cache.head = undefined;
      throw err;
    }
    if (ok) {
      scheduleAnchor(getDb);
      return built.rows;
    }
    if (cache.head === built.tail) cache.head = undefined;
  }
  return transaction(db, async (tx) => appendAuditEvents(tx, inputs, opts));
}

/**
 * Hashes events from the head this process last appended or read, ahead of the transaction
 * that will append them (pass the result as `prehashed` with the same inputs array), so the
 * hashing does not hold the chain head's lock or, on PGlite, its one transaction. Nothing is
 * assumed: the append checks that head and re-hashes from the locked one if it moved.
 */
export function prehashAuditEvents(inputs: AuditInput[]): Prehashed | undefined {
  const head = cachedHead().head;
  if (!head || inputs.length === 0 || inputs.length > INSERT_CHUNK) return undefined;
  return { inputs, head, built: buildRows(inputs, head) };
}

/** Records one governance act (or any single event) in its own transaction. */
export async function recordAudit(db: Db, input: AuditInput): Promise<AuditEvent> {
  return transaction(db, async (tx) => (await appendAuditEvents(tx, [input]))[0]);
}
