import { describe, expect, it } from "vitest";
import { parseViolationFilter, triageSchema } from "./schemas";

describe("violation filters from the URL", () => {
  it("parses valid filters and drops invalid ones", () => {
    const f = parseViolationFilter({ severity: "critical", status: "bogus", page: "2", to: "2026-11-20", assignee: "none" });
    expect(f).toMatchObject({ severity: "critical", page: 2, assignee: "none" });
    expect(f.status).toBeUndefined();
    expect(f.to?.toISOString()).toBe("2026-11-20T23:59:59.999Z");
  });
  it("defaults to page 1 with no filters", () => {
    expect(parseViolationFilter({})).toEqual({ page: 1 });
  });
});

describe("triage input", () => {
  const id = "0b4f7a7e-7d1c-4a8e-9a55-9a3f9f2b8f11";
  it("needs a note to change status", () => {
    expect(triageSchema.safeParse({ ids: [id], status: "resolved" }).success).toBe(false);
    expect(triageSchema.safeParse({ ids: [id], status: "resolved", note: "rotated the key" }).success).toBe(true);
  });
  it("needs something to do", () => {
    expect(triageSchema.safeParse({ ids: [id] }).success).toBe(false);
    expect(triageSchema.safeParse({ ids: [id], assigneeId: "" }).success).toBe(true);
  });
});
