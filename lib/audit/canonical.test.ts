import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalJson, canonicalJsonWith, chainHash, stripNul, GENESIS_HASH } from "./canonical";

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
        const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
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
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.string({
          unit: fc.oneof(
            fc.constantFrom("\u0000", "a", "😀"),
            fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
          ),
        }),
        (v, s) => {
          const out = JSON.stringify(stripNul({ v, s }));
          expect(out).not.toMatch(/\\u0000|\\ud[89a-f]/i);
        },
      ),
    );
  });
});

// The definition of the canonical text (every stored hash depends on it): the writer in
// canonical.ts must produce exactly this, for any value.
function referenceCanonicalJson(value: unknown): string {
  const normalize = (v: unknown): unknown => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : normalize(x)));
    if (typeof v === "object") {
      const out: Record<string, unknown> = Object.create(null);
      for (const k of Object.keys(v as object).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = normalize(x);
      }
      return out;
    }
    if (typeof v === "number" && !Number.isFinite(v)) return null;
    return v;
  };
  return JSON.stringify(normalize(value));
}

const KEYS = ["a", "b", "__proto__", "0", "1", "9", "10", "01", "-1", "1.5", "4294967294", "4294967295", " 1", "ä", "😀", "\u0000", "Z", ""];
const leaf = fc.oneof(
  fc.string(),
  // long text that needs only \" \\ \n (the writer's replaceAll path), and with one more escape
  fc.string({ unit: fc.constantFrom("a", '"', "\\", "\n", "\u2028", "é", " ", "\u007f"), minLength: 120, maxLength: 400 }),
  fc.string({ unit: fc.constantFrom("a", '"', "\\", "\n", "\t", "😀", "\ud800"), minLength: 120, maxLength: 400 }),
  fc.string({ unit: "binary" }),
  fc.string({
    unit: fc.oneof(
      fc.constantFrom('"', "\\", "\n", "\u0000", "\u001f", "\u007f", "\u2028", "a", "😀"),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    ),
  }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e21, 5e-7),
  fc.date({ noInvalidDate: true }),
  fc.constant(() => 1),
);
const anyValue = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    leaf,
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), tie("v"), { maxKeys: 5 }),
    fc.dictionary(fc.constantFrom(...KEYS), leaf, { minKeys: 8, maxKeys: 18 }),
  ),
})).v;

describe("canonical writer", () => {
  it("produces exactly the reference canonical text (property)", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
      }),
    );
  });
  it("keeps the same order for objects of one shape and of different shapes with the same key count", () => {
    const keys = "seq id clientId bodyHash time receivedAt actorKind type agentId agentSlug".split(" ");
    const a = Object.fromEntries(keys.map((k, i) => [k, i]));
    const b = Object.fromEntries(keys.reverse().map((k, i) => [k, i]));
    const c = Object.fromEntries(keys.map((k, i) => [k + "x", i]));
    for (const v of [a, b, a, c, b, c, { ...c, "3": 1 }, a]) expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
  });
  it("writes the same text with one value's canonical text given in advance (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), anyValue), fc.jsonValue(), fc.string(), (obj, value, key) => {
        const o: Record<string, unknown> = { ...obj, [key]: value };
        expect(canonicalJsonWith(o, key, canonicalJson(value))).toBe(canonicalJson(o));
        const row = { ...obj, payload: value };
        expect(chainHash(GENESIS_HASH, row, canonicalJson(value))).toBe(chainHash(GENESIS_HASH, row));
      }),
      { numRuns: 500 },
    );
  });
  it("throws on a bigint like JSON.stringify", () => {
    expect(() => canonicalJson({ a: 1n })).toThrow();
  });
  it("stripNul returns a clean plain value as it is, and copies one with something to replace", () => {
    const clean = { a: ["x", { b: 1, c: new Date(0) }], d: null };
    expect(stripNul(clean)).toBe(clean);
    const dirty = { a: ["x", { b: "y\u0000" }] };
    const out = stripNul(dirty);
    expect(out).not.toBe(dirty);
    expect(out).toEqual({ a: ["x", { b: "y\uFFFD" }] });
    expect(dirty.a[1]).toEqual({ b: "y\u0000" }); // the input is not modified
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
