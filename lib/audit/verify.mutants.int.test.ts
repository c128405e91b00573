import { expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { type Db, transaction } from "@/db/client";
import { auditChainHead } from "@/db/schema";
import { appendAuditEvents } from "./record";
import { signHead } from "./checkpoint";
import { verifyAuditChain } from "./verify";
import { withAuditRewrite } from "./rewrite";

// What verifyAuditChain reports besides rows (progress, the chain head itself), on short chains:
// each test fails on a StrykerJS mutant that the tampering tests (1,250-row chains) let through
// (QUALITY.md, module `audit-verify`).
async function chainOf(db: Db, n: number) {
  await withAuditRewrite(db, async (tx) => {
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

describeEngines("audit verify: progress and the chain head", (get) => {
  it("reports progress after each batch — rows checked so far of the head's count — ending at the whole chain", async () => {
    const { db } = get();
    await chainOf(db, 12);
    const calls: [number, number][] = [];
    const r = await verifyAuditChain(db, { batchSize: 5, onProgress: (checked, total) => calls.push([checked, total]) });
    expect(r).toEqual({ ok: true, checked: 12, first_bad: null, bad_ranges: [] });
    expect(calls.slice(0, 2)).toEqual([
      [5, 12],
      [10, 12],
    ]);
    expect(calls.at(-1)).toEqual([12, 12]);
    expect(calls.every(([, total]) => total === 12)).toBe(true);
  });

  it("rows without a chain head: the head is reported missing; no rows and no head is an intact empty chain", async () => {
    const { db } = get();
    await chainOf(db, 3);
    await withAuditRewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_chain_head`));
    const reason = "the chain head is missing";
    expect(await verifyAuditChain(db, { batchSize: 5 })).toEqual({
      ok: false,
      checked: 3,
      first_bad: { seq: 1, reason },
      bad_ranges: [{ from: 1, to: 1, reason }],
    });
    await withAuditRewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_events`));
    expect(await verifyAuditChain(db, { batchSize: 5 })).toEqual({ ok: true, checked: 0, first_bad: null, bad_ranges: [] });
  });

  it("a signed head whose count differs from its position is reported at that position, and nothing else", async () => {
    const { db } = get();
    await chainOf(db, 12);
    // re-signed with the key: the signature is valid, only the count is wrong
    await withAuditRewrite(db, async (tx) => {
      const [head] = await tx.select().from(auditChainHead);
      await tx.update(auditChainHead).set({ count: 11, signature: signHead(12, 11, head.hash) });
    });
    const reason = "the chain head counts 11 rows for 12 positions";
    expect(await verifyAuditChain(db, { batchSize: 5 })).toEqual({
      ok: false,
      checked: 12,
      first_bad: { seq: 12, reason },
      bad_ranges: [{ from: 12, to: 12, reason }],
    });
  });
});
