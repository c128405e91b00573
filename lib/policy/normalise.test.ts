import { describe, expect, it } from "vitest";
import { entriesFromLists } from "@/lib/registry/scope";
import { DEFAULT_POLICY, compilePolicy, evaluate, type Action } from "./index";
import { normaliseAction } from "./normalise";

// Issue 16, "Policy values are not normalised": each of these was allowed or missed its rule.
const policy = compilePolicy(DEFAULT_POLICY, "1");
const agent = {
  status: "active" as const,
  role: "r",
  kind: "k",
  scope: entriesFromLists({ branches: ["**"], environments: ["**"], paths: ["**"], repositories: ["**"] }),
};
const decide = (action: Action) => evaluate({ agent, action, fleetFrozen: false, now: new Date() }, policy);

describe("normalised policy values", () => {
  it.each(["Main", " main", "HEAD:main", "+main", "refs/heads/main", "MAIN "])("git.push to %j is gated as main", (branch) => {
    expect(decide({ type: "git.push", branch })).toMatchObject({ decision: "ask", rule_id: "gate-protected-branches" });
  });
  it("git.push without a branch is not free", () => {
    expect(decide({ type: "git.push" }).decision).toBe("ask");
    expect(decide({ type: "git.push", branch: "feature/x" }).decision).toBe("allow");
  });
  it.each(["PROD", "Production", " prod "])("deploy to %j is forbidden", (environment) => {
    expect(decide({ type: "deploy", environment })).toMatchObject({ decision: "deny", rule_id: "forbid-unattended-prod-deploy" });
  });
  it("types are case-insensitive", () => {
    expect(decide({ type: "Secret.read" })).toMatchObject({ decision: "deny", rule_id: "forbid-secret-read" });
    expect(decide({ type: "FILE.READ", resource: ".env" })).toMatchObject({ decision: "deny", rule_id: "forbid-secret-files" });
  });
  it.each(["./.env", "src/x/../.env", "src\\.env", ".ENV", "config//.env.local"])("reading %j is forbidden", (resource) => {
    expect(decide({ type: "file.read", resource })).toMatchObject({ decision: "deny", rule_id: "forbid-secret-files" });
  });
  it("writing ./.github/workflows/ci.yml is gated", () => {
    expect(decide({ type: "file.write", resource: "./.github/workflows/ci.yml" })).toMatchObject({ decision: "ask", rule_id: "gate-ci-config" });
  });
  it("normalises each field once", () => {
    expect(normaliseAction({ type: " Git.Push ", branch: "+HEAD:refs/heads/Main", environment: "Prod", resource: "./a/../b\\c/" })).toEqual({
      type: "git.push",
      branch: "main",
      environment: "prod",
      resource: "b/c",
    });
  });
});
