import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { type Db, transaction } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { type AuditInput, appendAuditEvents, hashedFields } from "./record";
import { chainHash } from "./canonical";
import { type VerifyResult, verifyAuditChain } from "./verify";
import { withAuditRewrite } from "./rewrite";

// How verifyAuditChain reads the chain (read-ahead seq ranges while the chain is dense, keyset
// after a short range, rows only up to the head read first, what lies past it, timestamps and
// payloads as text): the verdicts themselves are scanAuditChain's, checked without a database
// by verify-scan.mutants.test.ts. Short chains and one database per engine, so that StrykerJS
// can run this file per mutant (QUALITY.md, `audit-verify-read`).

const events = (n: number): AuditInput[] => Array.from({ length: n }, (_, i) => ({ actorKind: "system" as const, type: "t", command: `c${i + 1}` }));

async function chainOf(db: Db, inputs: AuditInput[] | number) {
  await withAuditRewrite(db, async (tx) => {
    await tx.execute(sql`DELETE FROM audit_events`);
    await tx.execute(sql`DELETE FROM audit_checkpoints`);
    await tx.execute(sql`DELETE FROM audit_chain_head`);
  });
  await transaction(db, (tx) => appendAuditEvents(tx, typeof inputs === "number" ? events(inputs) : inputs));
}

const intact = (n: number): VerifyResult => ({ ok: true, checked: n, first_bad: null, bad_ranges: [] });
const bad = (checked: number, ...ranges: [number, number, string][]): VerifyResult => ({
  ok: false,
  checked,
  first_bad: { seq: ranges[0][0], reason: ranges[0][2] },
  bad_ranges: ranges.map(([from, to, reason]) => ({ from, to, reason })),
});

/** A row appended after the head by someone without the key: hashed and linked correctly, the head left as it was. */
async function insertAfter(db: Db, seq: number, linkTo: number) {
  const [prev] = await db.select().from(auditEvents).where(eq(auditEvents.seq, linkTo));
  const forged = { ...prev, seq, id: crypto.randomUUID(), command: "rm -rf /", prevHash: prev.hash };
  forged.hash = chainHash(forged.prevHash, hashedFields(forged));
  await db.insert(auditEvents).values(forged);
}

describeEngines("audit verify reads the chain", (get) => {
  it("an intact chain in any batch size; progress per batch, ending at the whole chain", async () => {
    const { db } = get();
    await chainOf(db, 12);
    for (const batchSize of [1, 4, 5, 11, 12, 13, 50]) expect(await verifyAuditChain(db, { batchSize }), `batch ${batchSize}`).toEqual(intact(12));
    const calls: [number, number][] = [];
    expect(await verifyAuditChain(db, { batchSize: 5, onProgress: (c, t) => calls.push([c, t]) })).toEqual(intact(12));
    expect(calls.slice(0, 2)).toEqual([
      [5, 12],
      [10, 12],
    ]);
    expect(calls.at(-1)).toEqual([12, 12]);
    // without a batch size, 2,000 rows a batch: the first batch holds all 12
    calls.length = 0;
    expect(await verifyAuditChain(db, { onProgress: (c, t) => calls.push([c, t]) })).toEqual(intact(12));
    expect(calls[0]).toEqual([12, 12]);
  });

  it("deleted rows at, before and after batch boundaries, whole batches and several gaps", async () => {
    const { db } = get();
    const missing = (from: number, to: number, next: number): [number, number, string] => [
      from,
      to,
      `row ${from} is missing (deleted); the next row is ${next}`,
    ];
    const cases: [number[], VerifyResult][] = [
      [[4], bad(3, missing(4, 4, 5))],
      [[5], bad(4, missing(5, 5, 6))],
      [[8], bad(7, missing(8, 8, 9))],
      [[3], bad(2, missing(3, 3, 4))],
      [[1], bad(0, missing(1, 1, 2))],
      [[5, 6, 7, 8], bad(4, missing(5, 8, 9))],
      [[1, 2, 3, 4, 5], bad(0, missing(1, 5, 6))],
      [[9, 10, 11], bad(8, missing(9, 11, 12))],
      [[3, 9, 10], bad(2, missing(3, 3, 4), missing(9, 10, 11))],
      [[2, 6, 11], bad(1, missing(2, 2, 3), missing(6, 6, 7), missing(11, 11, 12))],
      [[12], bad(11, [12, 12, "rows 12…12 are missing: the tail was truncated"])],
      [[10, 11, 12], bad(9, [10, 12, "rows 10…12 are missing: the tail was truncated"])],
    ];
    for (const [gone, expected] of cases) {
      await chainOf(db, 12);
      await withAuditRewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq IN ${sql.raw(`(${gone.join(",")})`)}`));
      for (const batchSize of [4, 3]) expect(await verifyAuditChain(db, { batchSize }), `rows ${gone} deleted, batch ${batchSize}`).toEqual(expected);
    }
  });

  it("rows past the signed head are never read as the chain's, near or far, in range or keyset reading", async () => {
    const { db } = get();
    await chainOf(db, 12);
    await insertAfter(db, 13, 12);
    const next = "rows 13…13 lie beyond the signed chain head (inserted)";
    for (const batchSize of [4, 5, 50]) expect(await verifyAuditChain(db, { batchSize }), `batch ${batchSize}`).toEqual(bad(12, [13, 13, next]));
    await insertAfter(db, 1_000_000, 13);
    const far = "rows 13…1000000 lie beyond the signed chain head (inserted)";
    expect(await verifyAuditChain(db, { batchSize: 4 })).toEqual(bad(12, [13, 1_000_000, far]));
    // after a gap the rest is read by keyset: still only up to the head
    await withAuditRewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq = 6`));
    for (const batchSize of [4, 5])
      expect(await verifyAuditChain(db, { batchSize }), `batch ${batchSize}`).toEqual(
        bad(5, [6, 6, "row 6 is missing (deleted); the next row is 7"], [13, 1_000_000, far]),
      );
  });

  it("rows without a chain head are all read (no head bounds them)", async () => {
    const { db } = get();
    await chainOf(db, 12);
    await withAuditRewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_chain_head`));
    for (const batchSize of [4, 5, 50])
      expect(await verifyAuditChain(db, { batchSize }), `batch ${batchSize}`).toEqual(bad(12, [1, 1, "the chain head is missing"]));
    await withAuditRewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq = 12`));
    expect(await verifyAuditChain(db, { batchSize: 4 })).toEqual(bad(11, [1, 1, "the chain head is missing"]));
  });

  it("a tampered row is found wherever it falls in the batches", async () => {
    const { db } = get();
    for (const seq of [1, 4, 5, 9, 12]) {
      await chainOf(db, 12);
      await withAuditRewrite(db, (tx) => tx.execute(sql`UPDATE audit_events SET command = 'changed' WHERE seq = ${seq}`));
      const reason = `row ${seq} does not match its hash (altered, or moved from another position)`;
      const expected = seq === 12 ? bad(11, [12, 12, reason]) : bad(seq - 1, [seq, seq, reason]);
      for (const batchSize of [4, 3]) expect(await verifyAuditChain(db, { batchSize }), `row ${seq}, batch ${batchSize}`).toEqual(expected);
    }
  });

  it("values are read back exactly as stored: timestamps in any session time zone and before year 1000, payload text", async () => {
    const { db } = get();
    const inputs: AuditInput[] = [
      { actorKind: "agent", type: "tool.post", agentSlug: "bot", time: new Date("0500-06-01T12:00:00.120Z"), payload: { a: 1 } },
      {
        actorKind: "agent",
        type: "tool.post",
        time: new Date("2026-01-01T00:00:00.000Z"),
        payload: { text: 'quote " backslash \\ \n \u2028 😀 ä', n: [0.1, 1e21, -3.5] },
      },
      { actorKind: "agent", type: "tool.post", time: new Date("2026-01-01T00:00:00.007Z"), endpoint: "https://example.com/x", payload: "a bare string" },
      { actorKind: "agent", type: "tool.post", time: new Date("2026-07-31T23:59:59.999Z"), payload: [1, "two", { three: 3 }] },
      { actorKind: "system", type: "t", command: `"quoted" \\ é`, payload: JSON.parse('{"__proto__": {"x": 1}, "10": 1, "9": 2}') },
    ];
    await chainOf(db, inputs);
    expect(await verifyAuditChain(db, { batchSize: 2 })).toEqual(intact(5));
    const r = await transaction(db, async (tx) => {
      await tx.execute(sql`SET LOCAL TIME ZONE 'Asia/Kolkata'`);
      return verifyAuditChain(tx, { batchSize: 3 });
    });
    expect(r).toEqual(intact(5));
  });
});
