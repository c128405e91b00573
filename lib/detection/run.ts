import "server-only";
import { transaction, type Db } from "@/db/client";
import { raiseViolations, type RaiseResult } from "@/lib/violations/raise";
import { DETECTORS, runDetectors } from "./index";
import { DEFAULT_THRESHOLDS, makeContext, type Thresholds } from "./types";
import { loadAgents, loadContextEvents, loadHistoryPage, loadRoleBaselines, loadThresholds, toDetectionEvent, type EventRow } from "./context";

export interface DetectOptions {
  /** Overrides both the defaults and the `detection.thresholds` setting. */
  thresholds?: Partial<Thresholds>;
  /** How far back the context (same agents / sessions) reaches. Default 1 h. */
  lookbackMs?: number;
  /** Grouping window for raiseViolations. Default 1 h. */
  groupWindowMs?: number;
  /** Enqueue webhook deliveries for new high/critical violations. Default true. */
  alert?: boolean;
  /** Use the per-process role baseline cache. Default true (live); rescans pass false. */
  cachedBaselines?: boolean;
  /** Detector kinds to skip, e.g. ["scope_violation", "forbidden_attempt"] where the caller raised them already. */
  exclude?: string[];
}

export const DEFAULT_LOOKBACK_MS = 60 * 60 * 1000;

const EMPTY: RaiseResult = { ids: [], created: [], alert: [], byHit: [] };

/**
 * Runs every detector for freshly committed events (ingestion, decisions): loads the agents,
 * their recent events and sessions (bounded), keeps only hits that involve a new event, and
 * writes violations (+ alert deliveries) in one transaction. Call after the events' commit.
 */
export async function detectForEvents(db: Db, newEvents: EventRow[], opts: DetectOptions = {}): Promise<RaiseResult> {
  if (newEvents.length === 0) return EMPTY;
  const fresh = newEvents.map(toDetectionEvent);
  const newSeqs = new Set(fresh.map((e) => e.seq));
  const agentIds = [...new Set(fresh.map((e) => e.agentId).filter((v): v is string => !!v))];
  const slugs = [...new Set(fresh.map((e) => e.agentSlug).filter((v): v is string => !!v))];
  const sessionIds = [...new Set(fresh.map((e) => e.sessionId).filter((v): v is string => !!v))];
  const minTime = Math.min(...fresh.map((e) => e.time.getTime()));
  const minSeq = Math.min(...newSeqs);
  const maxSeq = Math.max(...newSeqs);
  const thresholds = { ...DEFAULT_THRESHOLDS, ...(await loadThresholds(db)), ...opts.thresholds };
  const lookback = Math.max(opts.lookbackMs ?? DEFAULT_LOOKBACK_MS, thresholds.persistenceWindowMs);

  const agentCtx = await loadAgents(db, agentIds, slugs);
  const context = await loadContextEvents(db, { agentIds, sessionIds, from: new Date(minTime - lookback), maxSeq });
  const bySeq = new Map<number, ReturnType<typeof toDetectionEvent>>();
  for (const r of context) bySeq.set(Number(r.seq), toDetectionEvent(r));
  for (const e of fresh) bySeq.set(e.seq, e);
  const baselines = agentCtx.length
    ? await loadRoleBaselines(db, Math.min(minSeq, ...[...bySeq.keys()]), new Date(minTime), opts.cachedBaselines ?? true)
    : { types: new Map<string, Set<string>>(), counts: new Map<string, number>() };

  const ctx = makeContext({ agents: agentCtx, thresholds, roleBaselines: baselines.types, roleEventCounts: baselines.counts });
  const detectors = opts.exclude?.length ? DETECTORS.filter((d) => !opts.exclude!.includes(d.kind)) : DETECTORS;
  const hits = runDetectors([...bySeq.values()], ctx, detectors).filter((h) => h.evidenceSeqs.some((s) => newSeqs.has(s)));
  if (hits.length === 0) return EMPTY;
  return transaction(db, async (tx) => {
    return raiseViolations(tx, hits, { windowMs: opts.groupWindowMs, alert: opts.alert !== false });
  });
}

/** Same as detectForEvents, never throwing: for wiring after a commit where detection must not fail the request. */
export async function detectForEventsSafely(db: Db, newEvents: EventRow[], opts?: DetectOptions): Promise<RaiseResult> {
  try {
    return await detectForEvents(db, newEvents, opts);
  } catch (err) {
    console.error("[gatehouse] detection failed:", err instanceof Error ? err.message : String(err));
    return EMPTY;
  }
}

export interface RescanResult {
  events: number;
  batches: number;
  created: number;
  updated: number;
}

/**
 * Re-runs detection over history in keyset batches (by seq). Idempotent: evidence already
 * linked to a violation is not counted again. Alerts are off unless asked for.
 */
export async function rescanHistory(db: Db, range: { from: Date; to: Date; batchSize?: number }, opts: DetectOptions = {}): Promise<RescanResult> {
  const out: RescanResult = { events: 0, batches: 0, created: 0, updated: 0 };
  let after = 0;
  for (;;) {
    const page = await loadHistoryPage(db, { from: range.from, to: range.to, afterSeq: after, limit: range.batchSize ?? 1000 });
    if (page.length === 0) break;
    const res = await detectForEvents(db, page, { alert: false, cachedBaselines: false, ...opts });
    out.events += page.length;
    out.batches += 1;
    out.created += res.created.length;
    out.updated += res.ids.length - res.created.length;
    after = Number(page[page.length - 1].seq);
  }
  return out;
}
