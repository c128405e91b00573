import { describe, expect, it } from "vitest";
import { csvCell, csvLine, violationsCsvStream } from "./csv";

describe("violations CSV", () => {
  it("quotes and defuses cells", () => {
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(null)).toBe("");
  });
  it("streams a header then the rows", async () => {
    const row = {
      id: "v1",
      kind: "shadow_agent",
      severity: "high",
      status: "open",
      title: "Unregistered agent seen",
      explanation: 'x "y"',
      agentSlug: "bot",
      teamSlug: null,
      count: 3,
      firstSeenAt: new Date("2026-11-20T10:00:00Z"),
      lastSeenAt: new Date("2026-11-20T11:00:00Z"),
      assigneeName: null,
    };
    async function* pages() {
      yield [row];
    }
    const text = await new Response(violationsCsvStream(pages())).text();
    expect(text.split("\r\n")[0]).toBe("id,kind,severity,status,title,explanation,agent,team,count,first_seen_at,last_seen_at,assignee");
    expect(text.split("\r\n")[1]).toBe(csvLine(row).trim());
    expect(text).toContain('"x ""y"""');
  });
});
