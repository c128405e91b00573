import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalJson, chainHash, stripNul, GENESIS_HASH } from "./canonical";

function shuffleKeys(v: unknown, rnd: () => number): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, rnd));
  if (v && typeof v === "object") {
    const entries = Object.entries(v).sort(() => rnd() - 0.5);
    return Object.fromEntries(entries.map(([k, x]) => [k, shuffleKeys(x, rnd)]));
  }
  return v;
}

describe("canonical JSON", () => {
  it("does not depend on key order (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        let s = seed;
        const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
        expect(canonicalJson(shuffleKeys(value, rnd))).toBe(canonicalJson(value));
      }),
    );
  });
  it("changes the chain hash when any field or the previous hash changes", () => {
    const base = { a: 1, b: "x", c: { d: [1, 2] } };
    const h = chainHash(GENESIS_HASH, base);
    expect(chainHash(GENESIS_HASH, { ...base, b: "y" })).not.toBe(h);
    expect(chainHash("1".repeat(64), base)).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { c: { d: [1, 2] }, b: "x", a: 1 })).toBe(h);
  });
  it("renders dates as ISO strings and drops undefined", () => {
    expect(canonicalJson({ t: new Date("2026-01-02T03:04:05.678Z"), u: undefined })).toBe('{"t":"2026-01-02T03:04:05.678Z"}');
  });
  it("removes NUL characters that PostgreSQL cannot store", () => {
    expect(stripNul({ "k\u0000": ["a\u0000b"] })).toEqual({ "k\uFFFD": ["a\uFFFDb"] });
  });
  it("replaces lone surrogates (jsonb refuses them) and keeps real pairs", () => {
    expect(stripNul({ a: "x\ud800", b: "\udc00y", c: "😀", [`k\udbff`]: 1 })).toEqual({ a: "x\uFFFD", b: "\uFFFDy", c: "😀", "k\uFFFD": 1 });
  });
  it("leaves nothing PostgreSQL refuses in any string (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: fc.oneof(fc.constantFrom("\u0000", "a", "😀"), fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))) }), (v, s) => {
        const out = JSON.stringify(stripNul({ v, s }));
        expect(out).not.toMatch(/\\u0000|\\ud[89a-f]/i);
      }),
    );
  });
});

describe("canonicalJson and __proto__ keys", () => {
  it("hashes a __proto__ key like any other key", () => {
    const a = JSON.parse('{"__proto__": {"x": 1}, "b": 2}');
    const b = JSON.parse('{"__proto__": {"x": 2}, "b": 2}');
    expect(canonicalJson(a)).not.toBe(canonicalJson(b));
    expect(canonicalJson(a)).toContain("__proto__");
  });
});
