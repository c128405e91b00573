import { describe, expect, it } from "vitest";
import { computeRisk } from "./risk";

describe("computeRisk", () => {
  it("orders production, sensitive paths and repeat offenders above routine gated work", () => {
    const routine = computeRisk({ tier: "gated", action: { type: "file.write", resource: "src/a.ts" }, recentViolations: 0 });
    const prod = computeRisk({ tier: "gated", action: { type: "deploy", environment: "production" }, recentViolations: 0 });
    const migration = computeRisk({ tier: "gated", action: { type: "file.write", resource: "db/migrations/1.sql" }, recentViolations: 0 });
    const offender = computeRisk({ tier: "gated", action: { type: "file.write", resource: "src/a.ts" }, recentViolations: 3 });
    expect(prod).toBeGreaterThan(routine);
    expect(migration).toBeGreaterThan(routine);
    expect(offender).toBe(routine + 15);
  });
  it("stays within 0–100", () => {
    const r = computeRisk({
      tier: "forbidden",
      action: { type: "deploy", environment: "prod", branch: "main", command: "rm -rf / --force", resource: ".env" },
      recentViolations: 50,
    });
    expect(r).toBe(100);
  });
});
