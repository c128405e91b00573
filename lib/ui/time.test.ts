import { describe, expect, it } from "vitest";
import { fmtDateTime, fmtDay } from "./time";

describe("time formatting", () => {
  it("shows a moment in UTC to the minute, from a Date or an ISO string", () => {
    const d = new Date("2026-11-23T12:20:59.999+02:00");
    expect(fmtDateTime(d)).toBe("2026-11-23 10:20 UTC");
    expect(fmtDateTime(d.toISOString())).toBe("2026-11-23 10:20 UTC");
    expect(fmtDay("2026-12-31T23:30:00-01:00")).toBe("2027-01-01");
  });
  it("shows the given text when there is no time", () => {
    expect(fmtDateTime(null)).toBe("—");
    expect(fmtDateTime(undefined, "never")).toBe("never");
    expect(fmtDay(null, "never")).toBe("never");
  });
});
