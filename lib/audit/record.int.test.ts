import { expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { auditEvents, auditCheckpoints, auditChainHead } from "@/db/schema";
import { transaction } from "@/db/client";
import { appendAuditEvents, hashedFields, recordAudit } from "./record";
import { chainHash, GENESIS_HASH } from "./canonical";
import { CHECKPOINT_EVERY } from "./checkpoint";

describeEngines("audit chain append", (get) => {
  it("links every row to the previous one and stores what it hashed", async () => {
    const { db } = get();
    await recordAudit(db, { actorKind: "human", type: "team.create", payload: { b: 2, a: [1, { z: 1, y: "\u0000x" }] } });
    await transaction(db, (tx) =>
      appendAuditEvents(tx, [
        { actorKind: "agent", type: "tool.pre", agentSlug: "x", command: "ls" },
        { actorKind: "agent", type: "tool.post", agentSlug: "x", outcome: "success" },
      ]),
    );
    const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    let prev = GENESIS_HASH;
    for (const r of rows) {
      expect(r.prevHash).toBe(prev);
      expect(r.hash).toBe(chainHash(prev, hashedFields(r)));
      prev = r.hash;
    }
    const [head] = await db.select().from(auditChainHead);
    expect(head).toMatchObject({ seq: 3, count: 3, hash: prev });
  });

  it("leaves no gap when an append rolls back", async () => {
    const { db } = get();
    await expect(
      transaction(db, async (tx) => {
        await appendAuditEvents(tx, [{ actorKind: "system", type: "x" }]);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const r = await recordAudit(db, { actorKind: "system", type: "after-rollback" });
    expect(r.seq).toBe(4);
  });

  it("writes a signed checkpoint every CHECKPOINT_EVERY events and serialises concurrent appenders", async () => {
    const { db } = get();
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ actorKind: "agent" as const, type: "tool.post", resource: `f${i}` }));
    await Promise.all(Array.from({ length: 4 }, () => transaction(db, (tx) => appendAuditEvents(tx, batch(CHECKPOINT_EVERY / 4 + 1)))));
    const rows = await db
      .select({ seq: auditEvents.seq, prevHash: auditEvents.prevHash, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(asc(auditEvents.seq));
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].seq).toBe(rows[i - 1].seq + 1);
      expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    }
    const cps = await db.select().from(auditCheckpoints);
    expect(cps.length).toBeGreaterThanOrEqual(1);
    expect(cps[0].signature).toMatch(/^[0-9a-f]{64}$/);
  });
});
