import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { violationEvidence, violations } from "@/db/schema";
import { groupKeyOf, maxSeverity, severityRank, type Severity, type ViolationHit } from "./types";
import { enqueueAlertDeliveries } from "./alerts";

export const DEFAULT_GROUP_WINDOW_MS = 60 * 60 * 1000;

export interface RaiseOptions {
  /** Hits of one group within this long after the violation's lastSeenAt fold into it. */
  windowMs?: number;
  now?: Date;
  /** Enqueue webhook deliveries for the created high/critical ones, in the same transaction. */
  alert?: boolean;
}

export interface RaiseResult {
  /** Every violation created or updated. */
  ids: string[];
  /** The ones created by this call. */
  created: string[];
  /** Created ones with severity high or critical: the ones to alert on. */
  alert: string[];
  /**
   * For each hit, in the order given, the violation it was counted in or folded into; undefined
   * for a hit skipped because its evidence was linked already.
   */
  byHit: (string | undefined)[];
}

const OPEN = ["open", "triaged"] as const;
const EVIDENCE_CHUNK = 5000;

/** Splits time-sorted hits where the gap to the previous one exceeds the window. */
function clusters(hits: ViolationHit[], windowMs: number, now: Date): ViolationHit[][] {
  const sorted = [...hits].sort((a, b) => (a.at ?? now).getTime() - (b.at ?? now).getTime());
  const out: ViolationHit[][] = [];
  let last = -Infinity;
  for (const h of sorted) {
    const t = (h.at ?? now).getTime();
    if (out.length === 0 || t - last > windowMs) out.push([]);
    out[out.length - 1].push(h);
    last = t;
  }
  return out;
}

function summarise(hits: ViolationHit[], now: Date) {
  let severity: Severity = hits[0].severity;
  let top = hits[0];
  const seqs = new Set<number>();
  for (const h of hits) {
    severity = maxSeverity(severity, h.severity);
    if (severityRank(h.severity) >= severityRank(top.severity)) top = h;
    for (const s of h.evidenceSeqs) seqs.add(s);
  }
  const times = hits.map((h) => (h.at ?? now).getTime());
  return {
    severity,
    top,
    seqs: [...seqs],
    first: new Date(Math.min(...times)),
    last: new Date(Math.max(...times)),
  };
}

/**
 * Writes detector hits as violations. Call inside a transaction (the per-group advisory lock
 * keeps two writers from opening two rows for one group). Queries are per group, not per hit:
 * a lock, the already-linked evidence, the open candidate, one write, one evidence insert.
 *
 * Idempotent over evidence: a hit whose evidence is already linked to a violation of the same
 * group is skipped, so re-running detection over the same events (rescans, overlapping
 * context windows) never inflates counts.
 */
export async function raiseViolations(tx: Db, hits: ViolationHit[], opts: RaiseOptions = {}): Promise<RaiseResult> {
  const windowMs = opts.windowMs ?? DEFAULT_GROUP_WINDOW_MS;
  const now = opts.now ?? new Date();
  const result: RaiseResult = { ids: [], created: [], alert: [], byHit: [] };
  const idOf = new Map<ViolationHit, string>();
  const groups = new Map<string, ViolationHit[]>();
  for (const h of hits) {
    const k = groupKeyOf(h);
    const list = groups.get(k);
    if (list) list.push(h);
    else groups.set(k, [h]);
  }
  // A stable lock order avoids deadlocks between concurrent writers.
  for (const key of [...groups.keys()].sort()) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${"violation:" + key}))`);
    let pending = groups.get(key)!;
    const allSeqs = [...new Set(pending.flatMap((h) => h.evidenceSeqs))];
    if (allSeqs.length) {
      const linked = await tx
        .select({ seq: violationEvidence.eventSeq, violationId: violationEvidence.violationId })
        .from(violationEvidence)
        .innerJoin(violations, eq(violations.id, violationEvidence.violationId))
        .where(and(eq(violations.groupKey, key), inArray(violationEvidence.eventSeq, allSeqs)));
      const known = new Map(linked.map((r) => [Number(r.seq), r.violationId]));
      // A hit sharing evidence with a counted one was counted already (a sliding-window
      // detector re-run over other batch boundaries sees the same incident): link any new
      // evidence to that violation, but do not count it again.
      const overlapping: { violationId: string; seqs: number[] }[] = [];
      pending = pending.filter((h) => {
        const seen = h.evidenceSeqs.find((s) => known.has(s));
        if (seen === undefined) return true;
        const extra = h.evidenceSeqs.filter((s) => !known.has(s));
        if (extra.length) overlapping.push({ violationId: known.get(seen)!, seqs: extra });
        return false;
      });
      for (const o of overlapping) {
        await tx
          .insert(violationEvidence)
          .values(o.seqs.map((seq) => ({ violationId: o.violationId, eventSeq: seq })))
          .onConflictDoNothing();
        for (const seq of o.seqs) known.set(seq, o.violationId);
      }
    }
    if (pending.length === 0) continue;
    const parts = clusters(pending, windowMs, now);
    for (let i = 0; i < parts.length; i++) {
      const s = summarise(parts[i], now);
      let id: string | undefined;
      if (i === 0) {
        const [cand] = await tx
          .select({ id: violations.id })
          .from(violations)
          .where(and(eq(violations.groupKey, key), inArray(violations.status, [...OPEN]), gte(violations.lastSeenAt, new Date(s.first.getTime() - windowMs))))
          .orderBy(desc(violations.lastSeenAt))
          .limit(1);
        if (cand) {
          const sevOrder = sql`array_position(ARRAY['low','medium','high','critical']::text[], ${violations.severity}::text)`;
          await tx
            .update(violations)
            .set({
              count: sql`${violations.count} + ${parts[i].length}`,
              lastSeenAt: sql`greatest(${violations.lastSeenAt}, ${s.last.toISOString()}::timestamptz)`,
              firstSeenAt: sql`least(${violations.firstSeenAt}, ${s.first.toISOString()}::timestamptz)`,
              severity: sql`(case when ${sevOrder} >= ${severityRank(s.severity) + 1} then ${violations.severity} else ${s.severity}::violation_severity end)`,
              updatedAt: now,
            })
            .where(eq(violations.id, cand.id));
          id = cand.id;
        }
      }
      if (!id) {
        const [row] = await tx
          .insert(violations)
          .values({
            kind: s.top.kind,
            severity: s.severity,
            agentId: s.top.agentId,
            agentSlug: s.top.agentSlug,
            title: s.top.title,
            explanation: s.top.explanation,
            groupKey: key,
            count: parts[i].length,
            firstSeenAt: s.first,
            lastSeenAt: s.last,
            details: s.top.details ?? null,
          })
          .returning({ id: violations.id });
        id = row.id;
        result.created.push(id);
        if (severityRank(s.severity) >= severityRank("high")) result.alert.push(id);
      }
      // chunked: a long rescan cluster can carry thousands of seqs (bind-parameter limit)
      for (let j = 0; j < s.seqs.length; j += EVIDENCE_CHUNK) {
        await tx
          .insert(violationEvidence)
          .values(s.seqs.slice(j, j + EVIDENCE_CHUNK).map((seq) => ({ violationId: id!, eventSeq: seq })))
          .onConflictDoNothing();
      }
      result.ids.push(id);
      for (const h of parts[i]) idOf.set(h, id);
    }
  }
  if (opts.alert) await enqueueAlertDeliveries(tx, result.alert);
  result.byHit = hits.map((h) => idOf.get(h));
  return result;
}

/**
 * Links violations to their evidence, audit events appended in the same transaction after the
 * violations were raised, in one statement. Writers that hold the audit chain head's lock raise
 * their violations first (without evidence) and link them here once the events have their seqs,
 * so the head's lock is not held while violations are written (lib/decisions/writer.ts,
 * lib/audit/ingest.ts).
 */
export async function linkEvidence(tx: Db, links: { violationId: string; eventSeq: number }[]) {
  if (links.length) await tx.insert(violationEvidence).values(links).onConflictDoNothing();
}
