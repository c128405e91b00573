import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentSessions, agents, auditEvents, shadowAgents } from "@/db/schema";
import type { MachineCaller } from "@/lib/auth/machine";
import { redactValue } from "@/lib/redaction/redact";
import { MAX_JSON_DEPTH, jsonDepth } from "@/lib/security/json-guard";
import { GENESIS_HASH, canonicalJson, sha256Hex } from "./canonical";
import { appendAuditEvents, type AuditInput } from "./record";
import { clientEventSchema, type ClientEvent } from "./schemas";
import { raiseIngestViolations, type IngestHit } from "./violations";

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
}

type AgentRef = { id: string; slug: string };

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message)).join("; ");
}

/** Validates, redacts and shapes each event; nothing here touches the database. */
function prepare(raw: unknown[], caller: MachineCaller, result: IngestResult) {
  const out: { index: number; ev: ClientEvent; bodyHash: string }[] = [];
  raw.forEach((item, index) => {
    // Hashing and redaction recurse: 100,000 levels of nesting were a stack overflow (a 500).
    if (jsonDepth(item, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
      return result.rejected.push({ index, error: `the event nests deeper than ${MAX_JSON_DEPTH} levels` });
    const parsed = clientEventSchema.safeParse(item);
    if (!parsed.success) return result.rejected.push({ index, error: describeIssues(parsed.error.issues) });
    if (caller.kind === "integration" && !parsed.data.agent?.trim())
      return result.rejected.push({ index, error: "agent: required with an integration token (the agent's id or slug)" });
    // The body hash covers what the client sent (before redaction), key order aside.
    out.push({ index, ev: parsed.data, bodyHash: sha256Hex(canonicalJson(item)) });
  });
  return out;
}

function toCandidate(index: number, ev: ClientEvent, bodyHash: string, agent: AgentRef | null, slug: string): Candidate {
  const a = ev.action ?? {};
  // Every string the event carries is scanned; only the redacted form is ever stored.
  const { value: r, report } = redactValue({
    clientId: ev.id,
    agentSlug: slug,
    sessionId: ev.session_id ?? null,
    initiatedBy: ev.initiated_by ?? null,
    actionType: a.type ?? null,
    tool: a.tool ?? null,
    repository: a.repository ?? null,
    branch: a.branch ?? null,
    environment: a.environment ?? null,
    resource: a.resource ?? null,
    command: a.command ?? null,
    endpoint: a.endpoint ?? null,
    rollbackRef: ev.rollback_ref ?? null,
    payload: ev.payload ?? null,
  });
  return {
    index,
    redactedRules: report.rules,
    ended: ev.type === "session.end",
    input: {
      ...r,
      bodyHash,
      actorKind: "agent",
      type: ev.type,
      time: ev.time ? new Date(ev.time) : undefined,
      agentId: agent?.id ?? null,
      outcome: ev.outcome ?? null,
      redactions: report.count,
    },
  };
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
 * Queries per request, not per event: agent lookup, head lock, dedupe lookup, chunked inserts,
 * one upsert each for sessions / shadow agents / last-seen, and one per violation group.
 */
export async function ingestEvents(db: Db, caller: MachineCaller, raw: unknown[]): Promise<IngestResult> {
  const result: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  const valid = prepare(raw, caller, result);
  const agentsById =
    caller.kind === "agent"
      ? new Map<string, AgentRef>([["", { id: caller.agent.id, slug: caller.agent.slug }]])
      : await resolveAgents(db, [...new Set(valid.map((v) => v.ev.agent!.trim()))]);

  // Same id twice in one batch: a retry inside the batch is a duplicate, a different body is refused.
  const seen = new Map<string, string>();
  const candidates: Candidate[] = [];
  for (const { index, ev, bodyHash } of valid) {
    const prior = seen.get(ev.id);
    if (prior !== undefined) {
      if (prior === bodyHash) result.duplicates++;
      else result.rejected.push({ index, error: `id ${JSON.stringify(ev.id)} appears earlier in this batch with a different body` });
      continue;
    }
    seen.set(ev.id, bodyHash);
    const ident = caller.kind === "agent" ? "" : ev.agent!.trim();
    const agent = agentsById.get(ident) ?? null;
    candidates.push(toCandidate(index, ev, bodyHash, agent, agent?.slug ?? ident));
  }

  if (candidates.length > 0) {
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      // Lock the chain head first so that the dedupe lookup and the append see one order.
      await tx.execute(sql`INSERT INTO audit_chain_head (id, seq, hash, count) VALUES (1, 0, ${GENESIS_HASH}, 0) ON CONFLICT (id) DO NOTHING`);
      await tx.execute(sql`SELECT 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE`);
      const stored = await tx
        .select({ clientId: auditEvents.clientId, bodyHash: auditEvents.bodyHash })
        .from(auditEvents)
        .where(inArray(auditEvents.clientId, candidates.map((c) => c.input.clientId)));
      const storedHash = new Map(stored.map((s) => [s.clientId!, s.bodyHash]));
      const fresh: Candidate[] = [];
      for (const c of candidates) {
        if (!storedHash.has(c.input.clientId)) fresh.push(c);
        else if (storedHash.get(c.input.clientId) === c.input.bodyHash) result.duplicates++;
        else
          result.rejected.push({
            index: c.index,
            error: `an event with id ${JSON.stringify(c.input.clientId)} is already stored with a different body; it was not overwritten`,
          });
      }
      if (fresh.length === 0) return;
      const rows = await appendAuditEvents(tx, fresh.map((c) => c.input));
      result.accepted = rows.length;
      await afterAppend(tx, caller, fresh, rows.map((r) => r.seq));
    });
  }
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}

/** Sessions, last-seen, shadow agents and violations for the rows just appended. */
async function afterAppend(tx: Db, caller: MachineCaller, fresh: Candidate[], seqs: number[]) {
  const hits: IngestHit[] = [];
  const sessions = new Map<string, { agentId: string | null; agentSlug: string | null; initiatedBy: string | null; repository: string | null; first: Date; last: Date; ended: boolean }>();
  const seenAgents = new Set<string>();
  const shadows = new Map<string, { n: number; seq: number; type: string }>();
  fresh.forEach((c, i) => {
    const e = c.input;
    const t = e.time ?? new Date();
    if (e.agentId) seenAgents.add(e.agentId);
    else if (e.agentSlug) {
      const s = shadows.get(e.agentSlug);
      if (s) s.n++;
      else shadows.set(e.agentSlug, { n: 1, seq: seqs[i], type: e.type });
    }
    if (e.sessionId) {
      const s = sessions.get(e.sessionId);
      if (!s) sessions.set(e.sessionId, { agentId: e.agentId ?? null, agentSlug: e.agentSlug ?? null, initiatedBy: e.initiatedBy ?? null, repository: e.repository ?? null, first: t, last: t, ended: c.ended });
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
        eventSeq: seqs[i],
        details: { rules: c.redactedRules, eventType: e.type },
      });
    }
  });
  if (sessions.size) {
    await tx
      .insert(agentSessions)
      .values(
        [...sessions].map(([id, s]) => ({
          id,
          agentId: s.agentId,
          agentSlug: s.agentSlug,
          initiatedBy: s.initiatedBy,
          repository: s.repository,
          startedAt: s.first,
          lastEventAt: s.last,
          endedAt: s.ended ? s.last : null,
          endedReason: s.ended ? "session.end" : null,
        })),
      )
      .onConflictDoUpdate({
        target: agentSessions.id,
        set: {
          lastEventAt: sql`greatest(${agentSessions.lastEventAt}, excluded.last_event_at)`,
          startedAt: sql`least(${agentSessions.startedAt}, excluded.started_at)`,
          endedAt: sql`coalesce(${agentSessions.endedAt}, excluded.ended_at)`,
          endedReason: sql`coalesce(${agentSessions.endedReason}, excluded.ended_reason)`,
          repository: sql`coalesce(${agentSessions.repository}, excluded.repository)`,
        },
      });
  }
  if (seenAgents.size) await tx.update(agents).set({ lastSeenAt: new Date() }).where(inArray(agents.id, [...seenAgents]));
  if (shadows.size) {
    const via = caller.kind === "integration" ? `integration token ${caller.tokenPrefix}… (${caller.name})` : "agent token";
    await tx
      .insert(shadowAgents)
      .values([...shadows].map(([identifier, s]) => ({ identifier, source: "events", sightings: s.n, example: `${s.type} event via ${via}` })))
      .onConflictDoUpdate({
        target: shadowAgents.identifier,
        set: { lastSeenAt: sql`now()`, sightings: sql`${shadowAgents.sightings} + excluded.sightings` },
      });
    for (const [identifier, s] of shadows)
      hits.push({
        kind: "shadow_agent",
        severity: "medium",
        agentId: null,
        agentSlug: identifier,
        title: `Unregistered agent "${identifier}" reported activity`,
        explanation: `${s.n} event(s) named agent "${identifier}", which is not in the registry; they were stored.`,
        eventSeq: s.seq,
        details: { via, events: s.n },
      });
  }
  if (hits.length) await raiseIngestViolations(tx, hits);
}
