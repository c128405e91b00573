import { beforeAll, describe, expect, it } from "vitest";
import { entriesFromLists } from "@/lib/registry/scope";
import { loadShellParser } from "@/lib/shell/parser";
import { compilePolicy, evaluateAction } from "./index";

// A format-1 document (no `format`): commands rules were written for shell.exec whole lines.
const V1 = {
  default_tier: "gated",
  rules: [
    { id: "forbid-secret-commands", tier: "forbidden", priority: 12, match: { action_types: ["shell.exec"], commands: ["*printenv*", "*vault kv get*"] } },
    {
      id: "free-git",
      tier: "free",
      priority: 500,
      match: { action_types: ["shell.exec", "git.push"], commands: ["git status*", "git push origin feature/*"] },
    },
    { id: "free-read", tier: "free", priority: 510, match: { action_types: ["file.read"] } },
  ],
};
const agent = { status: "active" as const, role: "r", kind: "k", scope: entriesFromLists({ tools: ["Bash"], branches: ["**"], paths: ["**"] }) };

describe("policy format migration", () => {
  beforeAll(() => loadShellParser());
  it("migrates a format-1 document on load and says what changed", () => {
    const p = compilePolicy(V1, "7");
    expect(p.document.format).toBe(2);
    expect(p.migration[0]).toMatch(/Format 1 → 2/);
    expect(p.migration.join("\n")).toMatch(/forbid-secret-commands/);
    expect(p.migration.join("\n")).toMatch(/free-git/);
    expect(p.document.rules[0].match.action_types).toBeUndefined();
    expect(p.document.rules[2].match.action_types).toEqual(["file.read"]);
    // its commands rules still meet those commands, now as simple commands of any derived action
    const decide = (command: string) =>
      evaluateAction({ agent, action: { type: "shell.exec", tool: "Bash", command }, fleetFrozen: false, now: new Date() }, p, { cwd: "/w" });
    expect(decide("ls; printenv")).toMatchObject({ decision: "deny", rule_id: "forbid-secret-commands" });
    expect(decide("git push origin feature/x")).toMatchObject({ decision: "allow", rule_id: "free-git" });
  });
  it("leaves a current document alone", () => {
    expect(compilePolicy({ ...V1, format: 2 }, "8").migration).toEqual([]);
  });
});
