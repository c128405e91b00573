import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { chainReader } from "./verify";

// How verifyAuditChain plans its reads (chainReader), from memory instead of the database: seq
// ranges read two ahead while the chain is dense, keyset reads after the last row handed out
// once a range comes back short, and never a row past the head. The reads the database answers
// are checked by verify-read.mutants.int.test.ts on both engines; each test here fails on a
// StrykerJS mutant of chainReader (QUALITY.md, `audit-verify-read`).

type Row = [number];
type Call = [afterSeq: number, limit: number, upTo: number | undefined];

/** The stored rows (these seqs): the next `limit` after `afterSeq`, up to `upTo`, in seq order — what fetchRows returns. */
function table(seqs: number[], fail?: (call: Call) => boolean) {
  const sorted = [...seqs].sort((a, b) => a - b);
  const calls: Call[] = [];
  const read = async (afterSeq: number, limit: number, upTo?: number): Promise<Row[]> => {
    const call: Call = [afterSeq, limit, upTo];
    calls.push(call);
    if (fail?.(call)) throw new Error(`read after ${afterSeq} failed`);
    return sorted
      .filter((s) => s > afterSeq && (upTo === undefined || s <= upTo))
      .slice(0, limit)
      .map((s): Row => [s]);
  };
  return { read, calls };
}

async function readAll(reader: { next(): Promise<Row[] | null> }) {
  const batches: number[][] = [];
  for (let b = await reader.next(); b !== null; b = await reader.next()) batches.push(b.map((r) => r[0]));
  return batches;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("chainReader", () => {
  it("reads a dense chain by seq ranges, two ahead of the batch handed out, bounded by the head", async () => {
    const t = table(range(1, 12));
    const reader = chainReader(t.read, 4, 12);
    // before the first batch is asked for, the first two ranges are being read
    expect(t.calls).toEqual([
      [0, 4, 4],
      [4, 4, 8],
    ]);
    expect(await reader.next()).toEqual([[1], [2], [3], [4]]);
    expect(t.calls.at(-1)).toEqual([8, 4, 12]);
    expect((await readAll(reader)).flat()).toEqual(range(5, 12));
    expect(t.calls).toEqual([
      [0, 4, 4],
      [4, 4, 8],
      [8, 4, 12],
      [12, 4, 12],
      [16, 4, 12],
      // the range (12, 12] came back empty: one keyset read after the last row, then the end
      [12, 4, 12],
    ]);
    expect(await reader.next()).toBeNull();
  });

  it("a short range (a gap) ends range reading: the rest by keyset after the last row handed out, one batch ahead", async () => {
    const t = table([...range(1, 5), ...range(7, 14)]);
    const reader = chainReader(t.read, 4, 14);
    expect(await readAll(reader)).toEqual([
      [1, 2, 3, 4],
      [5, 7, 8],
      [9, 10, 11, 12],
      [13, 14],
    ]);
    expect(t.calls).toEqual([
      [0, 4, 4],
      [4, 4, 8],
      [8, 4, 12], // read ahead after the first batch, dropped once (4, 8] came back short
      [8, 4, 14],
      [12, 4, 14],
    ]);
  });

  it("a whole range missing: keyset from the last row handed out (not from the start)", async () => {
    const t = table([...range(1, 4), ...range(9, 12)]);
    expect(await readAll(chainReader(t.read, 4, 12))).toEqual([[1, 2, 3, 4], [9, 10, 11, 12], []]);
    expect(t.calls.slice(3)).toEqual([
      [4, 4, 12],
      [12, 4, 12],
    ]);
  });

  it("without a head, ranges and keyset reads are unbounded", async () => {
    const t = table([...range(1, 6), 1000]);
    expect(await readAll(chainReader(t.read, 4, undefined))).toEqual([[1, 2, 3, 4], [5, 6], [1000]]);
    expect(t.calls).toEqual([
      [0, 4, 4],
      [4, 4, 8],
      [8, 4, 12],
      [6, 4, undefined],
    ]);
  });

  it("an empty chain: one empty batch, then the end, and the end again", async () => {
    const reader = chainReader(table([]).read, 5, undefined);
    expect(await reader.next()).toEqual([]);
    expect(await reader.next()).toBeNull();
    expect(await reader.next()).toBeNull();
  });

  describe("a read that is dropped and fails", () => {
    const seen: unknown[] = [];
    const onRejection = (e: unknown) => seen.push(e);
    afterEach(() => {
      process.off("unhandledRejection", onRejection);
    });

    it("is no unhandled rejection", async () => {
      process.on("unhandledRejection", onRejection);
      // (4, 8] comes back short, so the read-ahead of (8, 12] is dropped: it fails
      const t = table([...range(1, 5), ...range(7, 12)], ([after, , upTo]) => after === 8 && upTo === 12 && t.calls.length === 3);
      expect(await readAll(chainReader(t.read, 4, 12))).toEqual([[1, 2, 3, 4], [5, 7, 8], [9, 10, 11, 12], []]);
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([]);
    });
  });

  it("hands out exactly the stored rows up to the head, in order, in batches of at most n (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 80 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
        async (seqs, n, upTo) => {
          const t = table(seqs);
          const batches = await readAll(chainReader(t.read, n, upTo));
          const expected = [...seqs].sort((a, b) => a - b).filter((s) => upTo === undefined || s <= upTo);
          expect(batches.flat()).toEqual(expected);
          for (const b of batches) expect(b.length).toBeLessThanOrEqual(n);
          // every read stays within the head
          for (const [, , to] of t.calls) if (upTo !== undefined) expect(to).toBeLessThanOrEqual(upTo);
        },
      ),
      { numRuns: 300 },
    );
  });
});
