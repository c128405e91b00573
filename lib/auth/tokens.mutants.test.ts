import { describe, expect, it } from "vitest";
import { randomBase62 } from "./tokens";

// Written against StrykerJS survivors (npm run test:mutation auth; QUALITY.md).
describe("randomBase62 has no modulo bias", () => {
  it("gives every character the same share, within 10 % (bytes 248–255 must be rejected)", () => {
    // 248,000 characters: ~4,000 each, standard deviation ~63, so ±400 is over 6σ. Taking bytes
    // 248–255 (or only 248) would give the first characters 25 % more.
    const counts = new Map<string, number>();
    for (const c of randomBase62(62 * 4000)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const off = [...counts].filter(([, n]) => Math.abs(n - 4000) > 400);
    expect(off).toEqual([]);
  });
  it("returns exactly the length asked for", () => {
    for (const n of [0, 1, 2, 31, 32, 33, 500]) expect(randomBase62(n)).toHaveLength(n);
  });
});
