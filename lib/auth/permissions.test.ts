import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, can } from "./permissions";

describe("permissions", () => {
  it("lets every role view the dashboard", () => {
    for (const r of ROLES) expect(can(r, "dashboard:view")).toBe(true);
  });
  it("keeps settings to admins", () => {
    expect(ROLES.filter((r) => can(r, "settings:manage"))).toEqual(["admin"]);
  });
  it("never lets a viewer change anything", () => {
    const mutating = Object.keys(PERMISSIONS).filter((p) => p !== "dashboard:view") as (keyof typeof PERMISSIONS)[];
    for (const p of mutating) expect(can("viewer", p)).toBe(false);
  });
  it("gives approvers the queue and the kill switch but not resume", () => {
    expect(can("approver", "approvals:decide")).toBe(true);
    expect(can("approver", "agents:kill")).toBe(true);
    expect(can("approver", "agents:resume")).toBe(false);
  });
  it("refuses a missing role", () => {
    expect(can(undefined, "dashboard:view")).toBe(false);
    expect(can(null, "dashboard:view")).toBe(false);
  });
});
