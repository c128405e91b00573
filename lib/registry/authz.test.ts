import { describe, expect, it } from "vitest";
import { assertTeam, canActOnTeam } from "./authz";

describe("team scoping of registry acts", () => {
  it("lets admins act on any team", () => {
    expect(canActOnTeam({ role: "admin", teamId: null }, "t1")).toBe(true);
    expect(canActOnTeam({ role: "admin", teamId: "t2" }, "t1")).toBe(true);
  });
  it("limits engineering managers to their own team", () => {
    expect(canActOnTeam({ role: "eng_manager", teamId: "t1" }, "t1")).toBe(true);
    expect(canActOnTeam({ role: "eng_manager", teamId: "t2" }, "t1")).toBe(false);
    expect(canActOnTeam({ role: "eng_manager", teamId: null }, "t1")).toBe(false);
    expect(() => assertTeam({ role: "eng_manager", teamId: "t2" }, "t1")).toThrow(/own team/);
  });
});
