import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { eventTimeProblem, parseTimestampText } from "./time";
import { timestampValue } from "./verify";

describe("canonical timestamps", () => {
  it.each([
    ["0001-01-01 00:00:00+00", "0001-01-01T00:00:00.000Z"],
    ["0099-03-04 05:06:07.8+00", "0099-03-04T05:06:07.800Z"],
    ["0999-12-31 23:59:59.123456+00", "0999-12-31T23:59:59.123Z"],
    ["2026-12-04 16:00:00+01", "2026-12-04T15:00:00.000Z"],
    ["2026-12-04 16:00:00-05:30", "2026-12-04T21:30:00.000Z"],
    ["0001-01-01 00:00:00+00 BC", "0000-01-01T00:00:00.000Z"],
  ])("reads PostgreSQL's %s as %s", (text, iso) => {
    expect(parseTimestampText(text).toISOString()).toBe(iso);
    const v = timestampValue(text);
    expect(typeof v === "string" ? v : v.toISOString()).toBe(iso);
  });

  it("round-trips every representable millisecond of years 1–9999 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: new Date("0001-01-01T00:00:00Z").getTime(), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const iso = new Date(ms).toISOString();
        const pg = iso.replace("T", " ").replace("Z", "+00");
        expect(parseTimestampText(pg).toISOString()).toBe(iso);
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts 1970 up to a day ahead and refuses the rest", () => {
    const now = Date.UTC(2026, 11, 4);
    expect(eventTimeProblem("1970-01-01T00:00:00Z", now)).toBeNull();
    expect(eventTimeProblem("2026-12-04T23:00:00Z", now)).toBeNull();
    expect(eventTimeProblem("1969-12-31T23:59:59.999Z", now)).toMatch(/before 1970/);
    expect(eventTimeProblem("0000-01-01T00:00:00Z", now)).toMatch(/before 1970/);
    expect(eventTimeProblem("2026-12-05T00:00:01Z", now)).toMatch(/future/);
  });
});
