import { afterAll, beforeAll, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { and, eq, like } from "drizzle-orm";
import { agentSessions, approvalRequests, auditEvents, users } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { resetControlCache } from "@/lib/registry/control";
import { killAgent } from "@/lib/registry/lifecycle";
import { decideApproval } from "@/lib/approvals/queries";
import { decisionFixture } from "./testing";
import { personActor } from "@/lib/auth/actor";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8"));

describeEngines("POST /api/hooks/claude-code", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  let a: Awaited<ReturnType<Awaited<ReturnType<typeof decisionFixture>>["agent"]>>;
  // the repository comes from the hook configuration (X-Gatehouse-Repository); WIDE_SCOPE lists acme/*
  const hook = (body: unknown, token = a.token, query = "") =>
    api.request("POST", `/api/hooks/claude-code${query}`, { token, body, headers: { "x-gatehouse-repository": "acme/payments" } });
  beforeAll(async () => {
    resetControlCache();
    api = await startTestApi(get());
    fx = await decisionFixture(get().db, "hook");
    a = await fx.agent("hooked");
  });
  afterAll(() => api.close());

  it("answers PreToolUse in the hook decision format (Claude Code and Codex payloads)", async () => {
    for (const name of ["claude-pretooluse-bash.json", "codex-pretooluse-bash.json"]) {
      const r = await hook(fixture(name));
      expect(r.status).toBe(200);
      expect(r.json.hookSpecificOutput).toMatchObject({ hookEventName: "PreToolUse", permissionDecision: "allow" });
    }
    const env = await hook(fixture("claude-pretooluse-read-env.json"));
    expect(env.json.hookSpecificOutput).toMatchObject({ permissionDecision: "deny" });
    expect(env.json.hookSpecificOutput.permissionDecisionReason).toMatch(/forbid-secret-files/);
    const [ev] = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, a.agent.id), eq(auditEvents.ruleId, "forbid-secret-files")));
    expect(ev).toMatchObject({ type: "decision", decision: "deny", resource: ".env", sessionId: "abc123-0000-4000-8000-000000000001" });
  });

  it("a gated call waits for the human: approved → allow; timeout → deny naming the approval", async () => {
    const pending = hook(fixture("claude-pretooluse-write-workflow.json"), a.token, "?timeout_seconds=15&wait_seconds=10");
    let approval: { id: string } | undefined;
    for (let i = 0; i < 40 && !approval; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [approval] = await get()
        .db.select()
        .from(approvalRequests)
        .where(and(eq(approvalRequests.agentId, a.agent.id), eq(approvalRequests.status, "pending")));
    }
    expect(approval).toBeTruthy();
    const [approver] = await get().db.insert(users).values({ email: "appr-hook@acme.test", name: "A", role: "approver" }).returning();
    await decideApproval(get().db, { id: approval!.id, decision: "approve", reason: "ok" }, personActor(approver));
    const r = await pending;
    expect(r.json.hookSpecificOutput).toMatchObject({ permissionDecision: "allow" });
    expect(r.json.hookSpecificOutput.permissionDecisionReason).toContain(approval!.id);

    const t = await hook(fixture("claude-pretooluse-write-workflow.json"), a.token, "?timeout_seconds=15&wait_seconds=0.5");
    expect(t.json.hookSpecificOutput.permissionDecision).toBe("deny");
    const [open] = await get()
      .db.select()
      .from(approvalRequests)
      .where(and(eq(approvalRequests.agentId, a.agent.id), eq(approvalRequests.status, "pending")));
    expect(t.json.hookSpecificOutput.permissionDecisionReason).toContain(open.id);
  });

  it("a retry after the wait timed out finds its request again; once approved, one retry runs under it", async () => {
    const call = fixture("claude-pretooluse-write-workflow.json");
    call.tool_input = { ...call.tool_input, file_path: "/home/dev/payments/.github/workflows/retry.yml" };
    const pendingFor = () =>
      get()
        .db.select()
        .from(approvalRequests)
        .where(and(eq(approvalRequests.agentId, a.agent.id), like(approvalRequests.resource, "%workflows/retry.yml")));
    const first = await hook(call, a.token, "?wait_seconds=0");
    expect(first.json.hookSpecificOutput.permissionDecision).toBe("deny");
    const [req] = await pendingFor();
    expect(first.json.hookSpecificOutput.permissionDecisionReason).toContain(req.id);
    // Retried before anyone decided: the same request, not a second one in the queue.
    const again = await hook(call, a.token, "?wait_seconds=0");
    expect(again.json.hookSpecificOutput.permissionDecisionReason).toContain(req.id);
    expect(await pendingFor()).toHaveLength(1);

    const [approver] = await get().db.insert(users).values({ email: "appr-retry@acme.test", name: "R", role: "approver" }).returning();
    await decideApproval(get().db, { id: req.id, decision: "approve", reason: "go" }, personActor(approver));
    const retry = await hook(call, a.token, "?wait_seconds=0");
    expect(retry.json.hookSpecificOutput).toMatchObject({ permissionDecision: "allow" });
    expect(retry.json.hookSpecificOutput.permissionDecisionReason).toContain(req.id);
    const [used] = await pendingFor();
    expect(used.usedAt).toBeTruthy();
    const [ev] = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.approvalId, req.id), eq(auditEvents.type, "decision"), eq(auditEvents.decision, "allow")));
    expect(ev.payload).toMatchObject({ approval_reused: "approved" });

    // One approval, one call: the next identical call is a new request.
    const third = await hook(call, a.token, "?wait_seconds=0");
    expect(third.json.hookSpecificOutput.permissionDecision).toBe("deny");
    const all = await pendingFor();
    expect(all).toHaveLength(2);
    expect(third.json.hookSpecificOutput.permissionDecisionReason).toContain(all.find((r) => r.id !== req.id)!.id);
  });

  it("records PermissionRequest and answers {} (API.md), unless the hook URL asks Gatehouse to decide it", async () => {
    const plain = await hook(fixture("claude-permissionrequest-bash.json"));
    expect(plain.status).toBe(200);
    expect(plain.json).toEqual({});
    const recorded = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, a.agent.id), eq(auditEvents.type, "permission.request")));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ actionType: "shell.exec", command: "npx vitest run src/money.test.ts" });
  });

  it("with ?permission_requests=decide, answers PermissionRequest in its own decision format, through the same policy, approvals and record", async () => {
    const decideHook = (file: string, extra = "") => hook(fixture(file), a.token, `?permission_requests=decide${extra}`);
    const ok = await decideHook("claude-permissionrequest-bash.json");
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow" } } });

    // Codex's payload (no tool_use_id): a forbidden read is denied with the reason as the message
    const env = await decideHook("codex-permissionrequest-read-env.json");
    expect(env.json.hookSpecificOutput).toMatchObject({ hookEventName: "PermissionRequest", decision: { behavior: "deny" } });
    expect(Object.keys(env.json.hookSpecificOutput.decision).sort()).toEqual(["behavior", "message"]);
    expect(env.json.hookSpecificOutput.decision.message).toMatch(/forbid-secret/);

    // gated: waits for the approver like PreToolUse does
    const pending = decideHook("claude-permissionrequest-write-workflow.json", "&timeout_seconds=15&wait_seconds=10");
    let approval: { id: string } | undefined;
    for (let i = 0; i < 40 && !approval; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [approval] = await get()
        .db.select()
        .from(approvalRequests)
        .where(and(eq(approvalRequests.agentId, a.agent.id), eq(approvalRequests.status, "pending"), like(approvalRequests.resource, "%permission.yml")));
    }
    expect(approval).toBeTruthy();
    const [approver] = await get().db.insert(users).values({ email: "appr-perm@acme.test", name: "P", role: "approver" }).returning();
    await decideApproval(get().db, { id: approval!.id, decision: "approve", reason: "fine" }, personActor(approver));
    expect((await pending).json).toEqual({ hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow" } } });

    // each was recorded as a decision, naming the hook event it came from
    const evs = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, a.agent.id), eq(auditEvents.type, "decision"), like(auditEvents.command, "%cat .env%")));
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ decision: "deny" });
    expect(evs[0].payload).toMatchObject({ hook: { event: "PermissionRequest" } });
  });

  it("records the other events as audit events and tracks the session", async () => {
    const names = [
      ["claude-sessionstart.json", "session.start"],
      ["claude-userpromptsubmit.json", "prompt"],
      ["claude-posttooluse-edit.json", "tool.post"],
      ["claude-posttoolusefailure-bash.json", "tool.failure"],
      ["claude-stop.json", "turn.stop"],
      ["claude-sessionend.json", "session.end"],
    ];
    for (const [file, type] of names) {
      const r = await hook(fixture(file));
      expect(r.status).toBe(200);
      expect(r.json).toEqual({});
      const evs = await get()
        .db.select()
        .from(auditEvents)
        .where(and(eq(auditEvents.agentId, a.agent.id), eq(auditEvents.type, type)));
      expect(evs.length).toBeGreaterThan(0);
    }
    const [post] = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, a.agent.id), eq(auditEvents.type, "tool.post")));
    expect(post).toMatchObject({ actionType: "file.write", resource: "src/money.ts", outcome: "success" });
    const [s] = await get().db.select().from(agentSessions).where(eq(agentSessions.id, "abc123-0000-4000-8000-000000000001"));
    expect(s).toMatchObject({ agentId: a.agent.id, endedReason: "logout" });
    expect(s.endedAt).toBeTruthy();
  });

  it("redacts secrets in what the agent sent before storing it", async () => {
    const secret = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    const body = { ...fixture("claude-pretooluse-bash.json"), tool_input: { command: `curl -H "Authorization: token ${secret}" https://api.github.com/user` } };
    // (a gated call: do not wait for a human)
    const r = await hook(body, a.token, "?wait_seconds=0");
    expect(r.status).toBe(200);
    const rows = await get().db.select().from(auditEvents).where(eq(auditEvents.agentId, a.agent.id));
    expect(JSON.stringify(rows)).not.toContain(secret);
    const requests = await get().db.select().from(approvalRequests).where(eq(approvalRequests.agentId, a.agent.id));
    expect(JSON.stringify(requests)).not.toContain(secret);
    expect(rows.some((e) => e.redactions > 0 && e.command?.includes("[REDACTED:"))).toBe(true);
  });

  it("other events keep their statuses (401 without a token, 400 without hook_event_name); a killed agent's session is stopped", async () => {
    expect((await api.request("POST", "/api/hooks/claude-code", { body: fixture("claude-stop.json") })).status).toBe(401);
    // PreToolUse without a token is a deny, not a 401 the client would ignore (hook-refusals.int.test.ts)
    expect(
      (await api.request("POST", "/api/hooks/claude-code", { body: fixture("claude-pretooluse-bash.json") })).json.hookSpecificOutput.permissionDecision,
    ).toBe("deny");
    expect((await hook({ tool_name: "Bash" })).json.hookSpecificOutput.permissionDecision).toBe("deny");
    const k = await fx.agent("hook-kill");
    await killAgent(get().db, k.agent.id, "stop", fx.actor);
    const r = await hook(fixture("claude-pretooluse-bash.json"), k.token);
    expect(r.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(r.json).toMatchObject({ continue: false });
    const stop = await hook(fixture("claude-stop.json"), k.token);
    expect(stop.status).toBe(200);
    expect(stop.json).toMatchObject({ continue: false, stopReason: expect.stringContaining("kill switch") });
  });
});
