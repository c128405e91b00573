import { describe, expect, it } from "vitest";
import { hookWait, safetyMargin } from "./timing";
import { applyMissingRepositoryRule, whoAndWhere, withContext } from "./context";
import { claudeCodeFormat, copilotFormat, cursorFormat } from "./formats";
import type { EvaluationResult } from "@/lib/policy/types";

const q = (s: string) => new URLSearchParams(s);

describe("hookWait", () => {
  it("never waits without the client's timeout, whatever wait_seconds asks", () => {
    expect(hookWait(q(""))).toEqual({ wait: 0 });
    expect(hookWait(q("wait_seconds=30"))).toEqual({ wait: 0 });
    expect(hookWait(q("timeout_seconds=abc&wait_seconds=30"))).toEqual({ wait: 0 });
    expect(hookWait(q("timeout_seconds=-5"))).toEqual({ wait: 0 });
  });
  it("ends a safe margin before the timeout; wait_seconds can only shorten it", () => {
    expect(hookWait(q("timeout_seconds=30"))).toEqual({ wait: 24, timeout: 30 });
    expect(hookWait(q("timeout_seconds=10"))).toEqual({ wait: 8, timeout: 10 });
    expect(hookWait(q("timeout_seconds=3&wait_seconds=10"))).toEqual({ wait: 1, timeout: 3 });
    expect(hookWait(q("timeout_seconds=30&wait_seconds=5"))).toEqual({ wait: 5, timeout: 30 });
    expect(hookWait(q("timeout_seconds=1"))).toEqual({ wait: 0, timeout: 1 });
    expect(hookWait(q("timeout_seconds=600")).wait).toBe(55);
    for (const t of [1, 2, 5, 10, 28.5, 60, 120]) expect(hookWait(q(`timeout_seconds=${t}`)).wait).toBeLessThanOrEqual(Math.max(0, t - safetyMargin(t)));
  });
});

describe("who and where", () => {
  const req = (headers: Record<string, string>, query = "") => ({ header: (n: string) => headers[n.toLowerCase()], url: new URL(`http://x/h?${query}`) });
  it("headers win over query parameters, which win over the payload; empty values are absent; emails normalised", () => {
    expect(whoAndWhere(req({ "x-gatehouse-repository": "acme/a" }, "repository=acme/b&branch=main"), { initiatedBy: " Dev@Acme.Test " })).toEqual({
      initiatedBy: "dev@acme.test",
      repository: "acme/a",
      branch: "main",
      environment: undefined,
    });
    // Claude Code interpolates an unset variable as ""
    expect(whoAndWhere(req({ "x-gatehouse-repository": "", "x-gatehouse-initiated-by": "" }, "repository=acme/q"), {})).toMatchObject({
      repository: "acme/q",
      initiatedBy: null,
    });
    expect(whoAndWhere(req({ "x-gatehouse-repository": "a".repeat(301) }), {}).repository).toBeUndefined();
  });
  it("the tool call's own repository is kept", () => {
    expect(withContext({ type: "git.push", repository: "acme/own" }, { initiatedBy: null, repository: "acme/ctx", branch: "b" })).toEqual({
      type: "git.push",
      repository: "acme/own",
      branch: "b",
    });
  });
  const allow: EvaluationResult = { decision: "allow", reason: "free", rule_id: "r", policy_version: "1", tier: "free", basis: "rule", dry_run: [] };
  const scope = [{ dimension: "repository" as const, pattern: "acme/*", validFrom: null, validUntil: null }];
  it("a missing repository is gated by default, denied or left to the scope by configuration; a deny stays a deny", () => {
    expect(applyMissingRepositoryRule(allow, scope, { type: "shell.exec" }, "gated")).toMatchObject({ decision: "ask", rule_id: "hook-missing-repository" });
    expect(applyMissingRepositoryRule(allow, scope, { type: "shell.exec" }, "deny")).toMatchObject({ decision: "deny", rule_id: "hook-missing-repository" });
    expect(applyMissingRepositoryRule(allow, scope, { type: "shell.exec" }, "scope")).toBe(allow);
    expect(applyMissingRepositoryRule(allow, scope, { type: "shell.exec", repository: "acme/a" }, "gated")).toBe(allow);
    expect(applyMissingRepositoryRule(allow, [], { type: "shell.exec" }, "gated")).toBe(allow);
    const deny = { ...allow, decision: "deny" as const };
    expect(applyMissingRepositoryRule(deny, scope, { type: "shell.exec" }, "gated")).toBe(deny);
  });
});

describe("harness formats", () => {
  it("Claude Code: continue:false with a stop, never for Codex (turn_id)", () => {
    const v = { decision: "deny" as const, reason: "no", stop: "killed" };
    expect(claudeCodeFormat.answer("PreToolUse", v, { hook_event_name: "PreToolUse" })).toMatchObject({ continue: false, stopReason: "killed" });
    expect(claudeCodeFormat.answer("PreToolUse", v, { hook_event_name: "PreToolUse", turn_id: "t1" })).not.toHaveProperty("continue");
    expect(claudeCodeFormat.decides("PermissionRequest", q(""))).toBe(false);
    expect(claudeCodeFormat.decides("PermissionRequest", q("permission_requests=decide"))).toBe(true);
    expect(claudeCodeFormat.decides(undefined, q(""))).toBe(true);
  });
  it("Cursor events map to the policy's tools; the answer is {permission}", () => {
    expect(cursorFormat.toHookInput({ command: "ls", cwd: "/r" }, "beforeShellExecution")).toMatchObject({
      tool_name: "Bash",
      tool_input: { command: "ls" },
      cwd: "/r",
    });
    expect(cursorFormat.toHookInput({ file_path: "/r/.env", workspace_roots: ["/r"] }, "beforeReadFile")).toMatchObject({ tool_name: "Read", cwd: "/r" });
    expect(cursorFormat.toHookInput({ tool_name: "create_issue", tool_input: '{"a":1}', command: "npx server-github" }, "beforeMCPExecution")).toMatchObject({
      tool_name: "mcp__npx_server-github__create_issue",
      tool_input: { a: 1 },
    });
    expect(cursorFormat.answer("beforeShellExecution", { decision: "deny", reason: "r" }, {})).toEqual({
      permission: "deny",
      user_message: "r",
      agent_message: "r",
    });
    expect(cursorFormat.decides("afterFileEdit", q(""))).toBe(false);
  });
  it("Copilot: toolArgs JSON text, camelCase events, top-level permissionDecision", () => {
    expect(copilotFormat.eventOf({ toolName: "bash", toolArgs: "{}" })).toBe("preToolUse");
    expect(copilotFormat.eventOf({ toolName: "bash", toolResult: {} })).toBe("postToolUse");
    expect(copilotFormat.toHookInput({ toolName: "view", toolArgs: '{"path":"/r/.env"}', sessionId: "s" }, "preToolUse")).toMatchObject({
      tool_name: "Read",
      tool_input: { file_path: "/r/.env" },
      session_id: "s",
    });
    expect(copilotFormat.answer("preToolUse", { decision: "allow", reason: "ok" }, {})).toEqual({
      permissionDecision: "allow",
      permissionDecisionReason: "ok",
    });
  });
});
