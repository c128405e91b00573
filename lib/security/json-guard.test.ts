import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDepth, mayHoldUnstorable, storableString, toStorable } from "./json-guard";

const UNSTORABLE_JSON = /\\u0000|\\ud[89a-f]/i;
const hostileChar = fc.oneof(
  fc.constantFrom("\u0000", "a", "😀", "\uFFFD"),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);
const hostileString = fc.string({ unit: hostileChar, maxLength: 20 });

describe("json-guard", () => {
  it("toStorable leaves no NUL or lone surrogate anywhere, keys included, and keeps the shape (property)", () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        hostileString,
        fc.integer(),
        fc.constant(null),
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(hostileString, tie("node"), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const out = toStorable(v);
        expect(JSON.stringify(out) ?? "").not.toMatch(UNSTORABLE_JSON);
        expect(jsonDepth(out)).toBe(jsonDepth(v));
      }),
    );
  });

  it("keeps both values when two keys become the same once cleaned", () => {
    const out = toStorable({ "\ud800\u0000": "", "\u0000\ud800": {}, "\uFFFD\uFFFD": 1 }) as Record<string, unknown>;
    expect(out).toEqual({ "\uFFFD\uFFFD": 1, "\uFFFD\uFFFD#2": "", "\uFFFD\uFFFD#3": {} });
  });

  it("leaves clean values equal, keeps surrogate pairs and __proto__ as a plain key", () => {
    const v = { a: [1, "x", { b: null }], c: "😀" };
    expect(toStorable(v)).toEqual(v);
    expect(storableString("a\u0000b\ud800c😀")).toBe("a\uFFFDb\uFFFDc😀");
    const p = toStorable(JSON.parse('{"__proto__": {"x": "\\u0000"}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(Object.keys(p)).toEqual(["__proto__"]);
    const d = new Date();
    expect(toStorable({ d }).d).toBe(d);
  });

  it("mayHoldUnstorable spots the escapes JSON.parse turns into unstorable text", () => {
    expect(mayHoldUnstorable('{"a":"\\u0000"}')).toBe(true);
    expect(mayHoldUnstorable('{"a":"\\uD800"}')).toBe(true);
    expect(mayHoldUnstorable('{"a":"\\u00e9 😀"}')).toBe(false);
    fc.assert(
      fc.property(fc.jsonValue(), hostileString, (v, s) => {
        const text = JSON.stringify({ v, s });
        if (!mayHoldUnstorable(text)) expect(JSON.stringify(JSON.parse(text))).not.toMatch(UNSTORABLE_JSON);
      }),
    );
  });

  it("measures depth iteratively (100,000 levels) and stops early past the limit", () => {
    const deep = JSON.parse("[".repeat(100_000) + "]".repeat(100_000));
    expect(jsonDepth(deep)).toBe(100_000);
    expect(jsonDepth(deep, 10)).toBe(11);
    expect(jsonDepth({ a: { b: [1] } })).toBe(3);
    expect(jsonDepth("x")).toBe(0);
    expect(() => toStorable(deep)).not.toThrow();
  });
});
