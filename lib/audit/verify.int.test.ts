import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { type Db, transaction } from "@/db/client";
import { auditChainHead, auditEvents } from "@/db/schema";
import { appendAuditEvents, appendAuditEventsAtomic, hashedFields } from "./record";
import { chainHash } from "./canonical";
import { verifyAuditChain } from "./verify";
import { withAuditRewrite } from "./rewrite";

const N = 1250; // past one checkpoint (every 1000)

/** Tampering as a table owner or superuser would: with the append-only triggers disabled. */
const rewrite = (db: Db, fn: (tx: Db) => Promise<unknown>) => withAuditRewrite(db, fn);

async function freshChain(db: Db) {
  await rewrite(db, async (tx) => {
    await tx.execute(sql`DELETE FROM audit_events`);
    await tx.execute(sql`DELETE FROM audit_checkpoints`);
    await tx.execute(sql`DELETE FROM audit_chain_head`);
  });
  await transaction(db, (tx) =>
    appendAuditEvents(
      tx,
      Array.from({ length: N }, (_, i) => ({
        actorKind: "agent" as const,
        type: i % 3 ? "tool.post" : "tool.pre",
        agentSlug: "bot",
        command: `cmd ${i}`,
        payload: { i, nested: { b: [1, 2], a: "x" } },
      })),
    ),
  );
}

describeEngines("audit verify detects tampering", (get) => {
  it("passes an intact chain and the trigger refuses UPDATE, DELETE and TRUNCATE", async () => {
    const { db } = get();
    await freshChain(db);
    expect(await verifyAuditChain(db, { batchSize: 500 })).toEqual({ ok: true, checked: N, first_bad: null, bad_ranges: [] });
    await expect(db.execute(sql`UPDATE audit_events SET command = 'x' WHERE seq = 1`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM audit_events WHERE seq = 1`)).rejects.toThrow();
    await expect(db.execute(sql`TRUNCATE audit_events`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM audit_checkpoints`)).rejects.toThrow();
  });

  it("an updated field", async () => {
    const { db } = get();
    await freshChain(db);
    await rewrite(db, (tx) => tx.execute(sql`UPDATE audit_events SET outcome = 'success' WHERE seq = 500`));
    const r = await verifyAuditChain(db, { batchSize: 300 });
    expect(r.ok).toBe(false);
    expect(r.first_bad?.seq).toBe(500);
    expect(r.checked).toBe(499);
  });

  it("a deleted middle row", async () => {
    const { db } = get();
    await freshChain(db);
    await rewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq = 600`));
    const r = await verifyAuditChain(db);
    expect(r.first_bad).toMatchObject({ seq: 600, reason: expect.stringMatching(/missing/) });
  });

  it("an inserted row, even one with a correctly computed hash", async () => {
    const { db } = get();
    await freshChain(db);
    const [last] = await db.select().from(auditEvents).where(eq(auditEvents.seq, N));
    const forged = { ...last, seq: N + 1, id: crypto.randomUUID(), command: "rm -rf /", prevHash: last.hash };
    forged.hash = chainHash(forged.prevHash, hashedFields(forged));
    await db.insert(auditEvents).values(forged);
    const r = await verifyAuditChain(db);
    expect(r.first_bad).toMatchObject({ seq: N + 1, reason: expect.stringMatching(/beyond the signed chain head/) });
  });

  it("two swapped rows", async () => {
    const { db } = get();
    await freshChain(db);
    await rewrite(db, async (tx) => {
      await tx.execute(sql`UPDATE audit_events SET seq = -700 WHERE seq = 700`);
      await tx.execute(sql`UPDATE audit_events SET seq = 700 WHERE seq = 701`);
      await tx.execute(sql`UPDATE audit_events SET seq = 701 WHERE seq = -700`);
    });
    expect((await verifyAuditChain(db)).first_bad?.seq).toBe(700);
  });

  it("the newest rows deleted after the last checkpoint (head left alone, or rewritten without the key)", async () => {
    const { db } = get();
    await freshChain(db);
    await rewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq > 1100`));
    expect((await verifyAuditChain(db)).first_bad).toMatchObject({ seq: 1101, reason: expect.stringMatching(/truncated/) });
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.seq, 1100));
    await db.update(auditChainHead).set({ seq: 1100, count: 1100, hash: row.hash });
    expect((await verifyAuditChain(db)).first_bad).toMatchObject({ seq: 1101, reason: expect.stringMatching(/signature/) });
  });

  it("the newest rows deleted through the last checkpoint", async () => {
    const { db } = get();
    await freshChain(db);
    await rewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq >= 1000`));
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.seq, 999));
    await db.update(auditChainHead).set({ seq: 999, count: 999, hash: row.hash });
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.first_bad?.seq).toBe(1000);
  });

  it("a chain re-signed with another key", async () => {
    const { db } = get();
    await freshChain(db);
    const r = await verifyAuditChain(db, { key: "not-the-key" });
    expect(r.ok).toBe(false);
  });
});

describeEngines("audit verify while events are appended", (get) => {
  it("reports an intact chain, never appended rows as inserted ones", async () => {
    const { db } = get();
    await freshChain(db);
    let appending = true;
    let appended = 0;
    const writer = (async () => {
      while (appending) {
        await appendAuditEventsAtomic(
          db,
          Array.from({ length: 3 }, (_, i) => ({ actorKind: "agent" as const, type: "tool.post", agentSlug: "bot", command: `live ${i}` })),
        );
        appended += 3;
      }
    })();
    const results = [];
    try {
      for (let i = 0; i < 8; i++) results.push(await verifyAuditChain(db, { batchSize: 400 }));
    } finally {
      appending = false;
      await writer;
    }
    expect(appended).toBeGreaterThan(0);
    for (const r of results) expect(r).toMatchObject({ ok: true, first_bad: null });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: N + appended, first_bad: null, bad_ranges: [] });
  });
});

describeEngines("audit key rotation", (get) => {
  it("verifies checkpoints signed before a rotation only when the retired key is kept", async () => {
    const { db } = get();
    const { setProcessEnv } = await import("@/lib/env");
    const { clearProcessSingleton } = await import("@/lib/util/global");
    const original = process.env.GATEHOUSE_AUDIT_KEY!;
    const useKeys = (current: string, previous?: string) => {
      setProcessEnv("GATEHOUSE_AUDIT_KEY", current);
      if (previous) setProcessEnv("GATEHOUSE_AUDIT_KEY_PREVIOUS", previous);
      else delete process.env.GATEHOUSE_AUDIT_KEY_PREVIOUS;
      setProcessEnv("GATEHOUSE_LOG_LEVEL", "info"); // resets the parsed env cache
      clearProcessSingleton("audit-key");
    };
    try {
      await freshChain(db); // signed with the original key, checkpoints included
      useKeys("rotated-key-0123456789", original);
      await transaction(db, (tx) => appendAuditEvents(tx, [{ actorKind: "system", type: "after.rotation" }]));
      expect((await verifyAuditChain(db)).ok).toBe(true);
      useKeys("rotated-key-0123456789");
      const without = await verifyAuditChain(db);
      expect(without.ok).toBe(false);
      expect(without.first_bad?.reason).toMatch(/signature/);
    } finally {
      useKeys(original);
    }
  });
});
