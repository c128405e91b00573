// Issue 16 "Blinding the audit trail" and issue 17's verify mutants: tampering that the chain in
// the database cannot show by itself (rollback to a saved head, a wiped chain), tampering it
// can (a re-hashed middle row, a rewritten suffix, a deleted last checkpoint), every bad range
// reported, and the append-only trigger without a session-setting opt-in.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { eq, gt, sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { type Db, transaction } from "@/db/client";
import { setProcessDb } from "@/db/client";
import { auditChainHead, auditEvents } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { appendAuditEvents, appendAuditEventsAtomic, hashedFields } from "./record";
import { chainHash } from "./canonical";
import { ANCHOR_EVERY_MS, anchorNow, currentAnchor, readLatestAnchor, type AuditAnchor } from "./anchor";
import { verifyAuditChain } from "./verify";
import { withAuditRewrite } from "./rewrite";

const N = 1250; // one checkpoint (at 1000) and a suffix after it

const events = (n: number, tag = "e") =>
  Array.from({ length: n }, (_, i) => ({ actorKind: "agent" as const, type: "tool.post", agentSlug: "bot", command: `${tag} ${i}`, payload: { i } }));

async function freshChain(db: Db, n = N) {
  await withAuditRewrite(db, async (tx) => {
    await tx.execute(sql`DELETE FROM audit_events`);
    await tx.execute(sql`DELETE FROM audit_checkpoints`);
    await tx.execute(sql`DELETE FROM audit_chain_head`);
  });
  await transaction(db, (tx) => appendAuditEvents(tx, events(n)));
}

/** Rewrites rows from..to with new commands, re-hashing each from the previous row as stored (what someone without the key can do). */
async function rehash(db: Db, from: number, to: number, chained: boolean) {
  await withAuditRewrite(db, async (tx) => {
    const rows = await tx
      .select()
      .from(auditEvents)
      .where(sql`seq BETWEEN ${from} AND ${to}`)
      .orderBy(auditEvents.seq);
    let prev = (
      await tx
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.seq, from - 1))
    )[0].hash;
    for (const r of rows) {
      const changed = { ...r, command: `rewritten ${r.seq}`, prevHash: chained ? prev : r.prevHash };
      const hash = chainHash(changed.prevHash, hashedFields(changed));
      await tx.update(auditEvents).set({ command: changed.command, prevHash: changed.prevHash, hash }).where(eq(auditEvents.seq, r.seq));
      prev = hash;
    }
  });
}

describeEngines("audit verify against tampering and anchors", (get) => {
  it("a middle row altered and re-hashed (its link to the next row broken) fails verify", async () => {
    const { db } = get();
    await freshChain(db);
    await rehash(db, 500, 500, true);
    const r = await verifyAuditChain(db, { batchSize: 300 });
    expect(r.ok).toBe(false);
    expect(r.first_bad?.seq).toBe(501); // row 500 hashes fine and links; row 501 no longer links to it
    expect(r.checked).toBe(500);
  });

  it("reports every bad range, not only the first", async () => {
    const { db } = get();
    await freshChain(db);
    await withAuditRewrite(db, async (tx) => {
      await tx.execute(sql`UPDATE audit_events SET outcome = 'success' WHERE seq IN (100, 101, 102)`);
      await tx.execute(sql`DELETE FROM audit_events WHERE seq BETWEEN 600 AND 609`);
      await tx.execute(sql`UPDATE audit_events SET command = 'x' WHERE seq = 1200`);
    });
    const r = await verifyAuditChain(db, { batchSize: 250 });
    expect(r.ok).toBe(false);
    expect(r.first_bad?.seq).toBe(100);
    expect(r.checked).toBe(99);
    expect(r.bad_ranges.map(({ from, to }) => [from, to])).toEqual([
      [100, 102],
      [600, 609],
      [1200, 1200],
    ]);
    expect(r.bad_ranges[1].reason).toMatch(/missing/);
  });

  it("a suffix after the last checkpoint rewritten consistently (the head cannot be re-signed) fails verify", async () => {
    const { db } = get();
    await freshChain(db);
    await rehash(db, 1001, N, true);
    const [last] = await db.select().from(auditEvents).where(eq(auditEvents.seq, N));
    await db.update(auditChainHead).set({ hash: last.hash });
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.first_bad?.seq).toBeGreaterThan(1000);
    expect(r.bad_ranges.some((b) => /signature/.test(b.reason))).toBe(true);
  });

  it("a deleted tail with the head moved back (unsigned) fails verify", async () => {
    const { db } = get();
    await freshChain(db);
    await withAuditRewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_events WHERE seq > 1100`));
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.seq, 1100));
    await db.update(auditChainHead).set({ seq: 1100, count: 1100, hash: row.hash });
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.first_bad?.seq).toBe(1101);
  });

  it("a deleted last checkpoint fails verify (one checkpoint per 1,000 positions)", async () => {
    const { db } = get();
    await freshChain(db, 2100);
    await withAuditRewrite(db, (tx) => tx.execute(sql`DELETE FROM audit_checkpoints WHERE seq = (SELECT max(seq) FROM audit_checkpoints)`));
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.first_bad?.reason).toMatch(/checkpoint for positions 2000…2999 is missing/);
  });

  it("rollback to a saved head after 30 more events: ok without an anchor, refused with the latest anchor", async () => {
    const { db } = get();
    await freshChain(db);
    const [saved] = await db.select().from(auditChainHead);
    await appendAuditEventsAtomic(db, events(30, "later"));
    const anchor = (await currentAnchor(db))!;
    expect(anchor.seq).toBe(N + 30);
    expect(await verifyAuditChain(db, { anchor })).toMatchObject({ ok: true, anchor: { seq: N + 30 } });
    // the superuser's rollback: delete the newer rows and put the saved (validly signed) head back
    await withAuditRewrite(db, (tx) => tx.delete(auditEvents).where(gt(auditEvents.seq, saved.seq)));
    await db.update(auditChainHead).set({ seq: saved.seq, count: saved.count, hash: saved.hash, signature: saved.signature });
    expect((await verifyAuditChain(db)).ok).toBe(true); // what the database alone can show
    const r = await verifyAuditChain(db, { anchor });
    expect(r.ok).toBe(false);
    expect(r.bad_ranges).toEqual([{ from: N + 1, to: N + 30, reason: expect.stringMatching(/rolled back or truncated/) }]);
  });

  it("a rewritten chain up to the anchor's position is refused", async () => {
    const { db } = get();
    await freshChain(db);
    const anchor = (await currentAnchor(db))!;
    await rehash(db, 1001, N, true);
    const [last] = await db.select().from(auditEvents).where(eq(auditEvents.seq, N));
    await db.update(auditChainHead).set({ hash: last.hash });
    const r = await verifyAuditChain(db, { anchor });
    expect(r.bad_ranges.some((b) => b.from === N && /differs from the anchor/.test(b.reason))).toBe(true);
  });

  it("a wiped chain (rows, checkpoints and head) cannot verify as empty against an anchor", async () => {
    const { db } = get();
    await freshChain(db);
    const anchor = (await currentAnchor(db))!;
    await withAuditRewrite(db, async (tx) => {
      await tx.execute(sql`DELETE FROM audit_events`);
      await tx.execute(sql`DELETE FROM audit_checkpoints`);
      await tx.execute(sql`DELETE FROM audit_chain_head`);
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 0 });
    const r = await verifyAuditChain(db, { anchor });
    expect(r.ok).toBe(false);
    expect(r.first_bad?.reason).toMatch(/chain is empty, but the anchor/);
  });

  it("an anchor not signed with the audit key proves nothing and is reported", async () => {
    const { db } = get();
    await freshChain(db);
    const forged: AuditAnchor = { ...(await currentAnchor(db))!, seq: N + 500 };
    const r = await verifyAuditChain(db, { anchor: forged });
    expect(r.ok).toBe(false);
    expect(r.first_bad?.reason).toMatch(/not signed by the audit key/);
  });

  it("appends write the committed head to GATEHOUSE_AUDIT_ANCHOR_FILE, and verify reads its latest line", async () => {
    const h = get();
    await freshChain(h.db, 10);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gh-anchor-"));
    const file = path.join(dir, "anchors.jsonl");
    process.env.GATEHOUSE_AUDIT_ANCHOR_FILE = file;
    resetEnvCache();
    setProcessDb(h);
    try {
      await appendAuditEventsAtomic(h.db, events(5, "anchored"));
      await expect.poll(() => (fs.existsSync(file) ? readLatestAnchor(file)?.seq : undefined), { timeout: ANCHOR_EVERY_MS * 10 }).toBe(15);
      await transaction(h.db, (tx) => appendAuditEvents(tx, events(3, "more")));
      await expect.poll(() => readLatestAnchor(file)?.seq, { timeout: ANCHOR_EVERY_MS * 10 }).toBe(18);
      expect(fs.readFileSync(file, "utf8").trim().split("\n")).toHaveLength(2);
      expect((await anchorNow(h.db))?.seq).toBe(18); // unchanged head: no new line
      expect(fs.readFileSync(file, "utf8").trim().split("\n")).toHaveLength(2);
      const latest = readLatestAnchor(file)!;
      expect(await verifyAuditChain(h.db, { anchor: latest })).toMatchObject({ ok: true, anchor: { seq: 18 } });
    } finally {
      delete process.env.GATEHOUSE_AUDIT_ANCHOR_FILE;
      resetEnvCache();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the append-only trigger has no session-setting opt-in", async () => {
    const { db } = get();
    await freshChain(db, 5);
    for (const stmt of [
      sql`DELETE FROM audit_events WHERE seq = 5`,
      sql`UPDATE audit_events SET command = 'x' WHERE seq = 1`,
      sql`TRUNCATE audit_checkpoints`,
    ]) {
      await expect(
        db.transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL gatehouse.allow_audit_rewrite = 'on'`);
          await tx.execute(stmt);
        }),
      ).rejects.toThrow();
    }
    expect(await db.select().from(auditEvents)).toHaveLength(5);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 5 });
  });
});
