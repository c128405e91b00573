import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Demo cost and token history, derived from the demo's own sessions (so a session's timeline,
 * its agent, team and model agree with its cost): each session's telemetry lands in the hour
 * bucket it started in, scaled by its length and its agent's model, with a deterministic
 * per-session variation (hashtext of the id, no randomness). Changes attached to a session get
 * the lines it reports. Team budgets are set a little above last month's spend, so this month's
 * bars show on the agent pages without raising violations.
 */
export async function seedTelemetry(db: Db): Promise<number> {
  await db.execute(sql`
    WITH s AS (
      SELECT s.id, s.agent_id, s.agent_slug, s.started_at,
             greatest(1, extract(epoch FROM (s.last_event_at - s.started_at)) / 60)::float8 AS minutes,
             (abs(hashtext(s.id)) % 1000) / 1000.0 AS h,
             regexp_replace(a.model, '\\[.*$', '') AS model,
             CASE WHEN a.model ILIKE '%opus%' THEN 4.0 WHEN a.model ILIKE '%haiku%' THEN 0.3 ELSE 1.0 END AS price
        FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
    ), v AS (
      SELECT s.*, round((least(s.minutes, 240) * (0.015 + 0.05 * s.h) * s.price)::numeric, 4)::float8 AS cost,
             coalesce((SELECT count(*) FROM changes c WHERE c.session_id = s.id), 0) AS changes
        FROM s
    )
    INSERT INTO telemetry_buckets (bucket_start, agent_id, agent_slug, session_id, model, kind, value, points)
    SELECT date_trunc('hour', v.started_at), v.agent_id, v.agent_slug, v.id, v.model, k.kind, k.value, 1
      FROM v CROSS JOIN LATERAL (VALUES
        ('cost_usd', v.cost),
        ('tokens.input', round(v.cost / v.price * 52000)),
        ('tokens.output', round(v.cost / v.price * 9000)),
        ('tokens.cache_read', round(v.cost / v.price * 140000)),
        ('sessions', 1),
        ('active_time_s', round(least(v.minutes, 240) * 60 * (0.4 + 0.4 * v.h))),
        ('lines.added', round(8 + 160 * v.h) * (1 + v.changes)),
        ('lines.removed', round(2 + 60 * v.h) * (1 + v.changes)),
        ('event.api_request', round(least(v.minutes, 240) * (1 + v.h))),
        ('event.tool_result', round(least(v.minutes, 240) * 0.8))
      ) AS k(kind, value)
     WHERE k.value > 0
    ON CONFLICT (bucket_start, agent_slug, session_id, model, kind) DO NOTHING`);
  await db.execute(sql`
    INSERT INTO telemetry_budgets (team_id, period, limit_usd, thresholds, auto_suspend)
    SELECT a.team_id, 'month', greatest(50, round((sum(b.value) * 1.4)::numeric, 0)), '{80,100}', false
      FROM telemetry_buckets b JOIN agents a ON a.id = b.agent_id
     WHERE b.kind = 'cost_usd' AND b.bucket_start >= date_trunc('month', now()) - interval '1 month' AND b.bucket_start < date_trunc('month', now())
     GROUP BY a.team_id
    ON CONFLICT DO NOTHING`);
  const res = (await db.execute(sql`SELECT count(*)::int AS n FROM telemetry_buckets`)) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0].n);
}
