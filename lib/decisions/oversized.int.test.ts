// Issue 16: a PreToolUse hook whose command is too long to check within the decision budget is
// denied — never allowed, never left to the head's verdict — and what is recorded is bounded (both engines).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { clearProcessSingleton } from "@/lib/util/global";
import { decisionFixture } from "./testing";
import { MAX_DECIDABLE_CHARS, cutOversized } from "./oversized";

describeEngines("oversized actions", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi(get());
    token = (await (await decisionFixture(get().db, "oversized")).agent("big-cmd")).token;
  });
  afterAll(() => api?.close());

  it("a 1.8 MB Bash command in a PreToolUse hook is denied unchecked; the recorded command is its head", async () => {
    clearProcessSingleton("body-admission-accounts");
    const session = `s-${randomUUID()}`;
    const command = "git status && echo " + "ok ".repeat(600_000);
    const r = await api.request("POST", "/api/hooks/claude-code?wait_seconds=0", {
      token,
      body: { session_id: session, hook_event_name: "PreToolUse", cwd: "/work/repo", tool_name: "Bash", tool_input: { command }, tool_use_id: "toolu_big" },
    });
    expect(r.status).toBe(200);
    expect(r.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(r.json.hookSpecificOutput.permissionDecisionReason).toMatch(/longer than Gatehouse checks within its decision budget/);
    const rows = (await get().db.execute(
      sql`SELECT decision, length(command) AS n FROM audit_events WHERE session_id = ${session} AND type = 'decision'`,
    )) as unknown as {
      rows: { decision: string; n: number }[];
    };
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0].decision).toBe("deny");
    expect(Number(rows.rows[0].n)).toBeLessThan(MAX_DECIDABLE_CHARS + 100);
  });

  it("a command within the budget is left as it is", () => {
    const action = { type: "shell.exec", command: "x".repeat(MAX_DECIDABLE_CHARS) };
    expect(cutOversized(action)).toEqual({ action, cut: [] });
    const long = cutOversized({ ...action, command: action.command + "y" });
    expect(long.cut).toEqual([{ field: "command", length: MAX_DECIDABLE_CHARS + 1 }]);
    expect(long.action.command).toBe(`${action.command}…[1 more characters, not checked]`);
  });
});
