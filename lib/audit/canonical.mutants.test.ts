import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { GENESIS_HASH, canonicalJson, canonicalJsonWith, chainHash, sha256Hex, stripNul } from "./canonical";

// Edges of the canonical text and of stripNul that the property tests in canonical.test.ts
// reach only by chance: each test fails on a StrykerJS mutant (QUALITY.md, `audit-canonical`).

/** JSON.stringify of an object built with its keys inserted in sorted order: the definition. */
const reference = (o: Record<string, unknown>) => {
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return JSON.stringify(out);
};

describe("canonicalJson: key order", () => {
  it("lists array-index keys first in numeric order, then the others sorted, like JSON.stringify", () => {
    const keys = ["10", "9", "0", "19", "a", "4294967294", "4294967295", "01", "-1", "1/", "1:", "12345678901", "9999999999", "", "1e5", "2e1"];
    const o = Object.fromEntries(keys.map((k, i) => [k, i]));
    const text = canonicalJson(o);
    expect(text).toBe(reference(o));
    expect(Object.keys(JSON.parse(text))).toEqual([
      "0",
      "9",
      "10",
      "19",
      "4294967294",
      "",
      "-1",
      "01",
      "1/",
      "12345678901",
      "1:",
      "1e5",
      "2e1",
      "4294967295",
      "9999999999",
      "a",
    ]);
  });
  it("small objects (under 8 keys) too", () => {
    for (const o of [
      { b: 1, "2": 2, "10": 3, a: 4 },
      { "1:": 1, "1": 2 },
      { "0": 1, "00": 2 },
      { "9": 1, "19": 2 },
      { "4294967294": 1, "5": 2 },
    ])
      expect(canonicalJson(o)).toBe(reference(o));
  });
  it("one key, and no key", () => {
    expect(canonicalJson({ z: 1 })).toBe('{"z":1}');
    expect(canonicalJson({})).toBe("{}");
  });
});

describe("canonicalJson: values", () => {
  it("top-level undefined is null; a top-level function has no text, as with JSON.stringify", () => {
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(() => 1)).toBeUndefined();
  });
  it("functions and symbols are left out of objects and are null in arrays", () => {
    expect(canonicalJson({ a: () => 1, b: Symbol("s"), c: 1 })).toBe('{"c":1}');
    expect(canonicalJson([() => 1, Symbol("s"), undefined, 2])).toBe("[null,null,null,2]");
    expect(canonicalJson({ a: () => 1 })).toBe("{}");
  });
  it("non-finite numbers are null, -0 is 0", () => {
    expect(canonicalJson([NaN, Infinity, -Infinity, -0, 1.5])).toBe("[null,null,null,0,1.5]");
  });
  it("escapes strings exactly as JSON.stringify does, short and long", () => {
    for (const s of ['a"b', "a\\b", "a\nb", "a\tb", "\u0000", "\ud800", "😀", "plain"]) {
      expect(canonicalJson(s)).toBe(JSON.stringify(s));
      const long = s.repeat(200);
      expect(canonicalJson(long)).toBe(JSON.stringify(long));
      const mixed = "x".repeat(130) + s + '"\\\n';
      expect(canonicalJson(mixed)).toBe(JSON.stringify(mixed));
    }
  });
  it("escapes keys as JSON.stringify does", () => {
    const o = { 'a"b': 1, "c\nd": 2, "e\\f": 3 };
    expect(canonicalJson(o)).toBe(reference(o));
  });
});

describe("canonicalJsonWith", () => {
  it("uses the given text for the key and leaves out undefined, functions and symbols elsewhere", () => {
    const o = { payload: { x: 1 }, u: undefined, f: () => 1, s: Symbol("s"), a: 1 };
    expect(canonicalJsonWith(o, "payload", '{"x":1}')).toBe('{"a":1,"payload":{"x":1}}');
    expect(canonicalJsonWith({ payload: 1 }, "payload", "1")).toBe('{"payload":1}');
    expect(canonicalJsonWith({ a: 1, payload: 2, b: 3 }, "payload", "2")).toBe('{"a":1,"b":3,"payload":2}');
  });
});

describe("the chain link", () => {
  it("is the SHA-256 (hex) of the previous hash, a newline and the row's canonical text: stored hashes depend on it", () => {
    const text = '{"a":1,"b":"x","payload":{"k":[1,2]}}';
    const want = createHash("sha256")
      .update(GENESIS_HASH + "\n" + text)
      .digest("hex");
    const row = { payload: { k: [1, 2] }, b: "x", a: 1 };
    expect(chainHash(GENESIS_HASH, row)).toBe(want);
    expect(chainHash(GENESIS_HASH, row, '{"k":[1,2]}')).toBe(want);
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("stripNul", () => {
  it("beyond 512 levels the value is copied by the replacing walk: nothing deep is returned unchecked", () => {
    const nest = (levels: number, leaf: unknown) => {
      let v = leaf;
      for (let i = 0; i < levels; i++) v = { n: v };
      return v;
    };
    const leaf = (v: unknown) => {
      let x = v as { n?: unknown; s?: string };
      while (x.n) x = x.n as typeof x;
      return x.s;
    };
    expect(leaf(stripNul(nest(600, { s: "deep\u0000" })))).toBe("deep\uFFFD");
    const clean = nest(600, { s: "fine" });
    const out = stripNul(clean);
    expect(out).not.toBe(clean);
    expect(out).toEqual(clean);
    // arrays count their levels too
    let arr: unknown = ["fine"];
    for (let i = 0; i < 600; i++) arr = [arr];
    expect(stripNul(arr)).not.toBe(arr);
    expect(stripNul(arr)).toEqual(arr);
  });
  it("a NUL or lone surrogate only in a key is replaced too", () => {
    expect(stripNul({ "x\u0000": 1 })).toEqual({ "x\uFFFD": 1 });
    expect(stripNul({ a: { "\udc00": "ok" } })).toEqual({ a: { "\uFFFD": "ok" } });
  });
  it("dates survive the copy as dates", () => {
    const d = new Date(0);
    const out = stripNul({ d, s: "\u0000" }) as { d: unknown; s: string };
    expect(out.d).toBe(d);
    expect(out.s).toBe("\uFFFD");
    const arr = stripNul([d, "\u0000"]);
    expect(arr[0]).toBe(d);
  });
  it("returns a clean null-prototype object as it is", () => {
    const o = Object.assign(Object.create(null), { a: "x", b: [1, "y"] });
    expect(stripNul(o)).toBe(o);
  });
  it("copies an object of another class (it would not store as it is) into a plain one", () => {
    class Box {
      v = "x";
    }
    const b = new Box();
    const out = stripNul({ b });
    expect(out.b).not.toBe(b);
    expect(out.b).toEqual({ v: "x" });
  });
  it("returns a clean value nested 512 levels deep as it is", () => {
    let v: unknown = { leaf: "x" };
    for (let i = 0; i < 512; i++) v = i % 2 ? { n: v } : [v];
    expect(stripNul(v)).toBe(v);
  });
  it("replaces what is unstorable in long arrays, at any index", () => {
    const arr = Array.from({ length: 10 }, (_, i) => (i === 9 ? "z\u0000" : "ok"));
    expect(stripNul(arr)[9]).toBe("z\uFFFD");
    expect(stripNul(arr)[0]).toBe("ok");
  });
  it("numbers, booleans and null pass through", () => {
    expect(stripNul(5)).toBe(5);
    expect(stripNul(null)).toBe(null);
    expect(stripNul(true)).toBe(true);
    expect(stripNul({ a: 1, b: null, c: false })).toEqual({ a: 1, b: null, c: false });
  });
});
