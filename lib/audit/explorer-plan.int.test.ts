import { expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import type { Db } from "@/db/client";
import { listAuditEvents } from "./queries";

// Explorer filters are correlated: here each agent only ever emits one event type, as a real
// agent only works in some repositories. Without multi-column statistics (migration 0009) the
// planner multiplies the two selectivities, expects ~1/320 of the table for a combination that
// never occurs, and walks the primary key backwards through every row looking for a page of it.
const N = 40_000;

async function planRows(db: Db, where: string) {
  const r = (await db.execute(sql.raw(`EXPLAIN (FORMAT JSON) SELECT * FROM audit_events WHERE ${where}`))) as unknown as { rows: Record<string, unknown>[] };
  const cell = Object.values(r.rows[0])[0];
  const plan = (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan: { "Plan Rows": number } }[];
  return plan[0].Plan["Plan Rows"];
}

describeEngines("audit explorer: correlated filters", (get) => {
  it("the planner knows which agent/type combinations exist, and the explorer pages them right", async () => {
    const { db } = get();
    await db.execute(sql`INSERT INTO audit_events (seq, id, client_id, time, received_at, actor_kind, type, agent_slug, session_id,
        action_type, tool, repository, resource, command, decision, outcome, payload, prev_hash, hash)
      SELECT 10000000 + g, gen_random_uuid(), 'plan-' || g, now() - ((${N} - g) || ' seconds')::interval, now(), 'agent',
        (ARRAY['tool.pre','tool.post','prompt','session.start','session.end','decision','commit','tool.failure'])[1 + g % 8],
        'agent-' || (g % 40), 'sess-' || (g % 500), 'shell.exec', 'Bash', 'acme/repo-' || (g % 200),
        'src/f' || g, 'npm test ' || g, NULL, 'success', jsonb_build_object('i', g), repeat('0', 64), md5(g::text) || md5(g::text)
      FROM generate_series(1::bigint, ${N}::bigint) g`);
    await db.execute(sql`ANALYZE audit_events`);

    // agent-3 only ever emits g % 8 = 3 → 'session.start'. Independent columns would estimate
    // N / 40 / 8 = 125 rows for either combination.
    expect(await planRows(db, "agent_slug = 'agent-3' AND type = 'tool.post'")).toBeLessThanOrEqual(5);
    expect(await planRows(db, "agent_slug = 'agent-3' AND type = 'session.start'")).toBeGreaterThan(500);
    // repository = g % 200 and agent = g % 40: repo-43 only with agent-3 (43 % 40)
    expect(await planRows(db, "agent_slug = 'agent-4' AND repository = 'acme/repo-43'")).toBeLessThanOrEqual(5);

    const none = await listAuditEvents(db, { agent: "agent-3", type: "tool.post" });
    expect(none.events).toEqual([]);
    expect(none.nextCursor).toBeNull();
    const some = await listAuditEvents(db, { agent: "agent-3", type: "session.start" }, undefined, 20);
    expect(some.events).toHaveLength(20);
    expect(some.events.every((e) => e.agentSlug === "agent-3" && e.type === "session.start")).toBe(true);
    expect(some.events.map((e) => e.seq)).toEqual([...some.events.map((e) => e.seq)].sort((a, b) => b - a));
    expect(some.events[0].seq).toBe(10_000_000 + 39_963); // the newest g ≤ N with g % 40 = 3
  });
});
