import { expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { type Db, transaction } from "@/db/client";
import { appendAuditEvents } from "./record";
import { verifyAuditChain } from "./verify";
import { withAuditRewrite } from "./rewrite";

// verify reads each batch as one JSON text (json_agg) instead of drizzle rows: the values it
// hashes must be exactly the ones drizzle would map, whatever the payload and session hold.
const TRICKY_PAYLOADS: unknown[] = [
  JSON.parse('{"__proto__": {"x": 1}, "b": 2}'),
  { "10": 1, "9": 2, a: 3, "": 4, "01": 5, "4294967295": 6, "4294967294": 7 },
  { text: 'quote " backslash \\ newline \n tab \t bell \u0007 del \u007f ls \u2028 emoji 😀 ä ß 中', nested: [[[]], {}, [null]] },
  { n: [0, -0, 0.1, 1e21, 1e-7, 123456789012345, -3.5, 2 ** 53 + 2], t: true, f: false, z: null },
  { big: 1.0, exp: 1e2, long: "x".repeat(5000) },
  "a bare string payload",
  42,
  null,
  [1, "two", { three: 3 }],
];

describeEngines("audit verify reads rows exactly as stored", (get) => {
  it("verifies payloads with escapes, unicode, numeric keys and odd numbers, in any session time zone", async () => {
    const { db } = get();
    await transaction(db, (tx) =>
      appendAuditEvents(
        tx,
        TRICKY_PAYLOADS.map((payload, i) => ({
          actorKind: "agent" as const,
          type: "tool.post",
          agentSlug: "bot",
          command: `cmd ${i} "quoted" \\ ${"é".repeat(i)}`,
          endpoint: i % 2 ? `https://example.com/${i}` : undefined,
          time: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i * 7)),
          payload,
        })),
      ),
    );
    expect(await verifyAuditChain(db, { batchSize: 4 })).toMatchObject({ ok: true, checked: TRICKY_PAYLOADS.length });
    // A session outside UTC prints "+05:30" offsets: the scan falls back to drizzle's parse.
    const r = await transaction(db, async (tx) => {
      await tx.execute(sql`SET LOCAL TIME ZONE 'Asia/Kolkata'`);
      return verifyAuditChain(tx, { batchSize: 3 });
    });
    expect(r).toMatchObject({ ok: true, checked: TRICKY_PAYLOADS.length });
  });
});

/** Tampering as a table owner or superuser would: with the append-only triggers disabled. */
const rewrite = (db: Db, fn: (tx: Db) => Promise<unknown>) => withAuditRewrite(db, fn);

async function chainOf(db: Db, n: number) {
  await rewrite(db, async (tx) => {
    await tx.execute(sql`DELETE FROM audit_events`);
    await tx.execute(sql`DELETE FROM audit_checkpoints`);
    await tx.execute(sql`DELETE FROM audit_chain_head`);
  });
  await transaction(db, (tx) =>
    appendAuditEvents(
      tx,
      Array.from({ length: n }, (_, i) => ({ actorKind: "system" as const, type: "t", command: `c${i}` })),
    ),
  );
}

// verify reads ahead by seq ranges while the chain is dense and by keyset after a short range:
// the first problem must be the same wherever it falls relative to the batches.
describeEngines("audit verify batch boundaries", (get) => {
  it("an intact chain whose length is a multiple of the batch size, and one that is not", async () => {
    const { db } = get();
    await chainOf(db, 12);
    expect(await verifyAuditChain(db, { batchSize: 4 })).toEqual({ ok: true, checked: 12, first_bad: null, bad_ranges: [] });
    expect(await verifyAuditChain(db, { batchSize: 5 })).toEqual({ ok: true, checked: 12, first_bad: null, bad_ranges: [] });
    expect(await verifyAuditChain(db, { batchSize: 50 })).toEqual({ ok: true, checked: 12, first_bad: null, bad_ranges: [] });
  });

  it("a deleted row at, just after and just before a batch boundary", async () => {
    const { db } = get();
    for (const gone of [4, 5, 8, 3, 12]) {
      await chainOf(db, 12);
      await rewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq = ${gone}`));
      const r = await verifyAuditChain(db, { batchSize: 4 });
      expect(r.ok).toBe(false);
      expect(r.checked).toBe(gone - 1);
      expect(r.first_bad).toMatchObject({ seq: gone, reason: expect.stringMatching(gone === 12 ? /truncated/ : /missing/) });
    }
  });

  it("a row far beyond the end (past several empty ranges) is named as inserted beyond the signed head", async () => {
    const { db } = get();
    await chainOf(db, 8);
    await rewrite(db, (tx) =>
      tx.execute(sql`INSERT INTO audit_events (seq, id, time, received_at, actor_kind, type, prev_hash, hash)
        SELECT 1000000, gen_random_uuid(), now(), now(), 'system', 't', hash, hash FROM audit_events WHERE seq = 8`),
    );
    const r = await verifyAuditChain(db, { batchSize: 4 });
    expect(r.checked).toBe(8);
    // the scan stops at the signed head (8); the row past it is found by the tail check
    expect(r.first_bad).toMatchObject({ seq: 9, reason: "rows 9…1000000 lie beyond the signed chain head (inserted)" });
  });
});
