import { describe, expect, it } from "vitest";
import { formatCount, formatUsd, toCsv, trendLabel } from "./format";

describe("cost formatting", () => {
  it("shows cents, and fractions of a cent for tiny amounts", () => {
    expect(formatUsd(1234.5)).toBe("$1,234.50");
    expect(formatUsd(0.00068)).toBe("$0.0007");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(null)).toBe("—");
  });
  it("abbreviates large token counts", () => {
    expect(formatCount(950)).toBe("950");
    expect(formatCount(12_345)).toBe("12k");
    expect(formatCount(3_400_000)).toBe("3.4M");
  });
  it("compares with the previous period", () => {
    expect(trendLabel(120, 100)).toEqual({ text: "▲ 20 %", up: true });
    expect(trendLabel(75, 100)).toEqual({ text: "▼ 25 %", up: false });
    expect(trendLabel(5, 0)).toBeNull();
  });
});

describe("toCsv", () => {
  it("quotes separators and defuses formulas", () => {
    expect(
      toCsv(
        ["agent", "cost"],
        [
          ["a,b", 1.5],
          ['say "hi"', null],
          ["=HYPERLINK(1)", 2],
        ],
      ),
    ).toBe('agent,cost\r\n"a,b",1.5\r\n"say ""hi""",\r\n\'=HYPERLINK(1),2\r\n');
  });
});
