import { describe, expect, it } from "vitest";
import { evaluateCompliance } from "./compliance";
import { gateKeyOf, stageOfGate } from "./stages";

const at = (m: number) => new Date(Date.UTC(2025, 0, 1, 0, m));

describe("merge compliance", () => {
  const required = ["lint", "unit", "sast"];
  it("passes when every required gate's latest run passed and no approval is needed", () => {
    const r = evaluateCompliance(
      [
        { gate: "lint", status: "passed", at: at(1) },
        { gate: "unit", status: "failed", at: at(1) },
        { gate: "unit", status: "passed", at: at(5) },
        { gate: "sast", status: "passed", at: at(2) },
      ],
      required,
      false,
      false,
    );
    expect(r).toEqual({ ok: true, missing: [], notPassed: [], needsHumanApproval: false });
  });
  it("reports missing gates, gates whose latest run did not pass, and a missing human approval", () => {
    const r = evaluateCompliance(
      [
        { gate: "unit", status: "passed", at: at(1) },
        { gate: "unit", status: "overridden", at: at(9) },
        { gate: "sast", status: "skipped", at: at(2) },
      ],
      required,
      true,
      false,
    );
    expect(r).toEqual({
      ok: false,
      missing: ["lint"],
      notPassed: [
        { gate: "unit", status: "overridden" },
        { gate: "sast", status: "skipped" },
      ],
      needsHumanApproval: true,
    });
  });
  it("a security-adjacent change with a human approval and all gates is fine", () => {
    const runs = required.map((gate) => ({ gate, status: "passed", at: at(1) }));
    expect(evaluateCompliance(runs, required, true, true).ok).toBe(true);
  });
});

describe("gate stages", () => {
  it.each([
    ["lint", "static"],
    ["typecheck", "static"],
    ["policy-lint", "static"],
    ["unit", "behaviour"],
    ["integration", "behaviour"],
    ["invariants", "invariants"],
    ["sast", "security"],
    ["sca", "security"],
    ["secrets", "security"],
    ["canary", "runtime"],
    ["CodeQL / Analyze (javascript)", "security"],
    ["test (ubuntu-latest, 20)", "behaviour"],
    ["something-new", "static"],
  ])("%s → %s", (gate, stage) => expect(stageOfGate(gate)).toBe(stage));
  it("normalises GitHub check names to gate keys", () => {
    expect(gateKeyOf("Octocoders-linter")).toBe("lint");
    expect(gateKeyOf("CodeQL")).toBe("sast");
    expect(gateKeyOf("gitleaks")).toBe("secrets");
    expect(gateKeyOf("Trivy scan")).toBe("sca");
    expect(gateKeyOf("test (ubuntu-latest, 20)")).toBe("unit");
    expect(gateKeyOf("Deploy Preview")).toBe("deploy-preview");
  });
});
