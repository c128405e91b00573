import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { inArray, sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { auditEvents } from "@/db/schema";
import type { MachineCaller } from "@/lib/auth/machine";
import { authenticateMachine } from "@/lib/auth/machine";
import { ingestEvents } from "./ingest";
import { seedAgent } from "./test-fixtures";
import { verifyAuditChain } from "./verify";

// The dedupe lookup runs before the append locks the chain head: a batch committed in between
// with the same client ids must still give "duplicate" (same body) or "rejected" (different
// body), never a second row, a lost event or an error.
const ev = (id: string, body = "ok") => ({ id, type: "tool.post", session_id: "sess-race", payload: { body } });

describeEngines("concurrent batches with the same client ids", (get) => {
  let caller: MachineCaller;
  beforeAll(async () => {
    const { token } = await seedAgent(get().db, "race-bot");
    caller = await authenticateMachine(get().db, { header: (n: string) => (n === "authorization" ? `Bearer ${token}` : null) } as never);
  });

  it("stores each id once and answers every event", async () => {
    const { db } = get();
    for (let round = 0; round < 6; round++) {
      const ids = Array.from({ length: 60 }, () => randomUUID());
      const own = Array.from({ length: 4 }, () => Array.from({ length: 20 }, () => randomUUID()));
      // Four batches at once, all sharing `ids` (the last with a different body for the first ten).
      const batches = own.map((mine, k) => [...ids.map((id, i) => ev(id, k === 3 && i < 10 ? "changed" : "ok")), ...mine.map((id) => ev(id))]);
      const results = await Promise.all(batches.map((b) => ingestEvents(db, caller, b)));
      for (const [k, r] of results.entries()) {
        expect(r.accepted + r.duplicates + r.rejected.length).toBe(batches[k].length);
        for (const x of r.rejected) expect(x.error).toMatch(/different body/);
      }
      // Every shared id accepted exactly once across the four batches; each batch's own ids accepted.
      const accepted = results.reduce((n, r) => n + r.accepted, 0);
      const rows = await db
        .select({ clientId: auditEvents.clientId, payload: auditEvents.payload })
        .from(auditEvents)
        .where(inArray(auditEvents.clientId, [...ids, ...own.flat()]));
      expect(rows).toHaveLength(ids.length + 80);
      expect(accepted).toBe(ids.length + 80);
      // The batch with changed bodies had those ten rejected unless it stored them first.
      const changedStored = rows.filter((r) => (r.payload as { body: string }).body === "changed").length;
      expect(results[3].rejected.length + changedStored).toBe(10);
    }
    const n = (await db.execute(sql`SELECT count(*)::int AS n FROM audit_events`)) as unknown as { rows: { n: number }[] };
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: Number(n.rows[0].n) });
  });
});
