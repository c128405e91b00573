import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { hookEventType, hookToAction, type HookInput } from "./hook-mapping";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8")) as HookInput;

describe("hook → action", () => {
  it("maps the real payloads", () => {
    expect(hookToAction(fixture("claude-pretooluse-bash.json"))).toEqual({ type: "shell.exec", tool: "Bash", command: "npm test -- --run" });
    expect(hookToAction(fixture("claude-pretooluse-write-workflow.json"))).toEqual({ type: "file.write", tool: "Write", resource: ".github/workflows/ci.yml" });
    expect(hookToAction(fixture("claude-pretooluse-read-env.json"))).toEqual({ type: "file.read", tool: "Read", resource: ".env" });
    expect(hookToAction(fixture("claude-pretooluse-mcp.json"))).toEqual({ type: "mcp.github.create_pull_request", tool: "mcp__github__create_pull_request" });
    expect(hookToAction(fixture("codex-pretooluse-bash.json"))).toMatchObject({ type: "shell.exec", command: "git status --short" });
  });
  it("maps the other tools", () => {
    const h = (tool_name: string, tool_input: Record<string, unknown>, cwd = "/w") =>
      hookToAction({ hook_event_name: "PreToolUse", tool_name, tool_input, cwd });
    expect(h("Edit", { file_path: "/w/src/a.ts" })).toEqual({ type: "file.write", tool: "Edit", resource: "src/a.ts" });
    expect(h("MultiEdit", { file_path: "/elsewhere/a.ts" }).resource).toBe("/elsewhere/a.ts");
    expect(h("WebFetch", { url: "https://example.com/x", prompt: "summarise" })).toEqual({
      type: "network.request",
      tool: "WebFetch",
      endpoint: "https://example.com/x",
    });
    expect(h("apply_patch", { command: "*** Begin Patch\n*** Update File: /w/src/b.ts\n@@\n" })).toMatchObject({ type: "file.write", resource: "src/b.ts" });
    expect(h("TodoWrite", {}).type).toBe("tool.todowrite");
  });
  it("names the audit event types", () => {
    expect(["PostToolUse", "PostToolUseFailure", "SessionStart", "SessionEnd", "UserPromptSubmit"].map(hookEventType)).toEqual([
      "tool.post",
      "tool.failure",
      "session.start",
      "session.end",
      "prompt",
    ]);
    expect(hookEventType("SomethingNew")).toBe("hook.something_new");
  });
});
