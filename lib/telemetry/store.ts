import { sql } from "drizzle-orm";
import { transaction, type Db } from "@/db/client";
import { stripNul } from "@/lib/audit/canonical";
import type { Contribution, CumulativeContribution } from "./mapping";
import { telemetryBuckets } from "@/db/schema";
import { redactRows, storageValue } from "@/lib/redaction/storage";

/**
 * Telemetry storage: contributions folded into hourly buckets on arrival (one upsert per
 * request, whatever the number of data points), cumulative sums turned into deltas against the
 * series' last value, and the sessions the telemetry names joined to the audit trail's sessions.
 */

export interface Owner {
  agentId: string | null;
  agentSlug: string;
}

export const BUCKET_MS = 60 * 60 * 1000;

export function bucketStart(t: Date): Date {
  return new Date(Math.floor(t.getTime() / BUCKET_MS) * BUCKET_MS);
}

type Row = {
  bucket_start: string;
  agent_id: string | null;
  agent_slug: string;
  session_id: string;
  model: string;
  kind: string;
  value: number;
  points: number;
};

/** Sums contributions by bucket key (pure; the upsert may not touch one row twice). */
export function foldBuckets(items: { c: Contribution; owner: Owner }[]): Row[] {
  const rows = new Map<string, Row>();
  for (const { c, owner } of items) {
    const b = bucketStart(c.time).toISOString();
    // redacted before folding (raw SQL has no storage boundary): two keys that redact alike are one row
    const [row] = redactRows(telemetryBuckets, [
      {
        bucket_start: b,
        agent_id: owner.agentId,
        agent_slug: owner.agentSlug,
        session_id: c.sessionId,
        model: c.model,
        kind: c.kind,
        value: c.value,
        points: 1,
      },
    ]);
    const key = JSON.stringify([b, row.agent_slug, row.session_id, row.model, row.kind]);
    const r = rows.get(key);
    if (r) {
      r.value += c.value;
      r.points++;
    } else rows.set(key, row);
  }
  return [...rows.values()];
}

type SeriesRow = { series_key: string; start_ns: string; last_value: number };

/**
 * Deltas of cumulative points: against the stored last value of the series when the series'
 * start time is unchanged, else (a new series or a restarted process) the whole value.
 * Points are taken in time order; the new last values are returned for storing.
 */
export function cumulativeDeltas(points: CumulativeContribution[], stored: Map<string, { startNs: string; last: number }>) {
  const state = new Map(stored);
  const deltas: Contribution[] = [];
  for (const p of [...points].sort((a, b) => a.time.getTime() - b.time.getTime())) {
    const prev = state.get(p.seriesKey);
    const delta = prev && prev.startNs === p.startNs && p.value >= prev.last ? p.value - prev.last : p.value;
    state.set(p.seriesKey, { startNs: p.startNs, last: p.value });
    if (delta > 0) deltas.push({ agentRef: p.agentRef, time: p.time, sessionId: p.sessionId, model: p.model, kind: p.kind, value: delta });
  }
  const changed = [...state].filter(([k, v]) => stored.get(k) !== v).map(([series_key, v]) => ({ series_key, start_ns: v.startNs, last_value: v.last }));
  return { deltas, changed };
}

function json(v: unknown): string {
  return JSON.stringify(stripNul(v));
}

/**
 * Writes one request's telemetry in one transaction. `owners` maps each contribution's agent
 * reference (or "" for the agent token's own) to the agent it belongs to.
 */
export async function storeContributions(
  db: Db,
  contributions: Contribution[],
  cumulative: CumulativeContribution[],
  ownerOf: (ref: string | null) => Owner | undefined,
): Promise<void> {
  await transaction(db, async (tx) => {
    const items: { c: Contribution; owner: Owner }[] = [];
    for (const c of contributions) {
      const owner = ownerOf(c.agentRef);
      if (owner) items.push({ c, owner });
    }
    if (cumulative.length) {
      const keyed = cumulative.filter((c) => ownerOf(c.agentRef));
      const keys = [...new Set(keyed.map((c) => c.seriesKey))];
      const res = (await tx.execute(sql`
        SELECT series_key, start_ns::text AS start_ns, last_value FROM telemetry_series
         WHERE series_key = ANY (ARRAY(SELECT json_array_elements_text(${json(keys)}::json)))
         ORDER BY series_key FOR UPDATE`)) as unknown as { rows: SeriesRow[] };
      const stored = new Map(res.rows.map((r) => [r.series_key, { startNs: r.start_ns, last: Number(r.last_value) }]));
      const { deltas, changed } = cumulativeDeltas(keyed, stored);
      for (const c of deltas) items.push({ c, owner: ownerOf(c.agentRef)! });
      if (changed.length)
        await tx.execute(sql`
          INSERT INTO telemetry_series AS s (series_key, start_ns, last_value, updated_at)
          SELECT x.series_key, x.start_ns::bigint, x.last_value, now()
            FROM json_to_recordset(${json(changed)}::json) AS x(series_key text, start_ns text, last_value double precision)
          ON CONFLICT (series_key) DO UPDATE SET start_ns = excluded.start_ns, last_value = excluded.last_value, updated_at = now()`);
    }
    const rows = foldBuckets(items);
    if (rows.length)
      await tx.execute(sql`
        INSERT INTO telemetry_buckets AS b (bucket_start, agent_id, agent_slug, session_id, model, kind, value, points)
        SELECT x.bucket_start, x.agent_id, x.agent_slug, x.session_id, x.model, x.kind, x.value, x.points
          FROM json_to_recordset(${json(rows)}::json) AS x(bucket_start timestamptz, agent_id uuid, agent_slug text, session_id text,
               model text, kind text, value double precision, points integer)
        ON CONFLICT (bucket_start, agent_slug, session_id, model, kind)
        DO UPDATE SET value = b.value + excluded.value, points = b.points + excluded.points`);
    await touchSessions(tx, items);
  });
}

/** The sessions the telemetry names, joined to the audit trail's sessions (same id, same agent). */
async function touchSessions(tx: Db, items: { c: Contribution; owner: Owner }[]) {
  const sessions = new Map<string, { agent_id: string | null; agent_slug: string; first: number; last: number }>();
  for (const { c, owner } of items) {
    if (!c.sessionId) continue;
    const t = c.time.getTime();
    const sid = storageValue(c.sessionId); // as the audit trail stores it (lib/redaction/storage.ts)
    const s = sessions.get(sid);
    if (!s) sessions.set(sid, { agent_id: owner.agentId, agent_slug: owner.agentSlug, first: t, last: t });
    else {
      s.first = Math.min(s.first, t);
      s.last = Math.max(s.last, t);
    }
  }
  if (sessions.size === 0) return;
  const rows = [...sessions].map(([id, s]) => ({
    id,
    agent_id: s.agent_id,
    agent_slug: storageValue(s.agent_slug),
    started_at: new Date(s.first).toISOString(),
    last_event_at: new Date(s.last).toISOString(),
  }));
  // A session id another agent already owns is left alone (the WHERE skips the update).
  await tx.execute(sql`
    INSERT INTO agent_sessions AS t (id, agent_id, agent_slug, started_at, last_event_at)
    SELECT x.id, x.agent_id, x.agent_slug, x.started_at, x.last_event_at
      FROM json_to_recordset(${json(rows)}::json) AS x(id text, agent_id uuid, agent_slug text, started_at timestamptz, last_event_at timestamptz)
    ON CONFLICT (id) DO UPDATE SET last_event_at = greatest(t.last_event_at, excluded.last_event_at),
      started_at = least(t.started_at, excluded.started_at)
     WHERE t.agent_id IS NOT DISTINCT FROM excluded.agent_id`);
}
