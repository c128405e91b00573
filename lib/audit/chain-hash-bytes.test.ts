// Issue 16: the chain hash of a row whose payload's canonical text comes as UTF-8 bytes (rendered
// on the off-loop worker, lib/audit/payload-work.ts) is the hash of the same text: what
// `audit verify` recomputes from the stored row. canonicalJsonAround cuts canonicalJsonWith's text
// exactly around the value.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalJsonAround, canonicalJsonWith, chainHash } from "./canonical";

const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom("é", "😀", "\u0000", "\ud800", '"', "\\", "\n", "payload"));
const leaf = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("v"), { maxLength: 4 }), fc.dictionary(text, tie("v"), { maxKeys: 4 })),
})).v;
// a row's hashed fields: keys around "payload" in sort order (before, after, array-index keys), some undefined
const fields = fc
  .tuple(fc.dictionary(fc.oneof(text, fc.constantFrom("a", "pa", "payloa", "payloadx", "z", "0", "7", "_")), value, { maxKeys: 8 }), value)
  .map(([rest, payload]) => ({ ...rest, payload: payload === undefined ? null : payload }));

describe("chain hash over the payload's canonical bytes", () => {
  it("canonicalJsonAround(obj, key) + the value's text is canonicalJsonWith's text", () => {
    fc.assert(
      fc.property(fields, (f) => {
        const payloadText = canonicalJson(f.payload);
        const [before, after] = canonicalJsonAround(f, "payload");
        expect(before + payloadText + after).toBe(canonicalJsonWith(f, "payload", payloadText));
        expect(before + payloadText + after).toBe(canonicalJson(f));
      }),
      { numRuns: 500 },
    );
  });

  it("the hash from the bytes is the hash from the text, and from the row alone (what verify computes)", () => {
    fc.assert(
      fc.property(fields, fc.string({ minLength: 64, maxLength: 64 }), (f, prev) => {
        const payloadText = canonicalJson(f.payload);
        const fromText = chainHash(prev, f, payloadText);
        expect(chainHash(prev, f, Buffer.from(payloadText, "utf8"))).toBe(fromText);
        expect(chainHash(prev, f, new Uint8Array(Buffer.from(payloadText, "utf8")))).toBe(fromText);
        expect(chainHash(prev, f)).toBe(fromText);
      }),
      { numRuns: 300 },
    );
  });

  it("a different byte anywhere in the payload is a different hash", () => {
    const f = { seq: 1, payload: { output: "x".repeat(1000) }, type: "tool.post" };
    const bytes = Buffer.from(canonicalJson(f.payload), "utf8");
    const h = chainHash("0".repeat(64), f, bytes);
    bytes[500] = "y".charCodeAt(0);
    expect(chainHash("0".repeat(64), f, bytes)).not.toBe(h);
  });

  it("refuses to cut around a key the object does not have", () => {
    expect(() => canonicalJsonAround({ a: 1 }, "payload")).toThrow(/no key "payload"/);
  });
});
