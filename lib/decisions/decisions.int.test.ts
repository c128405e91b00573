import { afterAll, beforeAll, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { approvalRequests, auditEvents, decisions, users, violations } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { resetControlCache } from "@/lib/registry/control";
import { killAgent } from "@/lib/registry/lifecycle";
import { revokeAgentToken } from "@/lib/registry/tokens";
import { agentTokens } from "@/db/schema";
import { decideApproval } from "@/lib/approvals/queries";
import { decisionFixture } from "./testing";
import { NOT_RECORDED_REASON } from "./service";
import { writerFor } from "./writer";
import { personActor } from "@/lib/auth/actor";

describeEngines("POST /api/v1/decisions and approvals", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  let a: Awaited<ReturnType<Awaited<ReturnType<typeof decisionFixture>>["agent"]>>;
  let b: typeof a;
  const decide = (token: string | undefined, body: unknown) => api.request("POST", "/api/v1/decisions", { token, body });
  beforeAll(async () => {
    resetControlCache();
    api = await startTestApi(get());
    fx = await decisionFixture(get().db, "dec");
    a = await fx.agent("alpha");
    b = await fx.agent("beta");
  });
  afterAll(() => api.close());

  it("401 without or with an unknown token, 403 for an integration token, 400 for bad bodies", async () => {
    expect((await decide(undefined, { action: { type: "file.read" } })).status).toBe(401);
    expect((await decide("gat_doesnotexist0000000000000000000", { action: { type: "file.read" } })).status).toBe(401);
    const integ = await fx.token(["events:write"]);
    expect((await decide(integ, { action: { type: "file.read" } })).status).toBe(403);
    const bad = await decide(a.token, { action: { tool: "Bash" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_request");
    expect(bad.json.error.details[0].path).toBe("action.type");
    const malformed = await api.request("POST", "/api/v1/decisions", { token: a.token, raw: "{nope" });
    expect(malformed.status).toBe(400);
  });

  it("allow: a free action, recorded with its rule and policy version and an audit event", async () => {
    const r = await decide(a.token, {
      action: { type: "file.read", tool: "Read", repository: "acme/pay", resource: "src/a.ts" },
      session_id: "s1",
      initiated_by: "dev@acme.test",
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ decision: "allow", rule_id: "free-read", policy_version: "1" });
    const [row] = await get().db.select().from(decisions).where(eq(decisions.id, r.json.decision_id));
    expect(row).toMatchObject({
      decision: "allow",
      ruleId: "free-read",
      policyVersion: "1",
      agentId: a.agent.id,
      initiatedBy: "dev@acme.test",
      sessionId: "s1",
      source: "api",
      action: { type: "file.read", tool: "Read", repository: "acme/pay", resource: "src/a.ts" },
    });
    expect(row.reason).toBe(r.json.reason);
    const [ev] = await get().db.select().from(auditEvents).where(eq(auditEvents.decisionId, r.json.decision_id));
    expect(ev).toMatchObject({ type: "decision", decision: "allow", ruleId: "free-read", policyVersion: "1", sessionId: "s1" });
  });

  it("ask: a gated action opens an approval only its agent can read", async () => {
    const r = await decide(a.token, {
      action: { type: "git.merge", repository: "acme/pay", branch: "main" },
      initiated_by: fx.admin.email,
      justification: "release 1.2",
    });
    expect(r.json).toMatchObject({ decision: "ask", rule_id: "gate-protected-branches" });
    expect(r.json.approval_id).toBeTruthy();
    expect(new Date(r.json.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    const own = await api.request("GET", `/api/v1/approvals/${r.json.approval_id}`, { token: a.token });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ id: r.json.approval_id, status: "pending", decided_by: null });
    expect((await api.request("GET", `/api/v1/approvals/${r.json.approval_id}`, { token: b.token })).status).toBe(404);
    expect((await api.request("GET", `/api/v1/approvals/${r.json.approval_id}`)).status).toBe(401);
    const [ap] = await get().db.select().from(approvalRequests).where(eq(approvalRequests.id, r.json.approval_id));
    expect(ap).toMatchObject({ justification: "release 1.2", ruleId: "gate-protected-branches", initiatedBy: fx.admin.email });
    expect(ap.risk).toBeGreaterThan(35);
    // Asking again for the same action while it waits: the same request, not a second one.
    const twice = await decide(a.token, { action: { type: "git.merge", repository: "acme/pay", branch: "main" }, initiated_by: fx.admin.email });
    expect(twice.json).toMatchObject({ decision: "ask", approval_id: ap.id });
    expect(twice.json.decision_id).not.toBe(r.json.decision_id);

    // Segregation of duties: the initiator cannot decide; someone else can, and the agent sees it.
    await expect(decideApproval(get().db, { id: ap.id, decision: "approve", reason: "mine" }, personActor(fx.admin))).rejects.toMatchObject({ status: 403 });
    const [approver] = await get().db.insert(users).values({ email: "appr-dec@acme.test", name: "Approver", role: "approver" }).returning();
    await decideApproval(get().db, { id: ap.id, decision: "approve", reason: "release window" }, personActor(approver));
    const seen = await api.request("GET", `/api/v1/approvals/${ap.id}`, { token: a.token });
    expect(seen.json).toMatchObject({ status: "approved", decided_by: "appr-dec@acme.test", reason: "release window" });
    // Reading it approved was the agent's go-ahead: the approval is used, the next ask is new.
    expect(seen.json.used_at).toBeTruthy();
    const next = await decide(a.token, { action: { type: "git.merge", repository: "acme/pay", branch: "main" }, initiated_by: fx.admin.email });
    expect(next.json.decision).toBe("ask");
    expect(next.json.approval_id).not.toBe(ap.id);
    await expect(decideApproval(get().db, { id: ap.id, decision: "deny", reason: "late" }, personActor(approver))).rejects.toMatchObject({
      status: 409,
    });
    const evs = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.approvalId, ap.id), eq(auditEvents.type, "approval.approve")));
    expect(evs).toHaveLength(1);
  });

  it("an expired approval reads expired (default deny)", async () => {
    const r = await decide(a.token, { action: { type: "dependency.change", repository: "acme/pay" } });
    expect(r.json.decision).toBe("ask");
    await get()
      .db.update(approvalRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(approvalRequests.id, r.json.approval_id));
    const seen = await api.request("GET", `/api/v1/approvals/${r.json.approval_id}`, { token: a.token });
    expect(seen.json.status).toBe("expired");
  });

  it("deny: forbidden attempts and out-of-scope actions raise grouped violations", async () => {
    const f1 = await decide(a.token, { action: { type: "secret.read", resource: "prod/db-password" } });
    expect(f1.json).toMatchObject({ decision: "deny", rule_id: "forbid-secret-read" });
    await decide(a.token, { action: { type: "secret.read", resource: "prod/db-password" } });
    const forb = await get()
      .db.select()
      .from(violations)
      .where(and(eq(violations.agentId, a.agent.id), eq(violations.kind, "forbidden_attempt")));
    expect(forb).toHaveLength(1);
    expect(forb[0].count).toBe(2);
    const out = await decide(a.token, { action: { type: "file.read", repository: "other/secret-repo" } });
    expect(out.json).toMatchObject({ decision: "deny", rule_id: null });
    expect(out.json.reason).toMatch(/scope/);
    const sc = await get()
      .db.select()
      .from(violations)
      .where(and(eq(violations.agentId, a.agent.id), eq(violations.kind, "scope_violation")));
    expect(sc).toHaveLength(1);
  });

  it("expired and revoked tokens get 401", async () => {
    const c = await fx.agent("gamma");
    await get()
      .db.update(agentTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(agentTokens.id, c.tokenId));
    expect((await decide(c.token, { action: { type: "file.read" } })).status).toBe(401);
    const d = await fx.agent("delta");
    expect((await decide(d.token, { action: { type: "file.read" } })).status).toBe(200);
    await revokeAgentToken(get().db, d.tokenId, "leaked", fx.actor);
    expect((await decide(d.token, { action: { type: "file.read" } })).status).toBe(401);
  });

  it("a killed agent is denied from the very next request (200 deny)", async () => {
    const k = await fx.agent("killme");
    expect((await decide(k.token, { action: { type: "file.read", resource: "src/a.ts" } })).json.decision).toBe("allow");
    await killAgent(get().db, k.agent.id, "misbehaving", fx.actor);
    const r = await decide(k.token, { action: { type: "file.read", resource: "src/a.ts" } });
    expect(r.status).toBe(200);
    expect(r.json.decision).toBe("deny");
    expect(r.json.reason).toMatch(/suspended/);
    expect((await api.request("GET", `/api/v1/approvals/00000000-0000-4000-8000-000000000000`, { token: k.token })).status).toBe(403);
  });

  it("policies: 403 without the scope, 400 pointing at the faulty rule, 200 with the new version that decides next", async () => {
    const read = await fx.token(["agents:read"]);
    const writeTok = await fx.token(["policies:write"]);
    const got = await api.request("GET", "/api/v1/policies", { token: read });
    expect(got.status).toBe(200);
    expect(got.json.policy_version).toBe("1");
    expect((await api.request("PUT", "/api/v1/policies", { token: read, body: got.json.document })).status).toBe(403);
    expect((await api.request("GET", "/api/v1/policies", { token: a.token })).status).toBe(403);
    const bad = await api.request("PUT", "/api/v1/policies", {
      token: writeTok,
      body: {
        default_tier: "gated",
        rules: [
          { id: "x", tier: "free" },
          { id: "y", tier: "sometimes" },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0]).toMatchObject({ path: "rules[1].tier", ruleId: "y" });
    const doc = {
      ...got.json.document,
      rules: [
        { id: "deny-reads", tier: "forbidden", priority: 1, match: { action_types: ["file.read"], resources: ["src/secret/**"] } },
        ...got.json.document.rules,
      ],
    };
    const put = await api.request("PUT", "/api/v1/policies", { token: writeTok, body: doc });
    expect(put.status).toBe(200);
    expect(put.json.policy_version).toBe("2");
    const r = await decide(a.token, { action: { type: "file.read", resource: "src/secret/x.ts" } });
    expect(r.json).toMatchObject({ decision: "deny", rule_id: "deny-reads", policy_version: "2" });
  });

  it("policies: If-Match makes a replacement conditional on the version read (412 when another became active; concurrent saves of one version: one wins)", async () => {
    const writeTok = await fx.token(["policies:write"]);
    const got = await api.request("GET", "/api/v1/policies", { token: writeTok });
    const version = Number(got.json.policy_version);
    expect(got.headers.get("etag")).toBe(`"${version}"`);
    const doc = got.json.document;
    const put = (ifMatch?: string) =>
      api.request("PUT", "/api/v1/policies", { token: writeTok, body: doc, headers: ifMatch === undefined ? {} : { "if-match": ifMatch } });
    const first = await put(`"${version}"`);
    expect(first.status).toBe(200);
    expect(first.json.policy_version).toBe(String(version + 1));
    // the same base again: another version is active now
    const stale = await put(`"${version}"`);
    expect(stale.status).toBe(412);
    expect(stale.json.error).toMatchObject({
      code: "precondition_failed",
      details: { active_version: String(version + 1), base_version: String(version) },
    });
    expect(stale.json.error.message).toMatch(new RegExp(`Version ${version + 1} became active`));
    expect((await api.request("GET", "/api/v1/policies", { token: writeTok })).json.policy_version).toBe(String(version + 1));
    expect((await put("3a")).status).toBe(400);
    expect((await put("*")).status).toBe(200);
    // two writers that read the same version at once: the check runs under the lock, so one is refused
    const now = Number((await api.request("GET", "/api/v1/policies", { token: writeTok })).json.policy_version);
    const both = await Promise.all([put(`"${now}"`), put(`W/"${now}"`)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 412]);
    const changes = await get()
      .db.select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "policy.change"), eq(auditEvents.policyVersion, String(now + 2))));
    expect(changes[0].n).toBe(0);
  });

  it("fails closed: when the decision cannot be recorded the answer is deny", async () => {
    await writerFor(get().db).drain();
    // The decision's audit event cannot be written: the table is gone.
    await get().exec("ALTER TABLE audit_events RENAME TO audit_events_gone");
    try {
      const r = await decide(a.token, { action: { type: "file.read", resource: "src/a.ts" } });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ decision: "deny", reason: NOT_RECORDED_REASON });
    } finally {
      await get().exec("ALTER TABLE audit_events_gone RENAME TO audit_events");
    }
    expect((await decide(a.token, { action: { type: "file.read", resource: "src/a.ts" } })).json.decision).toBe("allow");
  });
});
