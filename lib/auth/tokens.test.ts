import { describe, expect, it } from "vitest";
import { displayPrefix, generateToken, hashToken, randomBase62, safeEqual, tokenKind } from "./tokens";

describe("tokens", () => {
  it("makes agent and integration tokens with their prefixes and ≥128 bits of randomness", () => {
    const a = generateToken("agent");
    const i = generateToken("integration");
    expect(a.token).toMatch(/^gat_[0-9A-Za-z]{32}$/);
    expect(i.token).toMatch(/^gci_[0-9A-Za-z]{32}$/);
    // 32 base62 characters ≈ 190 bits
    expect(32 * Math.log2(62)).toBeGreaterThan(128);
    expect(tokenKind(a.token)).toBe("agent");
    expect(tokenKind(i.token)).toBe("integration");
    expect(tokenKind("ghp_abc")).toBeUndefined();
  });
  it("stores only a hash that the token reproduces, and a short display prefix", () => {
    const t = generateToken("agent");
    expect(t.hash).toBe(hashToken(t.token));
    expect(t.hash).not.toContain(t.token.slice(4));
    expect(t.prefix).toBe(displayPrefix(t.token));
    expect(t.prefix.length).toBe(12);
  });
  it("does not repeat", () => {
    const seen = new Set(Array.from({ length: 2000 }, () => randomBase62(32)));
    expect(seen.size).toBe(2000);
  });
  it("uses every character of the alphabet roughly uniformly", () => {
    const counts = new Map<string, number>();
    for (const c of randomBase62(62 * 400)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(n).toBeGreaterThan(250);
  });
  it("compares in constant time without throwing on different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
