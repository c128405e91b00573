// Issue 16: truncateForAudit keeps the head and length of a large hook field without writing out
// its whole JSON text on the event loop. It must give exactly what stringifying it did.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { truncateForAudit } from "./hook-mapping";

/** What truncateForAudit gave when it stringified the whole value (the reference). */
function reference(v: unknown, max = 32_000): unknown {
  if (v === undefined) return undefined;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  if (s === undefined || s.length <= max) return v;
  return { truncated: true, length: s.length, head: s.slice(0, max) };
}

const str = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("", "é", "😀", "\ud83d", "\ude00", "\u0000", "\u001f", '"', "\\", "\n", "__proto__", "x".repeat(40)),
  fc.array(fc.constantFrom("a", "😀", '"', "\\", "\ud800", "\n"), { maxLength: 60 }).map((p) => p.join("")),
);
// values as JSON.parse gives them (own __proto__ keys included)
const value = fc
  .letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      str,
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(-0, 1e21, 5e-324, true, false, null),
      fc.array(tie("v"), { maxLength: 6 }),
      fc.dictionary(str, tie("v"), { maxKeys: 6 }),
    ),
  }))
  .v.map((v) => JSON.parse(JSON.stringify(v)) as unknown);

describe("truncateForAudit", () => {
  it("gives what stringifying the whole value gave, for every cap (property)", () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 80 }), (v, max) => {
        expect(truncateForAudit(v, max)).toStrictEqual(reference(v, max));
      }),
      { numRuns: 3000 },
    );
  });

  it("values that are not JSON.parse's (undefined members, Dates, functions, non-finite numbers) as before", () => {
    for (const v of [
      { a: undefined, b: "x".repeat(50) },
      [undefined, "y".repeat(50)],
      { d: new Date(0), s: "z".repeat(40) },
      { f: () => 1 },
      [NaN, Infinity, "w".repeat(40)],
      () => 1,
    ])
      expect(truncateForAudit(v, 20)).toStrictEqual(reference(v, 20));
  });

  it("a value nested as deep as JSON.stringify goes (deeper than a recursive copy can): as before, no stack overflow", () => {
    // 3,500 levels: JSON.stringify writes it, a copy that recursed once per level overflowed
    // (the hook payload fuzz test found it)
    let v: unknown = "x".repeat(40_000);
    for (let i = 0; i < 3_500; i++) v = [v];
    expect(truncateForAudit(v)).toEqual(reference(v));
    const o = JSON.parse(JSON.stringify({ command: v })) as unknown;
    expect(truncateForAudit(o)).toEqual(reference(o));
  });

  it("a 2 MiB Bash command: its length and first 32,000 characters, no more", () => {
    const input = { command: "git push --force origin feature cat x.env ".repeat(50_000), description: 'a "quoted" one' };
    const r = truncateForAudit(input) as { truncated: boolean; length: number; head: string };
    expect(r).toStrictEqual(reference(input));
    expect(r.head.length).toBe(32_000);
  });
});
