import { describe, expect, it } from "vitest";
import { badRanges } from "./verify";

// How verify reports bad positions (every bad range, each with the first reason found in it):
// each test fails on a StrykerJS mutant of badRanges (QUALITY.md, module `audit-verify`).
describe("badRanges", () => {
  it("nothing bad: no range", () => {
    expect(badRanges([])).toEqual([]);
  });
  it("one position is one range from it to itself", () => {
    expect(badRanges([{ seq: 7, reason: "altered" }])).toEqual([{ from: 7, to: 7, reason: "altered" }]);
  });
  it("a problem covering several positions is one range to its last position", () => {
    expect(badRanges([{ seq: 5, to: 9, reason: "deleted" }])).toEqual([{ from: 5, to: 9, reason: "deleted" }]);
  });
  it("adjacent positions merge, keeping the first reason; a gap of one good position splits", () => {
    expect(
      badRanges([
        { seq: 3, reason: "a" },
        { seq: 4, reason: "b" },
        { seq: 5, to: 6, reason: "c" },
        { seq: 8, reason: "d" },
      ]),
    ).toEqual([
      { from: 3, to: 6, reason: "a" },
      { from: 8, to: 8, reason: "d" },
    ]);
  });
  it("overlapping and contained problems merge without shrinking the range", () => {
    expect(
      badRanges([
        { seq: 10, to: 20, reason: "truncated" },
        { seq: 12, reason: "inside" },
        { seq: 20, to: 25, reason: "overlaps the end" },
        { seq: 26, reason: "right after" },
      ]),
    ).toEqual([{ from: 10, to: 26, reason: "truncated" }]);
    expect(
      badRanges([
        { seq: 1, to: 9, reason: "x" },
        { seq: 3, to: 4, reason: "y" },
      ]),
    ).toEqual([{ from: 1, to: 9, reason: "x" }]);
  });
  it("problems found out of order are reported in position order, each range with the reason at its start", () => {
    const problems = [
      { seq: 40, reason: "late" },
      { seq: 2, reason: "early" },
      { seq: 41, reason: "next to late" },
      { seq: 1, reason: "first" },
    ];
    expect(badRanges(problems)).toEqual([
      { from: 1, to: 2, reason: "first" },
      { from: 40, to: 41, reason: "late" },
    ]);
    // the caller's list is left as it was
    expect(problems.map((p) => p.seq)).toEqual([40, 2, 41, 1]);
  });
});
