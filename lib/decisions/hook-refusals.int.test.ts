import { afterAll, beforeAll, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import { agentTokens, approvalRequests, auditEvents, users } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { resetControlCache } from "@/lib/registry/control";
import { freezeFleet, killAgent, unfreezeFleet } from "@/lib/registry/lifecycle";
import { decideApproval } from "@/lib/approvals/queries";
import { rateLimit } from "@/lib/http/rate-limit";
import { hashToken } from "@/lib/auth/tokens";
import { processSingleton } from "@/lib/util/global";
import { decisionFixture } from "./testing";
import { personActor } from "@/lib/auth/actor";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8"));
const REPO = { "x-gatehouse-repository": "acme/payments" };

/** One deciding call per harness format, and how to read its decision and reason. */
const FORMATS = [
  {
    name: "Claude Code PreToolUse",
    route: "claude-code",
    query: "",
    body: () => fixture("claude-pretooluse-bash.json"),
    read: (j: any) => [j.hookSpecificOutput?.permissionDecision, j.hookSpecificOutput?.permissionDecisionReason],
  },
  {
    name: "Codex PreToolUse",
    route: "claude-code",
    query: "",
    body: () => fixture("codex-pretooluse-bash.json"),
    read: (j: any) => [j.hookSpecificOutput?.permissionDecision, j.hookSpecificOutput?.permissionDecisionReason],
  },
  {
    name: "PermissionRequest (decided)",
    route: "claude-code",
    query: "?permission_requests=decide",
    body: () => fixture("claude-permissionrequest-bash.json"),
    read: (j: any) => [j.hookSpecificOutput?.decision?.behavior, j.hookSpecificOutput?.decision?.message],
  },
  {
    name: "Cursor beforeShellExecution",
    route: "cursor",
    query: "",
    body: () => fixture("cursor-beforeshellexecution.json"),
    read: (j: any) => [j.permission, j.user_message],
  },
  {
    name: "Copilot preToolUse",
    route: "copilot",
    query: "",
    body: () => fixture("copilot-pretooluse-bash.json"),
    read: (j: any) => [j.permissionDecision, j.permissionDecisionReason],
  },
] as const;
const isDeny = (d: unknown) => d === "deny";

describeEngines("hook refusals fail closed in each client's format", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  let ok: Awaited<ReturnType<Awaited<ReturnType<typeof decisionFixture>>["agent"]>>;
  const call = (
    f: (typeof FORMATS)[number],
    token: string | undefined,
    opts: { headers?: Record<string, string>; raw?: string; body?: unknown; query?: string } = {},
  ) =>
    api.request("POST", `/api/hooks/${f.route}${opts.query ?? f.query}`, {
      token,
      body: opts.raw === undefined ? (opts.body ?? f.body()) : undefined,
      raw: opts.raw,
      headers: { ...REPO, ...opts.headers },
    });
  beforeAll(async () => {
    resetControlCache();
    api = await startTestApi(get());
    fx = await decisionFixture(get().db, "ref");
    ok = await fx.agent("refusal-ok");
  });
  afterAll(() => api.close());

  it("a valid call is allowed in every format (the baseline the refusals differ from)", async () => {
    for (const f of FORMATS) {
      const r = await call(f, ok.token);
      expect(r.status, f.name).toBe(200);
      expect(f.read(r.json)[0], f.name).toBe("allow");
    }
  });

  it("missing, unknown, expired and revoked tokens and an integration token: 200 deny saying what to do", async () => {
    const expired = await fx.agent("refusal-expired");
    await get()
      .db.update(agentTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(agentTokens.id, expired.tokenId));
    const revoked = await fx.agent("refusal-revoked");
    await get()
      .db.update(agentTokens)
      .set({ revokedAt: new Date(Date.now() - 1000) })
      .where(eq(agentTokens.id, revoked.tokenId));
    const integration = await fx.token(["agents:read"]);
    const cases: [string | undefined, RegExp][] = [
      [undefined, /no agent token was sent/],
      ["gat_" + "x".repeat(40), /not a Gatehouse agent token/],
      [expired.token, /token has expired.*Issue a new token/],
      [revoked.token, /token was revoked.*Issue a new token/],
      [integration, /agent's own token/],
    ];
    for (const f of FORMATS) {
      for (const [token, why] of cases) {
        const r = await call(f, token);
        expect(r.status, `${f.name} ${why}`).toBe(200);
        const [d, reason] = f.read(r.json);
        expect(isDeny(d), `${f.name} ${why}`).toBe(true);
        expect(reason).toMatch(why);
      }
    }
    // other events keep their statuses
    expect((await api.request("POST", "/api/hooks/claude-code", { token: expired.token, body: fixture("claude-stop.json") })).status).toBe(401);
  });

  it("an unreadable payload is a deny, not a 4xx: not JSON, wrong media type, too deep, too large, no event", async () => {
    const deep = "[".repeat(300) + "]".repeat(300);
    for (const f of FORMATS) {
      for (const opts of [
        { raw: "{not json" },
        { raw: JSON.stringify(f.body()), headers: { "content-type": "text/plain" } },
        { raw: deep },
        { raw: JSON.stringify({ x: "a".repeat(2 * 1024 * 1024 + 10) }) },
        { body: { tool_name: "Bash" } },
      ]) {
        const r = await call(f, ok.token, opts);
        expect(r.status, `${f.name} ${JSON.stringify(opts).slice(0, 60)}`).toBe(200);
        // the event is unknown when the payload cannot be read: the answer is the route's main gate (PreToolUse)
        const [d, reason] = f.route === "claude-code" ? FORMATS[0].read(r.json) : f.read(r.json);
        expect(isDeny(d), f.name).toBe(true);
        expect(reason).toMatch(/Gatehouse/);
      }
    }
  });

  it("a rate limit is a deny telling the agent to wait", async () => {
    const t = await fx.agent("refusal-limited");
    // Empty this token's bucket on the Claude Code route, deep enough that refilling at 20,000/s
    // takes minutes (the limiter's own buckets, as the route keys them; draining by calls cannot
    // outpace that refill).
    rateLimit(`hooks:claude-code:token:${hashToken(t.token)}`, 20_000, 40_000);
    const buckets = processSingleton("rate-buckets", () => new Map<string, { tokens: number; updated: number }>());
    buckets.set(`hooks:claude-code:token:${hashToken(t.token)}`, { tokens: -1e7, updated: Date.now() });
    const r = await call(FORMATS[0], t.token);
    expect(r.status).toBe(200);
    expect(r.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(r.json.hookSpecificOutput.permissionDecisionReason).toMatch(/too many hook calls.*Wait/);
  });

  it("a killed agent is denied and, where the client can, its session stopped (Claude Code: continue false; never sent to Codex)", async () => {
    const k = await fx.agent("refusal-killed");
    await killAgent(get().db, k.agent.id, "leaked token", fx.actor);
    for (const f of FORMATS) {
      const r = await call(f, k.token);
      expect(isDeny(f.read(r.json)[0]), f.name).toBe(true);
    }
    const claude = await call(FORMATS[0], k.token);
    expect(claude.json).toMatchObject({ continue: false, stopReason: expect.stringMatching(/kill switch \(leaked token\)/) });
    const codex = await call(FORMATS[1], k.token);
    expect(codex.json.continue).toBeUndefined(); // codex refuses continue/stopReason on PreToolUse
    expect(codex.json.stopReason).toBeUndefined();
    // any other event of the session stops it too (it was a 403 the client ignored)
    const prompt = await api.request("POST", "/api/hooks/claude-code", { token: k.token, body: fixture("claude-userpromptsubmit.json") });
    expect(prompt.status).toBe(200);
    expect(prompt.json).toMatchObject({ continue: false });
  });

  it("a fleet freeze denies every format", async () => {
    await freezeFleet(get().db, "incident", fx.actor);
    try {
      resetControlCache();
      for (const f of FORMATS) expect(isDeny(f.read((await call(f, ok.token)).json)[0]), f.name).toBe(true);
    } finally {
      await unfreezeFleet(get().db, "over", fx.actor);
      resetControlCache();
    }
  });

  it("a gated call does not wait without the client's timeout, and waits less than it with one", async () => {
    const workflow = fixture("claude-pretooluse-write-workflow.json");
    const at = await call(FORMATS[0], ok.token, { body: workflow, query: "?wait_seconds=30" });
    expect(at.json.hookSpecificOutput.permissionDecision).toBe("deny");
    const [open] = await get()
      .db.select()
      .from(approvalRequests)
      .where(and(eq(approvalRequests.agentId, ok.agent.id), eq(approvalRequests.status, "pending")));
    expect(at.json.hookSpecificOutput.permissionDecisionReason).toContain(open.id);
    expect(at.json.hookSpecificOutput.permissionDecisionReason).toMatch(/does not say the client's hook timeout/);
    const bounded = await call(FORMATS[0], ok.token, { body: workflow, query: "?timeout_seconds=4&wait_seconds=30" });
    // a fifth of 4 s, at least 2 s, is kept back: it waited 2 s, not 30
    expect(bounded.json.hookSpecificOutput.permissionDecisionReason).toMatch(/still pending after 2 s \(the hook times out after 4 s\)/);
  });

  it("who and where: repository from the header is scope-checked; none is gated; the initiator cannot approve", async () => {
    const bash = fixture("claude-pretooluse-bash.json");
    const outside = await call(FORMATS[0], ok.token, { body: bash, headers: { "x-gatehouse-repository": "evil/repo" } });
    expect(outside.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(outside.json.hookSpecificOutput.permissionDecisionReason).toMatch(/evil\/repo/);
    const none = await api.request("POST", "/api/hooks/claude-code", { token: ok.token, body: { ...bash, tool_use_id: "toolu_norepo" } });
    expect(none.json.hookSpecificOutput.permissionDecision).toBe("deny"); // gated, and no wait without a timeout
    expect(none.json.hookSpecificOutput.permissionDecisionReason).toMatch(/did not say which repository/);
    // query parameters work too, and the initiator header is normalised and recorded
    const q = await api.request("POST", "/api/hooks/claude-code?repository=acme/payments&branch=main&environment=dev", {
      token: ok.token,
      body: fixture("claude-pretooluse-write-workflow.json"),
      headers: { "x-gatehouse-initiated-by": "  Appr-Ref@ACME.test " },
    });
    expect(q.json.hookSpecificOutput.permissionDecision).toBe("deny");
    const [ev] = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, ok.agent.id), eq(auditEvents.type, "decision")))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    expect(ev).toMatchObject({ repository: "acme/payments", branch: "main", environment: "dev", initiatedBy: "appr-ref@acme.test" });
    const [req] = await get().db.select().from(approvalRequests).where(eq(approvalRequests.id, ev.approvalId!));
    expect(req.initiatedBy).toBe("appr-ref@acme.test");
    const [approver] = await get().db.insert(users).values({ email: "appr-ref@acme.test", name: "A", role: "approver" }).returning();
    await expect(decideApproval(get().db, { id: req.id, decision: "approve", reason: "mine" }, personActor(approver))).rejects.toMatchObject({
      code: "segregation_of_duties",
    });
    // Cursor sends the person itself
    await call(FORMATS[3], ok.token);
    const [cur] = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, ok.agent.id), eq(auditEvents.type, "decision")))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    expect(cur).toMatchObject({ initiatedBy: "dev@acme.test", command: "npm test -- --run", repository: "acme/payments" });
  });

  it("Cursor and Copilot payloads are decided by the same policy and answered in their own format", async () => {
    const env = await api.request("POST", "/api/hooks/cursor", { token: ok.token, body: fixture("cursor-beforereadfile-env.json"), headers: REPO });
    expect(env.json).toMatchObject({ permission: "deny", user_message: expect.stringMatching(/forbid-secret-files/) });
    const write = await api.request("POST", "/api/hooks/cursor", { token: ok.token, body: fixture("cursor-pretooluse-write.json"), headers: REPO });
    expect(write.json.permission).toBe("allow");
    const view = await api.request("POST", "/api/hooks/copilot", { token: ok.token, body: fixture("copilot-pretooluse-view-env.json"), headers: REPO });
    expect(view.json).toMatchObject({ permissionDecision: "deny", permissionDecisionReason: expect.stringMatching(/forbid-secret-files/) });
    const post = await api.request("POST", "/api/hooks/copilot", { token: ok.token, body: fixture("copilot-posttooluse-bash.json"), headers: REPO });
    expect(post.status).toBe(200);
    expect(post.json).toEqual({});
    const [rec] = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, ok.agent.id), eq(auditEvents.type, "tool.post")))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    expect(rec).toMatchObject({ sessionId: "5e55a0c0-0000-4000-8000-0000000c0b01", command: "npm test -- --run", outcome: "success" });
  });
});
