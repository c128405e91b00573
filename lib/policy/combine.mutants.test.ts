import { beforeAll, describe, expect, it } from "vitest";
import { entriesFromLists } from "@/lib/registry/scope";
import { loadShellParser } from "@/lib/shell/parser";
import type { DerivedAction } from "@/lib/shell/types";
import { evaluateToolCall } from "./combine";
import { compilePolicy } from "./compile";
import { deriveActions } from "./derive";
import type { Action, AgentSnapshot, PolicyDocumentInput } from "./types";

// One decision for a tool call made of several actions (combine.ts) and how a tool call is
// broken into actions (derive.ts): each test fails on a StrykerJS mutant (QUALITY.md, `policy`).
const now = new Date("2026-12-04T10:00:00Z");
const doc: PolicyDocumentInput = {
  default_tier: "gated",
  rules: [
    { id: "forbid-secrets", tier: "forbidden", priority: 10, description: "secrets stay put", match: { action_types: ["secret.read"] } },
    { id: "gate-merge", tier: "gated", priority: 20, match: { action_types: ["git.merge"] } },
    { id: "watch-reads", tier: "forbidden", mode: "dry_run", priority: 5, match: { action_types: ["file.read"] } },
    { id: "free-read", tier: "free", priority: 30, match: { action_types: ["file.read"] } },
    { id: "free-ls", tier: "free", priority: 40, match: { action_types: ["shell.exec"] } },
  ],
};
const policy = compilePolicy(doc, "9");
const agent: AgentSnapshot = {
  status: "active",
  role: "dev",
  kind: "claude_code",
  scope: entriesFromLists({ repositories: ["acme/*"], tools: ["Bash", "Read"], paths: ["**"], branches: ["**"] }),
};
const input = { agent, fleetFrozen: false, now };
const read = (resource: string, extra: Partial<DerivedAction> = {}): DerivedAction => ({
  type: "file.read",
  tool: "Bash",
  resource,
  source: `cat ${resource}`,
  ...extra,
});
const merge: DerivedAction = { type: "git.merge", tool: "Bash", repository: "acme/pay", source: "gh pr merge 1" };
const secret: DerivedAction = { type: "secret.read", tool: "Bash", source: "vault read x" };
const outside: DerivedAction = { type: "file.read", tool: "Bash", repository: "other/x", source: "git -C ../other cat" };

describe("evaluateToolCall: the most restrictive action decides", () => {
  it("forbidden beats outside the scope, which beats gated, which beats free; the reason names the sub-command", () => {
    const r = evaluateToolCall(input, [read("a.ts"), merge, outside, secret, read("b.ts")], policy);
    expect(r).toMatchObject({ decision: "deny", rule_id: "forbid-secrets", tier: "forbidden", basis: "rule", decided_by: 3 });
    expect(r.reason).toBe("`vault read x`: Forbidden by rule forbid-secrets: secrets stay put");
    expect(r.actions.map((a) => a.decision)).toEqual(["allow", "ask", "deny", "deny", "allow"]);
    expect(r.actions.map((a) => a.basis)).toEqual(["rule", "rule", "out_of_scope", "rule", "rule"]);
    expect(r.actions.map((a) => a.rule_id)).toEqual(["free-read", "gate-merge", null, "forbid-secrets", "free-read"]);

    const o = evaluateToolCall(input, [read("a.ts"), outside, merge], policy);
    expect(o).toMatchObject({ decision: "deny", basis: "out_of_scope", decided_by: 1, rule_id: null });
    expect(o.reason).toMatch(/^`git -C \.\.\/other cat`: Outside the agent's scope/);

    const g = evaluateToolCall(input, [read("a.ts"), merge, read("b.ts")], policy);
    expect(g).toMatchObject({ decision: "ask", rule_id: "gate-merge", decided_by: 1 });
    // the order of the actions does not change the winner
    expect(evaluateToolCall(input, [secret, outside, merge, read("a.ts")], policy)).toMatchObject({
      decision: "deny",
      rule_id: "forbid-secrets",
      decided_by: 0,
    });
    expect(evaluateToolCall(input, [merge, read("a.ts")], policy)).toMatchObject({ decision: "ask", decided_by: 0 });
    expect(evaluateToolCall(input, [outside, read("a.ts")], policy)).toMatchObject({ decision: "deny", decided_by: 0 });
  });
  it("the first of equally restrictive actions decides", () => {
    const r = evaluateToolCall(input, [read("a.ts"), read("b.ts")], policy);
    expect(r).toMatchObject({ decision: "allow", decided_by: 0, rule_id: "free-read" });
    expect(r.reason).toBe("`cat a.ts`: Free by rule free-read");
    const m = evaluateToolCall(input, [merge, { ...merge, source: "gh pr merge 2" }], policy);
    expect(m.decided_by).toBe(0);
    expect(m.reason).toMatch(/^`gh pr merge 1`: /);
  });
  it("one action: its own reason, without the sub-command", () => {
    expect(evaluateToolCall(input, [merge], policy).reason).toBe("Gated (needs a human approval) by rule gate-merge");
    // an action as the agent sent it has no source: no prefix either
    const plain: Action = { type: "git.merge", repository: "acme/pay" };
    expect(evaluateToolCall(input, [read("a.ts"), plain], policy).reason).toBe("Gated (needs a human approval) by rule gate-merge");
  });
  it("collects the dry-run rules every action met", () => {
    const r = evaluateToolCall(input, [read("a.ts"), merge, read("b.ts")], policy);
    expect(r.dry_run).toEqual([
      { rule_id: "watch-reads", decision: "deny" },
      { rule_id: "watch-reads", decision: "deny" },
    ]);
  });
});

describe("evaluateToolCall: what the analyser was unsure of is never free", () => {
  it("an unsure action that a rule would allow is gated, and says why", () => {
    const r = evaluateToolCall(input, [read("a.ts"), read("$X", { unsure: "the file name is an expansion" })], policy);
    expect(r).toMatchObject({ decision: "ask", tier: "gated", decided_by: 1, basis: "default" });
    expect(r.reason).toBe("`cat $X`: Gated (needs a human approval): it cannot be analysed with confidence (the file name is an expansion).");
    expect(r.actions[0]).toMatchObject({ decision: "allow", basis: "rule" });
    expect(r.actions[1]).toMatchObject({ decision: "ask", tier: "gated", basis: "unsure", rule_id: "free-read" });
  });
  it("an input that could not be analysed gates every free action", () => {
    const r = evaluateToolCall(input, [read("a.ts")], policy, "the command does not parse");
    expect(r).toMatchObject({ decision: "ask", tier: "gated", unanalysable: "the command does not parse" });
    expect(r.reason).toBe("Gated (needs a human approval): it cannot be analysed with confidence (the command does not parse).");
    expect(r.actions[0].basis).toBe("unsure");
  });
  it("an unsure action that is denied or gated anyway keeps its own verdict", () => {
    const r = evaluateToolCall(input, [{ ...secret, unsure: "dynamic" }], policy, "x");
    expect(r).toMatchObject({ decision: "deny", rule_id: "forbid-secrets", basis: "rule" });
    expect(r.actions[0].basis).toBe("rule");
    const g = evaluateToolCall(input, [{ ...merge, unsure: "dynamic" }], policy);
    expect(g.actions[0]).toMatchObject({ decision: "ask", basis: "rule", rule_id: "gate-merge" });
    expect(g.reason).toBe("Gated (needs a human approval) by rule gate-merge");
  });
  it("a sure input stays free", () => {
    const r = evaluateToolCall(input, [read("a.ts")], policy, null);
    expect(r).toMatchObject({ decision: "allow", unanalysable: null });
    expect(r.actions[0].basis).toBe("rule");
  });
});

describe("evaluateToolCall: the agent itself refused", () => {
  it("an unknown, suspended agent or a frozen fleet decides before any action, with no per-action verdicts", () => {
    for (const [inp, basis] of [
      [{ ...input, agent: null }, "unknown_agent"],
      [{ ...input, agent: { ...agent, status: "suspended" as const } }, "inactive_agent"],
      [{ ...input, fleetFrozen: true }, "fleet_frozen"],
    ] as const) {
      const r = evaluateToolCall(inp, [read("a.ts"), secret], policy, "why");
      expect(r).toMatchObject({ decision: "deny", basis, actions: [], decided_by: null, unanalysable: "why" });
    }
  });
  it("no action at all: the policy's answer for an unknown action, nothing decided by an action", () => {
    const r = evaluateToolCall(input, [], policy);
    expect(r).toMatchObject({ decision: "ask", basis: "default", rule_id: null, actions: [], decided_by: null });
    expect(evaluateToolCall({ ...input, agent: null }, [], policy)).toMatchObject({ decision: "deny", basis: "unknown_agent", decided_by: null });
  });
});

describe("deriveActions", () => {
  beforeAll(() => loadShellParser());
  it("a tool call that is not a shell line stays itself", () => {
    const a: Action = { type: "file.write", tool: "Edit", resource: "src/a.ts" };
    expect(deriveActions(a)).toEqual({ actions: [a], unanalysable: null });
    // shell.exec without a command has nothing to analyse
    const s: Action = { type: "shell.exec", tool: "Bash" };
    expect(deriveActions(s)).toEqual({ actions: [s], unanalysable: null });
    // only a shell.exec is a shell line: another action carrying a command stays itself
    const w: Action = { type: "file.write", resource: "a.txt", command: "rm -rf /" };
    expect(deriveActions(w, { cwd: "/w" })).toEqual({ actions: [w], unanalysable: null });
  });
  it("a multi-file patch is one write or delete per file (its own resource once)", () => {
    const a: Action = { type: "file.write", tool: "apply_patch", resource: "src/a.ts" };
    const { actions } = deriveActions(a, {
      files: [
        { path: "src/a.ts", op: "write" },
        { path: "src/b.ts", op: "write" },
        { path: "src/old.ts", op: "delete" },
        { path: "src/a.ts", op: "delete" },
      ],
    });
    expect(actions).toEqual([
      a,
      { ...a, type: "file.write", resource: "src/b.ts" },
      { ...a, type: "file.delete", resource: "src/old.ts" },
      { ...a, type: "file.delete", resource: "src/a.ts" },
    ]);
  });
  it("a shell line becomes the actions of its simple commands, in any letter case of the type", () => {
    const { actions, unanalysable } = deriveActions({ type: " Shell.EXEC ", tool: "Bash", command: "cat a.txt; git push origin main" }, { cwd: "/w" });
    expect(unanalysable).toBeNull();
    expect(actions.map((a) => a.type)).toEqual(["file.read", "git.push"]);
    expect(actions[0]).toMatchObject({ resource: "a.txt", tool: "Bash" });
    // paths resolve against the session's directory
    const abs = deriveActions({ type: "shell.exec", tool: "Bash", command: "cat /w/src/a.txt" }, { cwd: "/w" }).actions;
    expect(abs[0]).toMatchObject({ type: "file.read", resource: "src/a.txt" });
  });
  it("derived actions inherit the caller's tool, repository and environment when they have none", () => {
    const { actions } = deriveActions(
      { type: "shell.exec", tool: "Terminal", repository: "acme/pay", environment: "prod", branch: "feature/x", command: "ls -la" },
      { cwd: "/w" },
    );
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ type: "shell.exec", tool: "Terminal", repository: "acme/pay", environment: "prod", branch: "feature/x" });
  });
  it("a branch is inherited only by plain shell commands, not by actions that name their own kind", () => {
    const { actions } = deriveActions({ type: "shell.exec", tool: "Bash", branch: "feature/x", command: "cat a.txt" }, { cwd: "/w" });
    expect(actions[0].type).toBe("file.read");
    expect(actions[0]).not.toHaveProperty("branch");
  });
  it("nothing is inherited that the caller did not give, and the tool falls back to the derived one", () => {
    const { actions } = deriveActions({ type: "shell.exec", command: "ls" }, { cwd: "/w" });
    expect(actions[0]).toMatchObject({ type: "shell.exec", tool: "Bash" });
    expect(actions[0]).not.toHaveProperty("repository");
    expect(actions[0]).not.toHaveProperty("environment");
    expect(actions[0]).not.toHaveProperty("branch");
  });
  it("fields the caller named that no derived action carries are still checked: the action without its command", () => {
    const { actions } = deriveActions({ type: "shell.exec", tool: "Bash", command: "ls", resource: "secrets/x", endpoint: "https://e.example" }, { cwd: "/w" });
    expect(actions).toHaveLength(2);
    expect(actions[1]).toEqual({ type: "shell.exec", tool: "Bash", resource: "secrets/x", endpoint: "https://e.example" });
    const onlyEndpoint = deriveActions({ type: "shell.exec", tool: "Bash", command: "ls", endpoint: "https://e.example" }, { cwd: "/w" }).actions;
    expect(onlyEndpoint).toHaveLength(2);
    expect(onlyEndpoint[1]).toEqual({ type: "shell.exec", tool: "Bash", endpoint: "https://e.example" });
    expect(deriveActions({ type: "shell.exec", tool: "Bash", command: "ls" }, { cwd: "/w" }).actions).toHaveLength(1);
  });
  it("a derived action's own repository and environment win over the caller's", () => {
    const clone = deriveActions(
      { type: "shell.exec", tool: "Bash", repository: "acme/pay", command: "git clone https://github.com/other/lib.git" },
      { cwd: "/w" },
    ).actions;
    expect(clone[0]).toMatchObject({ type: "git.clone", repository: "other/lib" });
    const deploy = deriveActions({ type: "shell.exec", tool: "Bash", environment: "dev", command: "vercel --prod" }, { cwd: "/w" }).actions;
    expect(deploy[0]).toMatchObject({ type: "deploy", environment: "production" });
  });
});
