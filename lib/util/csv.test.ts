import { describe, expect, it } from "vitest";
import { csvCell, csvLine, toCsv } from "./csv";

describe("the one CSV encoder", () => {
  it("quotes only what needs it, doubling quotes (RFC 4180)", () => {
    expect(csvLine(["a", "x,y", 'q"q', "line\nbreak", "cr\rx", "", null, undefined])).toBe('a,"x,y","q""q","line\nbreak","cr\rx",,,\r\n');
  });
  it("defuses text that a spreadsheet would run as a formula, not numbers", () => {
    expect(["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"].map(csvCell)).toEqual(["'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", '"\'\rx"']);
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  });
  it("writes dates as ISO 8601 and objects as JSON", () => {
    expect(csvCell(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(csvCell({ a: 1, b: "x" })).toBe('"{""a"":1,""b"":""x""}"');
    expect(csvCell(true)).toBe("true");
  });
  it("a document is its header and rows, each ending in CRLF", () => {
    expect(
      toCsv(
        ["id", "name"],
        [
          [1, "a"],
          [2, "=b"],
        ],
      ),
    ).toBe("id,name\r\n1,a\r\n2,'=b\r\n");
  });
});
