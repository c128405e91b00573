import { inArray, sql } from "drizzle-orm";
import { isUniqueViolation } from "@/lib/util/pg-errors";
import { type Db, isPostgresPool, transaction } from "@/db/client";
import { agents, shadowAgents } from "@/db/schema";
import type { MachineCaller } from "@/lib/auth/machine";
import { redactValueSteps } from "@/lib/redaction/redact";
import { runYielding, type Steps } from "@/lib/changes/reports/run";
import { MAX_JSON_DEPTH, jsonDepth } from "@/lib/security/json-guard";
import { canonicalJson, canonicalJsonWith, sha256Hex, stripNul } from "./canonical";
import { processSingleton } from "@/lib/util/global";
import { appendAuditEvents, prehashAuditEvents, type AuditInput, type Prehashed } from "./record";
import { clientEventSchema, type ClientEvent } from "./schemas";
import { normalizeEmail } from "@/lib/approvals/initiators";
import { linkIngestEvidence, raiseIngestViolations, type IngestHit } from "./violations";
import { isReservedEventType } from "./reserved";
import { LARGE_PAYLOAD_CHARS, auditPayloadWork, largerThan, type PayloadWork } from "./payload-work";
import { OFF_LOOP_UNAVAILABLE, offLoop } from "@/lib/offload/off-loop";
import { storeLargePayload } from "./payload-store";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

interface Candidate {
  index: number;
  input: AuditInput & { clientId: string; bodyHash: string };
  redactedRules: Record<string, number>;
  ended: boolean;
  /** a payload stored outside the chained row (payload-store.ts), as the worker rendered it */
  outside?: PayloadWork;
}

type AgentRef = { id: string; slug: string };

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message)).join("; ");
}

/**
 * Validates and shapes each event; nothing here touches the database. Work proportional to the
 * body (canonical text, hashes, and the redaction in toCandidate) runs in steps that give the
 * event loop back every few milliseconds (runYielding), so that a batch at the 5 MiB limit does
 * not hold other agents' decisions or the kill switch for its whole length (issue 16).
 */
type Prepared = { index: number; ev: ClientEvent; bodyHash: string; payloadCanonical?: string; off?: PayloadWork };

function* prepare(raw: unknown[], caller: MachineCaller, result: IngestResult, offloaded: Map<number, PayloadWork>): Steps<Prepared[]> {
  const out: Prepared[] = [];
  for (const [index, item] of raw.entries()) {
    yield;
    prepareOne(item, index);
  }
  return out;
  function prepareOne(item: unknown, index: number) {
    // Hashing and redaction recurse: 100,000 levels of nesting were a stack overflow (a 500).
    if (jsonDepth(item, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return result.rejected.push({ index, error: `the event nests deeper than ${MAX_JSON_DEPTH} levels` });
    const parsed = clientEventSchema.safeParse(item);
    if (!parsed.success) return result.rejected.push({ index, error: describeIssues(parsed.error.issues) });
    if (isReservedEventType(parsed.data.type))
      return result.rejected.push({ index, error: `type: ${JSON.stringify(parsed.data.type)} is written by Gatehouse itself and cannot be sent by a client` });
    if (caller.kind === "integration" && !parsed.data.agent?.trim())
      return result.rejected.push({ index, error: "agent: required with an integration token (the agent's id or slug)" });
    // The body hash covers what the client sent (before redaction), key order aside. The
    // payload's canonical text is rendered once: the row's chain hash reuses it (record.ts).
    const payload = (item as Record<string, unknown>).payload;
    const off = offloaded.get(index);
    if (payload == null) out.push({ index, ev: parsed.data, bodyHash: sha256Hex(canonicalJson(item)) });
    // a large payload: hashed, redacted and rendered on the off-loop worker (offloadLargePayloads)
    else if (off) out.push({ index, ev: parsed.data, bodyHash: off.bodyHash, off });
    else {
      const payloadCanonical = canonicalJson(payload);
      out.push({
        index,
        ev: parsed.data,
        bodyHash: sha256Hex(canonicalJsonWith(item as Record<string, unknown>, "payload", payloadCanonical)),
        payloadCanonical,
      });
    }
  }
}

/**
 * Large payloads (LARGE_PAYLOAD_CHARS and more) of a batch, each worked on by the off-loop worker
 * (lib/offload/off-loop.ts, lowest CPU priority): body hash, redaction, canonical and stored JSON text
 * (payload-work.ts), byte for byte what prepare and toCandidate compute in process. Without a
 * worker, or for an event the worker could not take, the in-process path (in steps) does it.
 */
async function offloadLargePayloads(raw: unknown[]): Promise<Map<number, PayloadWork>> {
  const out = new Map<number, PayloadWork>();
  await Promise.all(
    raw.map(async (item, index) => {
      if (!item || typeof item !== "object" || Array.isArray(item)) return;
      const payload = (item as Record<string, unknown>).payload;
      if (payload == null || !largerThan(payload, LARGE_PAYLOAD_CHARS)) return;
      if (jsonDepth(item, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return; // prepare refuses it
      try {
        const r = await offLoop("auditPayload", item as Record<string, unknown>);
        if (r !== OFF_LOOP_UNAVAILABLE) out.set(index, r);
      } catch {
        // the worker failed on it: the in-process path decides (and refuses what it must)
      }
    }),
  );
  return out;
}

/** The in-process equivalent of one offloaded payload (tests compare the two). */
export const payloadWorkInProcess = auditPayloadWork;

function* toCandidate(
  index: number,
  ev: ClientEvent,
  bodyHash: string,
  payloadCanonical: string | undefined,
  agent: AgentRef | null,
  slug: string,
  off?: PayloadWork,
): Steps<Candidate> {
  const a = ev.action ?? {};
  // Every string the event carries is scanned; only the redacted form is ever stored. In steps:
  // a payload of megabytes is redacted in pieces (redactValueSteps) with the loop given back between.
  const { value: r, report } = yield* redactValueSteps({
    clientId: ev.id,
    type: ev.type,
    agentSlug: slug,
    sessionId: ev.session_id ?? null,
    // one form for every stored initiator, as on the decision and hook paths (lib/approvals/initiators)
    initiatedBy: normalizeEmail(ev.initiated_by),
    actionType: a.type ?? null,
    tool: a.tool ?? null,
    repository: a.repository ?? null,
    branch: a.branch ?? null,
    environment: a.environment ?? null,
    resource: a.resource ?? null,
    command: a.command ?? null,
    endpoint: a.endpoint ?? null,
    rollbackRef: ev.rollback_ref ?? null,
    // an offloaded payload was redacted on the worker (its report is added below, in the same order)
    payload: off ? null : (ev.payload ?? null),
  });
  if (off) {
    report.count += off.report.count;
    for (const [rule, n] of Object.entries(off.report.rules)) report.rules[rule] = (report.rules[rule] ?? 0) + n;
  }
  // stored outside the chained row: only its canonical bytes and digest are kept (the worker
  // handed back no value), and the row gets their reference (payloadRef, set before the append)
  const outside = off?.outside ? off : undefined;
  const payload = outside ? undefined : off ? (off.changed ? off.payload : ev.payload) : r.payload;
  return {
    index,
    redactedRules: report.rules,
    ended: ev.type === "session.end",
    outside,
    // Field by field: a spread of `r` plus more keys cost ~9 µs per event (V8 slow path).
    input: {
      clientId: r.clientId,
      bodyHash,
      actorKind: "agent",
      type: r.type,
      time: ev.time ? new Date(ev.time) : undefined,
      agentId: agent?.id ?? null,
      agentSlug: r.agentSlug,
      initiatedBy: r.initiatedBy,
      sessionId: r.sessionId,
      actionType: r.actionType,
      tool: r.tool,
      repository: r.repository,
      branch: r.branch,
      environment: r.environment,
      resource: r.resource,
      command: r.command,
      endpoint: r.endpoint,
      outcome: ev.outcome ?? null,
      rollbackRef: r.rollbackRef,
      payload,
      // the client's payload as parsed from JSON, unless redaction replaced part of it; offloaded:
      // the canonical and JSON text of the payload as stored, rendered on the worker
      payloadCanonical: outside ? undefined : off ? off.canonical : r.payload === ev.payload ? payloadCanonical : undefined,
      payloadJson: outside ? undefined : off?.json,
      payloadJsonStorable: off?.jsonStorable,
      // redacted just now: record.ts need not scan it again
      payloadRedacted: true,
      redactions: report.count,
    },
  };
}

type Rows<T> = { rows: T[] };

/** A batch sharing client ids with one committed after our dedupe lookup: run it again. */
const MAX_ATTEMPTS = 3;

function isClientIdConflict(err: unknown): boolean {
  return isUniqueViolation(err, "audit_events_client_id_idx");
}

/** Another batch opened one of this batch's sessions for another agent after our check: run it again. */
class SessionTaken extends Error {}

/** Who a session belongs to: the registered agent, or for an unregistered one its name. */
export const ownerOf = (agentId: string | null | undefined, agentSlug: string | null | undefined) => (agentId ? `id:${agentId}` : `slug:${agentSlug ?? ""}`);

/**
 * The sessions among these that another agent opened (id → that owner). Sessions belong to
 * the agent that opened them: agent B sending agent A's session_id must neither end A's session
 * nor add events to A's timeline (issue 16). The decision and hook paths ask the same question
 * through lib/decisions/session-owner.ts. Ids are looked up as stored (redacted, see record.ts).
 */
export async function sessionOwners(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const res = (await db.execute(sql`
    SELECT id, agent_id, agent_slug FROM agent_sessions
     WHERE id = ANY (ARRAY(SELECT json_array_elements_text(${JSON.stringify(stripNul(ids))}::json)))`)) as unknown as Rows<{
    id: string;
    agent_id: string | null;
    agent_slug: string | null;
  }>;
  return new Map(res.rows.map((r) => [r.id, ownerOf(r.agent_id, r.agent_slug)]));
}

const foreignSession = (c: Candidate, owners: Map<string, string>) => {
  const sid = c.input.sessionId;
  if (!sid) return false;
  const owner = owners.get(stripNul(sid));
  return owner !== undefined && owner !== ownerOf(c.input.agentId, c.input.agentSlug);
};

/**
 * The append, behind the chain head's row lock. The lock statement is sent first and not
 * awaited: the rows are hashed (from the head the previous append in this process left, see
 * inAppendSlot) while it waits for that append's transaction to commit, and the append
 * statement runs right after it, in a snapshot that sees that commit. (Without the lock the
 * append's own check, in a snapshot taken before that commit, would see the old head and fail,
 * and record.ts would lock, re-read and hash the rows again.)
 */
async function lockedAppend(tx: Db, inputs: AuditInput[], prehashed: Prehashed | undefined) {
  const locked = Promise.resolve(tx.execute(sql`SELECT 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE`));
  locked.catch(() => {}); // awaited below; a failure also fails the append
  const rows = await appendAuditEvents(tx, inputs, { prehashed });
  await locked;
  return rows;
}

/**
 * One append at a time in this process, taken before the rows are hashed and released as soon
 * as they are written and the head has moved (before commit): the next batch is then hashed
 * from this one's tail (the chain head record.ts caches) while this one finishes — outside its
 * own transaction, so hashing neither holds the head's lock nor, on PGlite, the one
 * transaction — instead of both hashing from the same head and one re-hashing after a failed
 * check. Correctness does not depend on it: the append checks the head it hashed from
 * (another instance, a rollback) and re-hashes from the locked head when it moved.
 */
const appendSlot = () => processSingleton<{ last: Promise<void> }>("audit-ingest-append-slot", () => ({ last: Promise.resolve() }));

/** Waits for the slot; resolves with its release (idempotent). */
async function takeAppendSlot(): Promise<() => void> {
  const slot = appendSlot();
  const prior = slot.last;
  let release!: () => void;
  slot.last = new Promise<void>((r) => (release = r));
  await prior;
  return release;
}

/**
 * The body hashes already stored for these client ids. One JSON parameter (not one bind
 * parameter per id); ARRAY(…) is evaluated once, so the lookup is an index scan on
 * audit_events_client_id_idx for any table size. Ids are looked up as stored (stripNul:
 * JSON text would carry a lone surrogate that a bind parameter turned into U+FFFD).
 */
async function storedBodyHashes(db: Db, clientIds: string[]): Promise<Map<string, string | null>> {
  const res = (await db.execute(sql`
    SELECT client_id, body_hash FROM audit_events
     WHERE client_id = ANY (ARRAY(SELECT json_array_elements_text(${JSON.stringify(stripNul(clientIds))}::json)))`)) as unknown as Rows<{
    client_id: string;
    body_hash: string | null;
  }>;
  return new Map(res.rows.map((r) => [r.client_id, r.body_hash]));
}

async function resolveAgents(db: Db, idents: string[]): Promise<Map<string, AgentRef>> {
  const map = new Map<string, AgentRef>();
  if (idents.length === 0) return map;
  const uuids = idents.filter((s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s));
  const rows = await db
    .select({ id: agents.id, slug: agents.slug })
    .from(agents)
    .where(uuids.length ? sql`${inArray(agents.slug, idents)} OR ${inArray(agents.id, uuids)}` : inArray(agents.slug, idents));
  for (const r of rows) {
    map.set(r.slug, r);
    map.set(r.id, r);
  }
  return map;
}

/**
 * Stores a batch of client events (POST /api/v1/events). One transaction: the answer is sent
 * only after commit, and a crash mid-batch leaves nothing, so a retry stores every event once.
 * Statements per request, not per event: agent lookup (integration tokens), dedupe lookup, the
 * append (head move + rows + checkpoint, one statement), one for sessions and last-seen, one
 * for shadow agents, and a few per violation group (record.ts, lib/violations).
 */
export async function ingestEvents(db: Db, caller: MachineCaller, raw: unknown[]): Promise<IngestResult> {
  const result: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  const valid = await runYielding(prepare(raw, caller, result, await offloadLargePayloads(raw)));
  const agentsById =
    caller.kind === "agent"
      ? new Map<string, AgentRef>([["", { id: caller.agent.id, slug: caller.agent.slug }]])
      : await resolveAgents(db, [...new Set(valid.map((v) => v.ev.agent!.trim()))]);

  // Same id twice in one batch: a retry inside the batch is a duplicate, a different body is refused.
  const seen = new Map<string, string>();
  const candidates: Candidate[] = [];
  await runYielding(candidatesOf());
  function* candidatesOf(): Steps<void> {
    for (const { index, ev, bodyHash, payloadCanonical, off } of valid) {
      const prior = seen.get(ev.id);
      if (prior !== undefined) {
        if (prior === bodyHash) result.duplicates++;
        else result.rejected.push({ index, error: `id ${JSON.stringify(ev.id)} appears earlier in this batch with a different body` });
        continue;
      }
      seen.set(ev.id, bodyHash);
      const ident = caller.kind === "agent" ? "" : ev.agent!.trim();
      const agent = agentsById.get(ident) ?? null;
      candidates.push(yield* toCandidate(index, ev, bodyHash, payloadCanonical, agent, agent?.slug ?? ident, off));
    }
  }

  if (candidates.length > 0) {
    const early = { duplicates: result.duplicates, rejected: result.rejected.length };
    for (let attempt = 1; ; attempt++) {
      try {
        // The dedupe lookup needs no lock and no transaction: a batch committed after it with
        // one of these ids makes the append fail on the unique client id index, and the whole
        // attempt runs again (below). Outside the transaction it also keeps PGlite's
        // (exclusive) transactions one statement shorter.
        const storedHash = await storedBodyHashes(
          db,
          candidates.map((c) => c.input.clientId),
        );
        const owners = await sessionOwners(db, [...new Set(candidates.flatMap((c) => (c.input.sessionId ? [c.input.sessionId] : [])))]);
        const fresh: Candidate[] = [];
        for (const c of candidates) {
          const stored = storedHash.get(stripNul(c.input.clientId));
          // a session new to the database belongs to the first event of the batch that names it
          const sid = c.input.sessionId && stripNul(c.input.sessionId);
          if (sid && stored === undefined && !owners.has(sid)) owners.set(sid, ownerOf(c.input.agentId, c.input.agentSlug));
          if (stored === undefined && foreignSession(c, owners))
            result.rejected.push({ index: c.index, error: "session_id: this session belongs to another agent" });
          else if (stored === undefined) fresh.push(c);
          else if (stored === c.input.bodyHash) result.duplicates++;
          else
            result.rejected.push({
              index: c.index,
              error: `an event with id ${JSON.stringify(c.input.clientId)} is already stored with a different body; it was not overwritten`,
            });
        }
        if (fresh.length > 0) {
          // Large payloads first, outside the chained statement and before the chain head is
          // taken: each in parts, each part its own short statement (payload-store.ts). The
          // append below runs only once all of them are committed.
          for (const c of fresh) if (c.outside) c.input.payloadRef = await storeLargePayload(db, c.outside.canonical, c.outside.sha256);
          const found = batchFindings(caller, fresh);
          // On PostgreSQL the violations are raised before the append, outside the chain head's
          // lock (held from the append to the commit, and every other batch and decision waits
          // on it), and their evidence linked after it. The append slot is then taken inside the
          // transaction, after them. On PGlite (one connection) the order changes nothing for
          // others, and the slot is taken first so the rows are hashed outside the transaction.
          const early = found.hits.length > 0 && isPostgresPool(db);
          const inputs = fresh.map((c) => c.input);
          let release = early ? undefined : await takeAppendSlot();
          try {
            const prehashed = early ? undefined : prehashAuditEvents(inputs);
            await transaction(db, async (tx) => {
              const raised = early ? await raiseIngestViolations(tx, found.hits) : undefined;
              release ??= await takeAppendSlot();
              const rows = await lockedAppend(tx, inputs, prehashed ?? prehashAuditEvents(inputs));
              release();
              result.accepted = rows.length;
              const seqs = rows.map((r) => r.seq);
              await afterAppend(tx, found);
              if (found.hits.length) await linkIngestEvidence(tx, found.hits, raised ?? (await raiseIngestViolations(tx, found.hits)), seqs);
              // Appends are serialised by the chain head's lock and sessions are written with
              // them: a session another batch opened since our check is visible here.
              const now = await sessionOwners(tx, [...new Set(fresh.flatMap((c) => (c.input.sessionId ? [c.input.sessionId] : [])))]);
              if (fresh.some((c) => foreignSession(c, now))) throw new SessionTaken();
            });
          } finally {
            release?.();
          }
        }
        break;
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !(isClientIdConflict(err) || err instanceof SessionTaken)) throw err;
        result.accepted = 0;
        result.duplicates = early.duplicates;
        result.rejected.length = early.rejected;
      }
    }
  }
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}

type SessionTouch = {
  agentId: string | null;
  agentSlug: string | null;
  initiatedBy: string | null;
  repository: string | null;
  first: Date;
  last: Date;
  ended: boolean;
};

/**
 * Upserts the sessions the batch touched and marks its agents seen: one statement (a
 * data-modifying WITH always runs to completion), the rows as one JSON parameter. An existing session keeps its earliest start, latest event, first
 * end and first known repository.
 */
async function touchSessionsAndAgents(tx: Db, sessions: Map<string, SessionTouch>, agentIds: string[]) {
  const rows = [...sessions].map(([id, s]) => ({
    id,
    agent_id: s.agentId,
    agent_slug: s.agentSlug,
    initiated_by: s.initiatedBy,
    repository: s.repository,
    started_at: s.first.toISOString(),
    last_event_at: s.last.toISOString(),
    ended_at: s.ended ? s.last.toISOString() : null,
    ended_reason: s.ended ? "session.end" : null,
  }));
  await tx.execute(sql`
    WITH touched AS (
      INSERT INTO agent_sessions AS t (id, agent_id, agent_slug, initiated_by, repository, started_at, last_event_at, ended_at, ended_reason)
      SELECT x.id, x.agent_id, x.agent_slug, x.initiated_by, x.repository, x.started_at, x.last_event_at, x.ended_at, x.ended_reason
        FROM json_to_recordset(${JSON.stringify(stripNul(rows))}::json) AS x(id text, agent_id uuid, agent_slug text, initiated_by text,
             repository text, started_at timestamptz, last_event_at timestamptz, ended_at timestamptz, ended_reason text)
      ON CONFLICT (id) DO UPDATE SET
        last_event_at = greatest(t.last_event_at, excluded.last_event_at),
        started_at = least(t.started_at, excluded.started_at),
        ended_at = coalesce(t.ended_at, excluded.ended_at),
        ended_reason = coalesce(t.ended_reason, excluded.ended_reason),
        repository = coalesce(t.repository, excluded.repository)
    )
    UPDATE agents SET last_seen_at = ${new Date().toISOString()}::timestamptz
     WHERE id IN (SELECT json_array_elements_text(${JSON.stringify(agentIds)}::json)::uuid)`);
}

interface BatchFindings {
  sessions: Map<string, SessionTouch>;
  seenAgents: Set<string>;
  /** unregistered agent identifiers: sightings and the first event naming each (batch index) */
  shadows: Map<string, { n: number; event: number; type: string }>;
  via: string;
  /** secret exposures and shadow agents, each with its event's batch index */
  hits: IngestHit[];
}

/** What the batch touches and raises, before it is appended (no seqs yet). */
function batchFindings(caller: MachineCaller, fresh: Candidate[]): BatchFindings {
  const hits: IngestHit[] = [];
  const sessions = new Map<string, SessionTouch>();
  const seenAgents = new Set<string>();
  const shadows = new Map<string, { n: number; event: number; type: string }>();
  const via = caller.kind === "integration" ? `integration token ${caller.tokenPrefix}… (${caller.name})` : "agent token";
  fresh.forEach((c, i) => {
    const e = c.input;
    const t = e.time ?? new Date();
    if (e.agentId) seenAgents.add(e.agentId);
    else if (e.agentSlug) {
      const s = shadows.get(e.agentSlug);
      if (s) s.n++;
      else shadows.set(e.agentSlug, { n: 1, event: i, type: e.type });
    }
    if (e.sessionId) {
      const s = sessions.get(e.sessionId);
      if (!s)
        sessions.set(e.sessionId, {
          agentId: e.agentId ?? null,
          agentSlug: e.agentSlug ?? null,
          initiatedBy: e.initiatedBy ?? null,
          repository: e.repository ?? null,
          first: t,
          last: t,
          ended: c.ended,
        });
      else {
        if (t < s.first) s.first = t;
        if (t > s.last) s.last = t;
        s.ended ||= c.ended;
        s.repository ??= e.repository ?? null;
      }
    }
    if (e.redactions) {
      const rules = Object.keys(c.redactedRules).join(", ");
      hits.push({
        kind: "secret_exposure",
        severity: "high",
        agentId: e.agentId ?? null,
        agentSlug: e.agentSlug ?? null,
        title: "Secret exposed in agent activity",
        explanation: `${e.redactions} secret(s) (${rules}) were redacted from a ${e.type} event before storage.`,
        event: i,
        details: { rules: c.redactedRules, eventType: e.type },
      });
    }
  });
  for (const [identifier, s] of shadows)
    hits.push({
      kind: "shadow_agent",
      severity: "medium",
      agentId: null,
      agentSlug: identifier,
      title: `Unregistered agent "${identifier}" reported activity`,
      explanation: `${s.n} event(s) named agent "${identifier}", which is not in the registry; they were stored.`,
      event: s.event,
      details: { via, events: s.n },
    });
  return { sessions, seenAgents, shadows, via, hits };
}

/** Sessions, last-seen and shadow agents for the rows just appended. */
async function afterAppend(tx: Db, found: BatchFindings) {
  const { sessions, seenAgents, shadows, via } = found;
  if (sessions.size || seenAgents.size) await touchSessionsAndAgents(tx, sessions, [...seenAgents]);
  if (shadows.size)
    await tx
      .insert(shadowAgents)
      .values([...shadows].map(([identifier, s]) => ({ identifier, source: "events", sightings: s.n, example: `${s.type} event via ${via}` })))
      .onConflictDoUpdate({
        target: shadowAgents.identifier,
        set: { lastSeenAt: sql`now()`, sightings: sql`${shadowAgents.sightings} + excluded.sightings` },
      });
}
