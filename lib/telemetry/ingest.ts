import { createHash } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { transaction, type Db } from "@/db/client";
import { agents, shadowAgents } from "@/db/schema";
import type { MachineCaller } from "@/lib/auth/machine";
import { ingestEvents } from "@/lib/audit/ingest";
import { raiseViolations } from "@/lib/violations/raise";
import { mapLogs, mapMetrics, mapTraces, type Mapped } from "./mapping";
import type { Signal } from "./otlp";
import { storeContributions, type Owner } from "./store";
import { checkBudgets } from "./budgets";
import { storageValue } from "@/lib/redaction/storage";

export interface OtlpIngestResult {
  rejected: number;
  message: string;
}

type Obj = Record<string, unknown>;
const RESOURCE_KEY: Record<Signal, string> = { metrics: "resourceMetrics", logs: "resourceLogs", traces: "resourceSpans" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Data points, log records or spans in one resource entry (what partial success counts). */
function countItems(signal: Signal, entry: Obj): number {
  let n = 0;
  const list = (v: unknown) => (Array.isArray(v) ? (v as Obj[]) : []);
  if (signal === "metrics")
    for (const sm of list(entry.scopeMetrics))
      for (const m of list(sm.metrics)) {
        const data = (m.sum ?? m.gauge ?? m.histogram ?? m.exponentialHistogram ?? m.summary) as Obj | undefined;
        n += list(data?.dataPoints).length;
      }
  else if (signal === "logs") for (const sl of list(entry.scopeLogs)) n += list(sl.logRecords).length;
  else for (const ss of list(entry.scopeSpans)) n += list(ss.spans).length;
  return n;
}

function hasAgentAttr(entry: Obj): boolean {
  const attrs = ((entry.resource as Obj | undefined)?.attributes ?? []) as { key?: string; value?: { stringValue?: string } }[];
  return attrs.some((a) => ["gatehouse.agent", "gen_ai.agent.id", "gen_ai.agent.name"].includes(a.key ?? "") && !!a.value?.stringValue);
}

async function resolveRefs(db: Db, refs: string[]): Promise<Map<string, Owner>> {
  const out = new Map<string, Owner>();
  if (refs.length === 0) return out;
  const uuids = refs.filter((r) => UUID.test(r));
  const rows = await db
    .select({ id: agents.id, slug: agents.slug })
    .from(agents)
    .where(uuids.length ? sql`${inArray(agents.slug, refs)} OR ${inArray(agents.id, uuids)}` : inArray(agents.slug, refs));
  for (const r of rows) {
    out.set(r.slug, { agentId: r.id, agentSlug: r.slug });
    out.set(r.id, { agentId: r.id, agentSlug: r.slug });
  }
  return out;
}

/** Unregistered agents named by a collector's telemetry: recorded and raised, as events ingest does. */
async function recordShadows(db: Db, caller: MachineCaller, refs: string[], signal: Signal) {
  if (refs.length === 0) return;
  const via = caller.kind === "integration" ? `integration token ${caller.tokenPrefix}… (${caller.name})` : "agent token";
  await transaction(db, async (tx) => {
    await tx
      .insert(shadowAgents)
      // one row per identifier as stored (redacted, lib/redaction/storage.ts): two that redact alike would upsert one row twice
      .values([...new Set(refs.map(storageValue))].map((identifier) => ({ identifier, source: "telemetry", example: `OTLP ${signal} via ${via}` })))
      .onConflictDoUpdate({ target: shadowAgents.identifier, set: { lastSeenAt: sql`now()`, sightings: sql`${shadowAgents.sightings} + 1` } });
    await raiseViolations(
      tx,
      refs.map((identifier) => ({
        kind: "shadow_agent",
        severity: "medium" as const,
        agentId: null,
        agentSlug: identifier,
        title: `Unregistered agent "${identifier}" reported activity`,
        explanation: `OpenTelemetry ${signal} named agent "${identifier}", which is not in the registry; they were stored.`,
        evidenceSeqs: [],
        details: { via, source: "telemetry" },
      })),
      { alert: true },
    );
  });
}

const MAPPERS: Record<Signal, (req: Obj) => Mapped> = { metrics: mapMetrics, logs: mapLogs, traces: mapTraces };

/**
 * One OTLP export. With an agent token everything belongs to that agent; with an integration
 * token (a collector forwarding many agents) each resource names its agent in `gatehouse.agent`
 * (or gen_ai.agent.id / gen_ai.agent.name) — resources that name none are rejected (partial
 * success), unregistered ones are stored and flagged as shadow agents.
 * Order: governance events first (idempotent by id), then the buckets, then budgets — so a
 * retried export after a failure in between never counts cost twice.
 */
export async function ingestOtlp(db: Db, caller: MachineCaller, signal: Signal, req: Obj): Promise<OtlpIngestResult> {
  let rejected = 0;
  let message = "";
  if (caller.kind === "integration") {
    const entries = Array.isArray(req[RESOURCE_KEY[signal]]) ? (req[RESOURCE_KEY[signal]] as Obj[]) : [];
    const kept = entries.filter((e) => {
      if (hasAgentAttr(e)) return true;
      rejected += countItems(signal, e);
      return false;
    });
    if (rejected) message = "resources without a gatehouse.agent attribute were rejected (an integration token forwards many agents: name each)";
    req = { ...req, [RESOURCE_KEY[signal]]: kept };
  }
  const mapped = MAPPERS[signal](req);
  if (mapped.rejected) {
    rejected += mapped.rejected;
    message ||= mapped.rejectReason;
  }

  let ownerOf: (ref: string | null) => Owner | undefined;
  if (caller.kind === "agent") {
    const own: Owner = { agentId: caller.agent.id, agentSlug: caller.agent.slug };
    ownerOf = () => own;
  } else {
    const refs = [...mapped.agentRefs];
    const known = await resolveRefs(db, refs);
    const shadows = refs.filter((r) => !known.has(r));
    for (const s of shadows) known.set(s, { agentId: null, agentSlug: s.slice(0, 200) });
    ownerOf = (ref) => (ref ? known.get(ref) : undefined);
    // shadow agents named only by governance events are flagged by the events ingest below
    const inBuckets = new Set(mapped.contributions.map((c) => c.agentRef).concat(mapped.cumulative.map((c) => c.agentRef)));
    await recordShadows(
      db,
      caller,
      shadows.filter((s) => inBuckets.has(s)),
      signal,
    );
  }

  if (mapped.audit.length) {
    // ids are per agent for agent tokens (two agents may send identical records)
    const scope = caller.kind === "agent" ? caller.agent.id : "";
    const events = mapped.audit.map((a) => ({
      ...a.event,
      id: scope
        ? `otel-${createHash("sha256")
            .update(scope + a.event.id)
            .digest("hex")
            .slice(0, 32)}`
        : a.event.id,
    }));
    const res = await ingestEvents(db, caller, events);
    if (res.rejected.length) {
      rejected += res.rejected.length;
      message ||= `event rejected: ${res.rejected[0].error}`;
    }
  }
  await storeContributions(db, mapped.contributions, mapped.cumulative, ownerOf);

  const costAgents = new Set<string>();
  for (const c of [...mapped.contributions, ...mapped.cumulative]) {
    const id = c.kind === "cost_usd" ? ownerOf(c.agentRef)?.agentId : null;
    if (id) costAgents.add(id);
  }
  if (costAgents.size) await checkBudgets(db, [...costAgents]);
  return { rejected, message };
}
