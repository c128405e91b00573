import { afterEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { GENESIS_HASH, chainHash } from "./canonical";
import { auditKey, signCheckpoint, signHead } from "./checkpoint";
import { hashedFields } from "./record";
import { type ChainSnapshot, type SignedPosition, type VerifyOptions, type VerifyResult, scanAuditChain } from "./verify";

// scanAuditChain's verdicts without a database: chains built in memory with the chain's own
// hashing (chainHash over hashedFields) and signing (signCheckpoint, signHead), tampered with
// as someone with write access to the tables but without the audit key could, and judged.
// Every test compares the whole result (ok, checked, first_bad, every bad range with its
// reason): each fails on StrykerJS mutants of scanAuditChain (QUALITY.md, `audit-verify-scan`).
// The database reader (batches, gaps between batches, timestamps, payload text) is
// verifyAuditChain's and is checked by the integration tests on both engines.

const KEY = "verify-scan-test-key-0123456789";
const OTHER_KEY = "not-the-audit-key-9876543210";
const T0 = Date.UTC(2026, 0, 1);

/** A row as drizzle maps it, hashed from `prevHash`. */
function row(seq: number, prevHash: string, command = `cmd ${seq}`): AuditEvent {
  const fields: Omit<AuditEvent, "hash" | "prevHash"> = {
    seq,
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    clientId: null,
    bodyHash: null,
    time: new Date(T0 + seq * 1000),
    receivedAt: new Date(T0 + seq * 1000 + 7),
    actorKind: "agent",
    type: seq % 3 ? "tool.post" : "tool.pre",
    agentId: null,
    agentSlug: "bot",
    actorUserId: null,
    actorLabel: null,
    initiatedBy: null,
    sessionId: null,
    actionType: null,
    tool: null,
    repository: null,
    branch: null,
    environment: null,
    resource: null,
    command,
    endpoint: null,
    decision: null,
    decisionId: null,
    ruleId: null,
    policyVersion: null,
    approvalId: null,
    outcome: null,
    rollbackRef: null,
    payload: { i: seq, nested: { b: [1, 2], a: "x" } },
    redactions: 0,
    payloadSha256: null,
    payloadBytes: null,
  };
  return { ...fields, prevHash, hash: chainHash(prevHash, hashedFields(fields)) };
}

interface Chain {
  rows: AuditEvent[];
  checkpoints: SignedPosition[];
  head: SignedPosition | undefined;
}

const headAt = (seq: number, count: number, hash: string, key = KEY): SignedPosition & { signature: string } => ({
  seq,
  count,
  hash,
  signature: signHead(seq, count, hash, key),
});
const checkpointAt = (seq: number, count: number, hash: string, key = KEY): SignedPosition => ({
  seq,
  count,
  hash,
  signature: signCheckpoint(seq, count, hash, key),
});

/**
 * A chain written as record.ts writes it: appends of the given sizes (at most 1,000 rows each),
 * a signed checkpoint at the last row of every append that crosses a multiple of 1,000, the
 * head signed after each append.
 */
function chainOf(appends: number[] | number, keys: { checkpoint?: string; head?: string } = {}): Chain {
  // chains are never changed in place (the helpers below copy), so one build serves every test
  const id = JSON.stringify([appends, keys]);
  const known = built.get(id);
  if (known) return known;
  const chain = buildChain(appends, keys);
  built.set(id, chain);
  return chain;
}
const built = new Map<string, Chain>();

function buildChain(appends: number[] | number, keys: { checkpoint?: string; head?: string }): Chain {
  const sizes = typeof appends === "number" ? Array.from({ length: Math.ceil(appends / 250) }, (_, i) => Math.min(250, appends - i * 250)) : appends;
  const rows: AuditEvent[] = [];
  const checkpoints: SignedPosition[] = [];
  let prev = GENESIS_HASH;
  for (const size of sizes) {
    const before = rows.length;
    for (let i = 0; i < size; i++) {
      const r = row(rows.length + 1, prev);
      rows.push(r);
      prev = r.hash;
    }
    const n = rows.length;
    if (Math.floor(before / 1000) !== Math.floor(n / 1000)) checkpoints.push(checkpointAt(n, n, prev, keys.checkpoint));
  }
  const n = rows.length;
  return { rows, checkpoints, head: n ? headAt(n, n, prev, keys.head) : undefined };
}

const hashOf = (c: Chain, seq: number) => c.rows.find((r) => r.seq === seq)!.hash;

/** Rows from..to rewritten (new command), each re-hashed: from the row before as rewritten when `chained`, else from its own stored prev_hash. */
function rehash(c: Chain, from: number, to: number, chained = true): Chain {
  let prev: string | null = null;
  const rows = c.rows.map((r) => {
    if (r.seq < from || r.seq > to) return r;
    const changed = row(r.seq, chained ? (prev ?? r.prevHash) : r.prevHash, `rewritten ${r.seq}`);
    prev = changed.hash;
    return changed;
  });
  return { ...c, rows };
}

/** A field changed without re-hashing (an UPDATE as the table owner). */
const alter = (c: Chain, seqs: number[]): Chain => ({ ...c, rows: c.rows.map((r) => (seqs.includes(r.seq) ? { ...r, outcome: "success" } : r)) });
const drop = (c: Chain, from: number, to = Infinity): Chain => ({ ...c, rows: c.rows.filter((r) => r.seq < from || r.seq > to) });

interface Read {
  batchSize?: number;
  /** the head as it is once the rows are read (rows appended meanwhile); the chain's own head when absent */
  headAfter?: SignedPosition;
  /** rows that lie past the head read first (appended meanwhile, or inserted) */
  later?: number[];
}

/** What verifyAuditChain's reader hands over: rows up to the head, in batches, then what lies past the head. */
function snapshot(c: Chain, read: Read = {}, asked: number[] = []): ChainSnapshot {
  const upTo = c.head?.seq ?? Infinity;
  const rows = c.rows.filter((r) => r.seq <= upTo).sort((a, b) => a.seq - b.seq);
  const n = read.batchSize ?? 100;
  let at = 0;
  return {
    checkpoints: [...c.checkpoints].sort((a, b) => a.seq - b.seq),
    head: c.head,
    async next() {
      if (at >= rows.length) return null;
      at += n;
      return rows.slice(at - n, at);
    },
    async beyond(headSeq) {
      asked.push(headSeq);
      const past = [...c.rows.map((r) => r.seq), ...(read.later ?? [])].filter((s) => s > headSeq);
      return past.length ? { max: Math.max(...past), head: "headAfter" in read ? read.headAfter : c.head } : null;
    },
  };
}

const verify = (c: Chain, opts: VerifyOptions = {}, read: Read = {}) => scanAuditChain(snapshot(c, read), { key: KEY, ...opts });

const intact = (n: number): VerifyResult => ({ ok: true, checked: n, first_bad: null, bad_ranges: [] });
/** The result for bad ranges [from, to, reason] (first_bad: the first range's start and reason). */
const bad = (checked: number, ...ranges: [number, number, string][]): VerifyResult => ({
  ok: false,
  checked,
  first_bad: { seq: ranges[0][0], reason: ranges[0][2] },
  bad_ranges: ranges.map(([from, to, reason]) => ({ from, to, reason })),
});

const SIGNATURE = "the chain head's signature is invalid: rows after it may have been removed or added";

describe("scanAuditChain: intact chains", () => {
  it("passes intact chains of 0, 1, 999, 1,000, 1,001 and 2,100 rows", async () => {
    for (const n of [0, 1, 999, 1000, 1001, 2100]) expect(await verify(chainOf(n)), `${n} rows`).toEqual(intact(n));
  });

  it("passes chains whose checkpoints lie anywhere in their window of 1,000 positions (first, last, in between)", async () => {
    // appends of 1,000: checkpoints at 1000 and 2000 (each window's first position)
    const first = chainOf([1000, 1000, 5]);
    expect(first.checkpoints.map((c) => c.seq)).toEqual([1000, 2000]);
    expect(await verify(first)).toEqual(intact(2005));
    // 999 then 1,000: checkpoints at 1999 (window 1's last position) and 2001
    const last = chainOf([999, 1000, 2]);
    expect(last.checkpoints.map((c) => c.seq)).toEqual([1999, 2001]);
    expect(await verify(last)).toEqual(intact(2001));
    // appends of 300: 1200 and 2100
    const between = chainOf(Array(7).fill(300));
    expect(between.checkpoints.map((c) => c.seq)).toEqual([1200, 2100]);
    expect(await verify(between, {}, { batchSize: 77 })).toEqual(intact(2100));
  });

  it("gives the same verdict whatever the batch size", async () => {
    const c = alter(chainOf(1250), [500]);
    const reason = "row 500 does not match its hash (altered, or moved from another position)";
    for (const batchSize of [1, 7, 499, 500, 501, 5000]) expect(await verify(c, {}, { batchSize }), `batch ${batchSize}`).toEqual(bad(499, [500, 500, reason]));
  });

  it("reports progress after each batch: rows checked so far (before the first bad one) of the head's count", async () => {
    const calls: [number, number][] = [];
    const onProgress = (checked: number, total: number) => calls.push([checked, total]);
    expect(await verify(chainOf(250), { onProgress })).toEqual(intact(250));
    expect(calls).toEqual([
      [100, 250],
      [200, 250],
      [250, 250],
    ]);
    calls.length = 0;
    await verify(alter(chainOf(250), [150]), { onProgress });
    expect(calls).toEqual([
      [100, 250],
      [149, 250],
      [149, 250],
    ]);
    // without a head there is no count: the total is 0
    calls.length = 0;
    await verify({ ...chainOf(3), head: undefined }, { onProgress });
    expect(calls).toEqual([[3, 0]]);
  });
});

describe("scanAuditChain: tampered rows", () => {
  it("an updated field: that position alone (the next row links to the hash as stored)", async () => {
    const reason = "row 500 does not match its hash (altered, or moved from another position)";
    expect(await verify(alter(chainOf(1250), [500]))).toEqual(bad(499, [500, 500, reason]));
  });

  it("a middle row altered and re-hashed: the next row no longer links to it", async () => {
    const reason = "row 501 does not link to row 500 (inserted, reordered or re-hashed)";
    expect(await verify(rehash(chainOf(1250), 500, 500))).toEqual(bad(500, [501, 501, reason]));
  });

  it("a row re-hashed from another previous hash than the one stored before it", async () => {
    // row 500 re-hashed as if it followed row 498: its hash is right, its link is not
    const c = chainOf(1250);
    const forged = row(500, hashOf(c, 498), "rewritten 500");
    const rows = c.rows.map((r) => (r.seq === 500 ? forged : r));
    expect(await verify({ ...c, rows })).toEqual(bad(499, [500, 501, "row 500 does not link to row 499 (inserted, reordered or re-hashed)"]));
  });

  it("deleted rows: the range, from the first missing one, and no link error for the row after it", async () => {
    expect(await verify(drop(chainOf(1250), 600, 609))).toEqual(bad(599, [600, 609, "row 600 is missing (deleted); the next row is 610"]));
    expect(await verify(drop(chainOf(1250), 1, 3))).toEqual(bad(0, [1, 3, "row 1 is missing (deleted); the next row is 4"]));
  });

  it("two swapped rows: both positions, and the row after them no longer links", async () => {
    const c = chainOf(1250);
    const rows = c.rows.map((r) => (r.seq === 700 ? { ...c.rows[700], seq: 700 } : r.seq === 701 ? { ...c.rows[699], seq: 701 } : r));
    expect(await verify({ ...c, rows })).toEqual(bad(699, [700, 702, "row 700 does not match its hash (altered, or moved from another position)"]));
  });

  it("every bad range, in order, each with its first reason; checked stops at the first", async () => {
    const c = drop(alter(chainOf(1250), [100, 101, 102, 1200]), 600, 609);
    const r = await verify(c, {}, { batchSize: 250 });
    expect(r).toEqual(
      bad(
        99,
        [100, 102, "row 100 does not match its hash (altered, or moved from another position)"],
        [600, 609, "row 600 is missing (deleted); the next row is 610"],
        [1200, 1200, "row 1200 does not match its hash (altered, or moved from another position)"],
      ),
    );
  });

  it("bad positions one good row apart are two ranges; adjacent ones are one", async () => {
    expect(await verify(alter(chainOf(30), [10, 12, 13]))).toEqual(
      bad(
        9,
        [10, 10, "row 10 does not match its hash (altered, or moved from another position)"],
        [12, 13, "row 12 does not match its hash (altered, or moved from another position)"],
      ),
    );
  });

  it("the first bad position is the lowest one, whatever was found first (a forged checkpoint before the rows)", async () => {
    const c = chainOf(1250);
    const forged = { ...c, checkpoints: [checkpointAt(1000, 1000, hashOf(c, 1000), OTHER_KEY)] };
    expect(await verify(alter(forged, [500]))).toEqual(
      bad(
        499,
        [500, 500, "row 500 does not match its hash (altered, or moved from another position)"],
        [1000, 1250, "checkpoint at seq 1000 has an invalid signature (forged or re-signed)"],
      ),
    );
  });
});

describe("scanAuditChain: the head and the tail", () => {
  it("the newest rows deleted, head left alone: the tail is truncated", async () => {
    expect(await verify(drop(chainOf(1250), 1101))).toEqual(bad(1100, [1101, 1250, "rows 1101…1250 are missing: the tail was truncated"]));
  });

  it("the newest rows deleted and the head moved back without the key: its signature is invalid", async () => {
    const c = drop(chainOf(1250), 1101);
    const head = { seq: 1100, count: 1100, hash: hashOf(c, 1100), signature: c.head!.signature };
    expect(await verify({ ...c, head })).toEqual(bad(1100, [1101, 1101, SIGNATURE]));
  });

  it("the newest rows deleted and the head re-signed with another key: the signature problem starts after the last row", async () => {
    const c = drop(chainOf(1250), 1101);
    const head = headAt(1250, 1250, c.head!.hash, OTHER_KEY);
    expect(await verify({ ...c, head })).toEqual(bad(1100, [1101, 1250, SIGNATURE]));
  });

  it("an unsigned head", async () => {
    const c = chainOf(12);
    expect(await verify({ ...c, head: { ...c.head!, signature: null } })).toEqual(bad(12, [13, 13, SIGNATURE]));
  });

  it("a suffix after the last checkpoint rewritten consistently, the head's hash moved (not re-signed)", async () => {
    const c = rehash(chainOf(1250), 1001, 1250);
    expect(await verify({ ...c, head: { ...c.head!, hash: hashOf(c, 1250) } })).toEqual(bad(1250, [1251, 1251, SIGNATURE]));
  });

  it("a suffix rewritten consistently, the head left alone: the last row differs from it", async () => {
    const c = rehash(chainOf(1250), 1001, 1250);
    expect(await verify(c)).toEqual(bad(1250, [1250, 1250, "the last row's hash differs from the signed chain head"]));
  });

  it("a rewrite across a checkpoint: the row differs from the signed checkpoint", async () => {
    const c = rehash(chainOf(1250), 900, 1250);
    expect(await verify({ ...c, head: { ...c.head!, hash: hashOf(c, 1250) } })).toEqual(
      bad(999, [1000, 1000, "row 1000 differs from the signed checkpoint at that position (chain rewritten)"], [1251, 1251, SIGNATURE]),
    );
  });

  it("a second validly signed checkpoint at a position, over another hash, is reported (one of two differing is enough)", async () => {
    const c = chainOf(1250);
    const other = rehash(c, 1000, 1000).rows[999].hash;
    for (const checkpoints of [
      [c.checkpoints[0], checkpointAt(1000, 1000, other)],
      [checkpointAt(1000, 1000, other), c.checkpoints[0]],
    ])
      expect(await verify({ ...c, checkpoints })).toEqual(
        bad(999, [1000, 1000, "row 1000 differs from the signed checkpoint at that position (chain rewritten)"]),
      );
  });

  it("rolled back to a validly signed earlier head, through the last checkpoint: the checkpoint past the end shows it", async () => {
    const c = chainOf(1250);
    const saved = headAt(999, 999, hashOf(c, 999));
    expect(await verify({ ...drop(c, 1000), head: saved })).toEqual(
      bad(999, [1000, 1000, "a signed checkpoint exists at seq 1000 but the chain ends at 999: the tail was truncated"]),
    );
  });

  it("rows beyond the signed head are inserted ones, and the scan asks once, for the head's position", async () => {
    const asked: number[] = [];
    const r = await scanAuditChain(snapshot(chainOf(1250), { later: [1251, 1260] }, asked), { key: KEY });
    expect(r).toEqual(bad(1250, [1251, 1260, "rows 1251…1260 lie beyond the signed chain head (inserted)"]));
    expect(asked).toEqual([1250]);
  });

  it("rows appended during the scan are covered by the head read after them, if it reaches them and is signed", async () => {
    const c = chainOf(1250);
    const later = [1251, 1260];
    const hash = "f".repeat(64);
    expect(await verify(c, {}, { later, headAfter: headAt(1260, 1260, hash) })).toEqual(intact(1250));
    expect(await verify(c, {}, { later, headAfter: headAt(1270, 1270, hash) })).toEqual(intact(1250));
    const reason = "rows 1251…1260 lie beyond the signed chain head (inserted)";
    // a head short of them, forged, unsigned, or gone covers nothing
    for (const headAfter of [headAt(1259, 1259, hash), headAt(1260, 1260, hash, OTHER_KEY), { ...headAt(1260, 1260, hash), signature: null }, undefined])
      expect(await verify(c, {}, { later, headAfter })).toEqual(bad(1250, [1251, 1260, reason]));
  });

  it("a validly signed head whose count differs from its position", async () => {
    const c = chainOf(1250);
    const head = headAt(1250, 1249, c.head!.hash);
    expect(await verify({ ...c, head })).toEqual(bad(1250, [1250, 1250, "the chain head counts 1249 rows for 1250 positions"]));
  });

  it("rows without a head: the head is missing; no rows and no head is an intact empty chain", async () => {
    expect(await verify({ ...chainOf(3), head: undefined })).toEqual(bad(3, [1, 1, "the chain head is missing"]));
    expect(await verify({ rows: [], checkpoints: [], head: undefined })).toEqual(intact(0));
  });

  it("rows without a head are still checked for their checkpoints, counted by the rows", async () => {
    const c = { ...chainOf(1250), head: undefined, checkpoints: [] };
    expect(await verify(c)).toEqual(
      bad(1250, [1, 1, "the chain head is missing"], [1000, 1250, "the signed checkpoint for positions 1000…1999 is missing (deleted)"]),
    );
  });
});

describe("scanAuditChain: checkpoints", () => {
  it("a forged checkpoint is reported and does not count for its window", async () => {
    const c = chainOf(1250);
    const checkpoints = [checkpointAt(1000, 1000, hashOf(c, 1000), OTHER_KEY)];
    expect(await verify({ ...c, checkpoints })).toEqual(bad(1250, [1000, 1250, "checkpoint at seq 1000 has an invalid signature (forged or re-signed)"]));
  });

  it("a signed checkpoint whose count differs from its position is reported and does not count for its window", async () => {
    const c = chainOf(1250);
    const checkpoints = [checkpointAt(1000, 999, hashOf(c, 1000))];
    expect(await verify({ ...c, checkpoints })).toEqual(bad(1250, [1000, 1250, "checkpoint at seq 1000 counts 999 events"]));
  });

  it("a deleted last checkpoint: its window, up to the last row", async () => {
    const c = chainOf([1000, 1000, 100]);
    expect(await verify({ ...c, checkpoints: c.checkpoints.filter((cp) => cp.seq !== 2000) })).toEqual(
      bad(2100, [2000, 2100, "the signed checkpoint for positions 2000…2999 is missing (deleted)"]),
    );
  });

  it("a deleted checkpoint in the middle: its whole window (the next window's checkpoint at its first position does not count)", async () => {
    const c = chainOf([1000, 1000, 100]);
    expect(await verify({ ...c, checkpoints: c.checkpoints.filter((cp) => cp.seq !== 1000) })).toEqual(
      bad(2100, [1000, 1999, "the signed checkpoint for positions 1000…1999 is missing (deleted)"]),
    );
  });

  it("the windows counted are those within the head's count (a head counting fewer rows than its positions)", async () => {
    const c = { ...chainOf(1250), checkpoints: [] };
    const head = headAt(1250, 999, c.head!.hash);
    expect(await verify({ ...c, head })).toEqual(bad(1250, [1250, 1250, "the chain head counts 999 rows for 1250 positions"]));
  });
});

describe("scanAuditChain: keys", () => {
  afterEach(() => {
    delete process.env.GATEHOUSE_AUDIT_KEY_PREVIOUS;
    resetEnvCache();
  });

  it("without a key given, the audit key (GATEHOUSE_AUDIT_KEY) verifies", async () => {
    const c = chainOf(1250, { checkpoint: auditKey(), head: auditKey() });
    expect(await scanAuditChain(snapshot(c))).toEqual(intact(1250));
    // and a chain signed with another key does not
    expect(await scanAuditChain(snapshot(chainOf(1250)))).toEqual(
      // the forged checkpoint's window and the head's signature: adjacent, one range
      bad(1250, [1000, 1251, "checkpoint at seq 1000 has an invalid signature (forged or re-signed)"]),
    );
  });

  it("a key given replaces the audit key", async () => {
    const c = chainOf(1250, { checkpoint: auditKey(), head: auditKey() });
    expect((await scanAuditChain(snapshot(c), { key: OTHER_KEY })).ok).toBe(false);
  });

  it("after a rotation, checkpoints and anchors signed with a retired key (GATEHOUSE_AUDIT_KEY_PREVIOUS) still verify", async () => {
    process.env.GATEHOUSE_AUDIT_KEY_PREVIOUS = ` ${OTHER_KEY} `;
    resetEnvCache();
    const c = chainOf(1250, { checkpoint: OTHER_KEY, head: auditKey() });
    const anchor = { seq: 1000, count: 1000, hash: hashOf(c, 1000), signature: signHead(1000, 1000, hashOf(c, 1000), OTHER_KEY) };
    expect(await scanAuditChain(snapshot(c), { anchor })).toEqual({ ...intact(1250), anchor: { seq: 1000, at: null } });
    expect(await scanAuditChain(snapshot(c, { later: [1251], headAfter: headAt(1251, 1251, "f".repeat(64), OTHER_KEY) }))).toEqual(intact(1250));
  });
});

describe("scanAuditChain: anchors kept outside the database", () => {
  const anchorOf = (c: Chain, seq: number, at?: string) => ({ ...headAt(seq, seq, hashOf(c, seq)), ...(at ? { at } : {}) });

  it("an intact chain reaching the anchor passes and names it (at the head, or earlier)", async () => {
    const c = chainOf(1250);
    expect(await verify(c, { anchor: anchorOf(c, 1250, "2026-12-05T01:00:00.000Z") })).toEqual({
      ...intact(1250),
      anchor: { seq: 1250, at: "2026-12-05T01:00:00.000Z" },
    });
    expect(await verify(c, { anchor: anchorOf(c, 1000) })).toEqual({ ...intact(1250), anchor: { seq: 1000, at: null } });
    expect(await verify(c, { anchor: null })).toEqual(intact(1250));
  });

  it("an anchor not signed with the audit key proves nothing and is reported", async () => {
    const c = chainOf(1250);
    const forged = { ...anchorOf(c, 1250), seq: 1750 };
    expect(await verify(c, { anchor: forged })).toEqual(bad(1250, [1, 1, "the anchor given is not signed by the audit key: it proves nothing"]));
  });

  it("rolled back to a saved, validly signed head after more events: the anchor shows the missing ones", async () => {
    const c = chainOf(1280);
    const anchor = anchorOf(c, 1280);
    const rolledBack = { ...drop(c, 1251), head: headAt(1250, 1250, hashOf(c, 1250)) };
    expect(await verify(rolledBack)).toEqual(intact(1250)); // what the database alone shows
    expect(await verify(rolledBack, { anchor })).toEqual({
      ...bad(1250, [1251, 1280, "the chain ends at 1250, but the anchor kept outside the database proves 1280 events (rolled back or truncated)"]),
      anchor: { seq: 1280, at: null },
    });
  });

  it("rows past the anchor but no head: the chain ends at 0 for the anchor", async () => {
    const c = chainOf(1250);
    expect(await verify({ ...c, head: undefined }, { anchor: anchorOf(c, 1250) })).toEqual({
      ...bad(1250, [1, 1250, "the chain head is missing"]),
      anchor: { seq: 1250, at: null },
    });
  });

  it("a chain rewritten up to the anchor's position", async () => {
    const c = chainOf(1250);
    const anchor = anchorOf(c, 1250);
    const rewritten = rehash(c, 1001, 1250);
    expect(await verify({ ...rewritten, head: { ...c.head!, hash: hashOf(rewritten, 1250) } }, { anchor })).toEqual({
      ...bad(1250, [1250, 1251, "row 1250 differs from the anchor kept outside the database (the chain was rewritten up to it)"]),
      anchor: { seq: 1250, at: null },
    });
    // an anchor in the middle, the row there rewritten (the rows after it re-linked)
    const middle = anchorOf(c, 1100);
    const r = await verify({ ...rewritten, head: { ...c.head!, hash: hashOf(rewritten, 1250) } }, { anchor: middle });
    expect(r.bad_ranges).toEqual([
      { from: 1100, to: 1100, reason: "row 1100 differs from the anchor kept outside the database (the chain was rewritten up to it)" },
      { from: 1251, to: 1251, reason: SIGNATURE },
    ]);
  });

  it("a wiped chain (rows, checkpoints and head) cannot pass as empty", async () => {
    const c = chainOf(1250);
    const wiped = { rows: [], checkpoints: [], head: undefined };
    expect(await verify(wiped)).toEqual(intact(0));
    expect(await verify(wiped, { anchor: anchorOf(c, 1250) })).toEqual({
      ...bad(0, [1, 1250, "the chain is empty, but the anchor kept outside the database proves 1250 events (wiped)"]),
      anchor: { seq: 1250, at: null },
    });
  });
});
