import { describe, expect, it } from "vitest";
import { lineDiff } from "./diff";

// The policy versions list shows what changed between two policy files (diff.ts); each test
// fails on a StrykerJS mutant of it (QUALITY.md, module `policy`).
const lines = (n: number, f = (i: number) => `line ${i}`) => Array.from({ length: n }, (_, i) => f(i)).join("\n");

describe("lineDiff", () => {
  it("marks a replaced line as removed, then added, between unchanged context", () => {
    expect(lineDiff("a\nb\nc", "a\nx\nc")).toBe("  a\n- b\n+ x\n  c");
  });
  it("lines removed or added at the end, and at the start", () => {
    expect(lineDiff("a\nb", "a")).toBe("  a\n- b");
    expect(lineDiff("a", "a\nb")).toBe("  a\n+ b");
    expect(lineDiff("x\na", "a")).toBe("- x\n  a");
    expect(lineDiff("a", "x\na")).toBe("+ x\n  a");
    expect(lineDiff("a\nb\nc", "")).toBe("- a\n- b\n- c\n+ ");
  });
  it("keeps the longest common lines: a moved line is one removal and one addition", () => {
    expect(lineDiff("a\nb\nc\nd", "b\nc\nd\na")).toBe("- a\n  b\n  c\n  d\n+ a");
    expect(lineDiff("a\nb\nc\nd", "a\nc\nd")).toBe("  a\n- b\n  c\n  d");
  });
  it("identical files: every line unchanged, all of it elided but one marker", () => {
    expect(lineDiff("a\nb\nc", "a\nb\nc")).toBe("  …");
  });
  it("shows two lines of context around each change and elides each longer unchanged run once", () => {
    const before = lines(12);
    const after = lines(12, (i) => (i === 5 ? "changed" : `line ${i}`));
    expect(lineDiff(before, after).split("\n")).toEqual(["  …", "  line 3", "  line 4", "- line 5", "+ changed", "  line 6", "  line 7", "  …"]);
    // two changes far apart: two elided runs between and around them
    const after2 = lines(12, (i) => (i === 2 || i === 9 ? `new ${i}` : `line ${i}`));
    expect(lineDiff(before, after2).split("\n")).toEqual([
      "  line 0",
      "  line 1",
      "- line 2",
      "+ new 2",
      "  line 3",
      "  line 4",
      "  …",
      "  line 7",
      "  line 8",
      "- line 9",
      "+ new 9",
      "  line 10",
      "  line 11",
    ]);
    // a change in the first and the last line: context reaches the edges, nothing past them
    const after3 = lines(6, (i) => (i === 0 || i === 5 ? `new ${i}` : `line ${i}`));
    expect(lineDiff(lines(6), after3).split("\n")).toEqual(["- line 0", "+ new 0", "  line 1", "  line 2", "  line 3", "  line 4", "- line 5", "+ new 5"]);
  });
  it("compares files of up to 4,000,000 line pairs line by line, and only counts the lines of larger ones", () => {
    const a = lines(2000);
    const b = lines(2000, (i) => (i === 1000 ? "x" : `line ${i}`));
    expect(lineDiff(a, b)).toBe("  …\n  line 998\n  line 999\n- line 1000\n+ x\n  line 1001\n  line 1002\n  …");
    expect(lineDiff(lines(2001), lines(2000))).toBe("- (2001 lines)\n+ (2000 lines)");
  });
  it("keeps as many lines unchanged as the files have in common, wherever they are", () => {
    expect(lineDiff("a\nb\nc\nx", "x\na\nb\nc")).toBe("+ x\n  a\n  b\n  c\n- x");
    expect(lineDiff("b\nb", "a\nc\nb\nc")).toBe("- b\n+ a\n+ c\n  b\n+ c");
    const d = lineDiff("k\na\nb\nk\nc\nd\nk", "a\nk\nb\nc\nk\nd");
    expect(d.split("\n").filter((l) => l.startsWith("  ")).length).toBe(4);
  });
});
