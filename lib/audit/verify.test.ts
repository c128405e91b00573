import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { timestampValue } from "./verify";

/** What the row read through drizzle holds for a timestamptz's text, as canonicalJson writes it. */
const viaDrizzle = (text: string) => new Date(text).toISOString();
const written = (v: Date | string) => (v instanceof Date ? v.toISOString() : v);

describe("timestampValue", () => {
  it("gives the ISO string drizzle's Date would give, for PostgreSQL's UTC text output (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 3 }),
        (d, trim) => {
          // PostgreSQL prints "YYYY-MM-DD HH:MM:SS[.f]+00", dropping trailing zeros of the fraction.
          const iso = d.toISOString();
          let frac = iso.slice(20, 23).replace(/0+$/, "");
          if (trim === 0) frac = frac.slice(0, 1);
          const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? "." + frac : ""}+00`;
          expect(written(timestampValue(text))).toBe(viaDrizzle(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("falls back to the same parse as drizzle for other forms from year 1000 on", () => {
    for (const text of ["2026-11-23 13:40:12.123456+00", "2026-11-23 13:40:12.1239+00", "2026-11-23 19:10:12.5+05:30", "2026-11-23T13:40:12.123Z"])
      expect(written(timestampValue(text))).toBe(viaDrizzle(text));
  });

  it("reads years below 1000 as themselves (Date's parser made 0099 into 1999 and 0001 into 2001)", () => {
    expect(written(timestampValue("0099-01-01 00:00:00+00"))).toBe("0099-01-01T00:00:00.000Z");
    expect(written(timestampValue("0001-01-01 00:00:00+00"))).toBe("0001-01-01T00:00:00.000Z");
    expect(written(timestampValue("0999-12-31 23:59:59.999+00"))).toBe("0999-12-31T23:59:59.999Z");
  });
});
