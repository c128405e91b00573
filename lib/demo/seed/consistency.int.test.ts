import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db";
import { createTestDb } from "@/lib/testing/db";
import { seedDemo } from "./generate";

// The demo data must not contradict itself on the pages people read: an agent's "Last seen"
// is not older than what it did, an open change carries no escaped defect, and a killed agent
// has the kill event its banner quotes.
describe("demo data is consistent", () => {
  let h: DbHandle;
  const rows = async <T>(q: string): Promise<T[]> => ((await h.db.execute(sql.raw(q))) as unknown as { rows: T[] }).rows;

  beforeAll(async () => {
    h = await createTestDb("pglite");
    // the demo's own seed and change count (the shipped demo data), fewer events to stay quick
    await seedDemo(h.db, { events: 3000, changes: 400, now: new Date("2026-03-02T15:30:00Z") });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it("an agent's last seen is no older than its newest own event", async () => {
    const stale = await rows<{ slug: string }>(`
      select a.slug from agents a
      join (select agent_id, max(time) t from audit_events where actor_kind = 'agent' group by agent_id) e on e.agent_id = a.id
      where a.last_seen_at is null or a.last_seen_at < e.t`);
    expect(stale).toEqual([]);
  });

  it("no change that is not merged has an escaped (post-merge) defect linked to it", async () => {
    const bad = await rows<{ id: string; state: string }>(`
      select c.id, c.state::text state from defects d join changes c on c.id in (d.introduced_change_id, d.fixed_change_id)
      where d.found = 'post_merge' and c.state <> 'merged'`);
    expect(bad).toEqual([]);
    const [post] = await rows<{ n: number }>("select count(*)::int n from defects where found = 'post_merge' and fixed_change_id is not null");
    expect(Number(post.n)).toBeGreaterThan(0);
  });

  it("every suspended agent has the agent.kill event that says who stopped it and why", async () => {
    const missing = await rows<{ slug: string }>(`
      select a.slug from agents a where a.status = 'suspended'
      and not exists (select 1 from audit_events e where e.agent_id = a.id and e.type = 'agent.kill' and e.payload ? 'reason')`);
    expect(missing).toEqual([]);
  });
});
