import { afterAll, beforeAll, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { agentSessions, agentTokens, agents, approvalRequests, auditEvents, settings } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { bumpControlVersion, freshControl, resetControlCache } from "./control";
import { fleetState, freezeFleet, killAgent, recordAccessReview, resumeAgent, retireAgent, unfreezeFleet } from "./lifecycle";
import { createAgent, getAgent, listAgents, scopesOf, updateAgent } from "./queries";
import { checkScope } from "./scope";
import { issueAgentToken, revokeAgentToken, rotateAgentToken } from "./tokens";
import { registryFixture } from "./testing/fixtures";

describeEngines("registry lifecycle", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof registryFixture>>;
  const mk = (slug: string, scope: Parameters<typeof createAgent>[1]["scope"] = []) =>
    createAgent(
      get().db,
      { slug, name: slug, kind: "claude_code", role: "refactoring", team: fx.team.slug, sponsor: fx.sponsor.email, model: "m", toolchainVersion: "1", scope },
      fx.actor,
    );
  beforeAll(async () => {
    api = await startTestApi(get());
    fx = await registryFixture(get().db, "life");
  });
  afterAll(() => api.close());

  it("kill: suspended with reason, approvals cancelled, sessions ended, audited, version bumped, tokens kept (403 not 401)", async () => {
    const db = get().db;
    const agent = await mk("killme");
    const tok = await issueAgentToken(db, agent.slug, {}, fx.actor);
    const future = new Date(Date.now() + 3600_000);
    const base = { agentId: agent.id, actionType: "deploy", action: { type: "deploy" }, expiresAt: future };
    await db.insert(approvalRequests).values([{ ...base }, { ...base }, { ...base, status: "approved" }]);
    await db.insert(agentSessions).values([
      { id: "s-open-1", agentId: agent.id },
      { id: "s-open-2", agentId: agent.id },
      { id: "s-closed", agentId: agent.id, endedAt: new Date(0), endedReason: "done" },
    ]);
    resetControlCache();
    const v0 = (await freshControl(db, 0)).version;
    const r = await killAgent(db, agent.slug, "exfiltration suspected", fx.actor);
    expect(r).toMatchObject({ cancelledApprovals: 2, endedSessions: 2 });
    expect(r.controlVersion).toBeGreaterThan(v0);
    resetControlCache();
    expect((await freshControl(db, 0)).version).toBe(r.controlVersion);

    const [a] = await db.select().from(agents).where(eq(agents.id, agent.id));
    expect(a).toMatchObject({ status: "suspended", statusReason: "exfiltration suspected", statusChangedBy: fx.admin.id });
    const reqs = await db.select().from(approvalRequests).where(eq(approvalRequests.agentId, agent.id));
    expect(reqs.map((x) => x.status).sort()).toEqual(["approved", "cancelled", "cancelled"]);
    const sess = await db.select().from(agentSessions).where(eq(agentSessions.agentId, agent.id));
    expect(sess.every((s) => s.endedAt !== null)).toBe(true);
    expect(sess.find((s) => s.id === "s-closed")?.endedReason).toBe("done");
    const ev = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, agent.id), eq(auditEvents.type, "agent.kill")));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ actorKind: "human", actorUserId: fx.admin.id });
    expect((await db.select().from(auditEvents).where(eq(auditEvents.type, "approval.cancel"))).length).toBeGreaterThanOrEqual(2);

    const [t] = await db.select().from(agentTokens).where(eq(agentTokens.id, tok.id));
    expect(t.revokedAt).toBeNull();
    const res = await api.request("GET", `/api/v1/agents/${agent.id}`, { token: tok.token });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("agent_suspended");

    await resumeAgent(db, agent.id, "contained", fx.actor);
    expect((await api.request("GET", `/api/v1/agents/${agent.id}`, { token: tok.token })).status).toBe(200);
    const life = await db.select({ type: auditEvents.type }).from(auditEvents).where(eq(auditEvents.agentId, agent.id));
    expect(life.map((e) => e.type)).toEqual(expect.arrayContaining(["agent.register", "agent.token.issue", "agent.kill", "agent.resume"]));
  });

  it("retire is final: tokens revoked (401), cannot resume or get tokens, history kept", async () => {
    const db = get().db;
    const agent = await mk("retireme");
    const tok = await issueAgentToken(db, agent.id, { ttlSeconds: 600 }, fx.actor);
    await retireAgent(db, agent.id, "project ended", fx.actor);
    expect((await api.request("GET", `/api/v1/agents/${agent.id}`, { token: tok.token })).status).toBe(401);
    await expect(resumeAgent(db, agent.id, "oops", fx.actor)).rejects.toMatchObject({ status: 409 });
    await expect(issueAgentToken(db, agent.id, {}, fx.actor)).rejects.toMatchObject({ status: 409 });
    expect((await getAgent(db, agent.slug))?.agent.status).toBe("retired");
  });

  it("rotation: new token at once; old one works through the grace, then 401; revoke → 401", async () => {
    const db = get().db;
    const agent = await mk("rotateme");
    const old = await issueAgentToken(db, agent.id, {}, fx.actor);
    const rot = await rotateAgentToken(db, old.id, { graceSeconds: 300 }, fx.actor);
    expect((await api.request("GET", `/api/v1/agents/${agent.id}`, { token: old.token })).status).toBe(200);
    expect((await api.request("GET", `/api/v1/agents/${agent.id}`, { token: rot.token })).status).toBe(200);
    await db
      .update(agentTokens)
      .set({ revokedAt: new Date(Date.now() - 1) })
      .where(eq(agentTokens.id, old.id)); // grace over
    await bumpControlVersion(db); // a row edited by hand: tell the token caches, as product writes do
    expect((await api.request("GET", `/api/v1/agents/${agent.id}`, { token: old.token })).status).toBe(401);
    const rot2 = await rotateAgentToken(db, rot.id, { graceSeconds: 0 }, fx.actor);
    expect((await api.request("GET", `/api/v1/agents/${agent.id}`, { token: rot.token })).status).toBe(401);
    await revokeAgentToken(db, rot2.id, "leaked", fx.actor);
    expect((await api.request("GET", `/api/v1/agents/${agent.id}`, { token: rot2.token })).status).toBe(401);
  });

  it("fleet freeze: flag set, all pending approvals cancelled, agent tokens → agent_suspended; unfreeze restores", async () => {
    const db = get().db;
    const agent = await mk("fleetone");
    const tok = await issueAgentToken(db, agent.id, {}, fx.actor);
    await db.insert(approvalRequests).values({ agentId: agent.id, actionType: "x", action: {}, expiresAt: new Date(Date.now() + 60_000) });
    await freezeFleet(db, "incident 42", fx.actor);
    expect((await fleetState(db)).fleetFrozen).toBe(true);
    expect((await db.select().from(approvalRequests).where(eq(approvalRequests.status, "pending"))).length).toBe(0);
    const r = await api.request("GET", `/api/v1/agents/${agent.id}`, { token: tok.token });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe("agent_suspended");
    await unfreezeFleet(db, "all clear", fx.actor);
    expect((await api.request("GET", `/api/v1/agents/${agent.id}`, { token: tok.token })).status).toBe(200);
  });

  it("scope round-trips through the database with time windows and is enforced by checkScope", async () => {
    const db = get().db;
    const from = new Date("2026-01-01T00:00:00Z");
    const until = new Date("2026-01-02T00:00:00Z");
    const agent = await mk("scoped", [
      { dimension: "repository", pattern: "acme/*", validFrom: null, validUntil: null },
      { dimension: "environment", pattern: "production", validFrom: from, validUntil: until },
    ]);
    const entries = await scopesOf(db, agent.id);
    const act = { type: "deploy", repository: "acme/api", environment: "production" };
    expect(checkScope(entries, act, new Date("2026-01-01T12:00:00Z")).allowed).toBe(true);
    expect(checkScope(entries, act, until)).toMatchObject({ allowed: false, dimension: "environment" });
    const v = (await freshControl(db, 0)).version;
    await updateAgent(db, { id: agent.slug, scope: [{ dimension: "repository", pattern: "acme/api", validFrom: null, validUntil: null }] }, fx.actor);
    expect((await freshControl(db, 0)).version).toBeGreaterThan(v);
    const ev = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, agent.id), eq(auditEvents.type, "agent.scope_change")));
    const p = ev[0].payload as { before: { scope: unknown[] }; after: { scope: unknown[] } };
    expect(p.before.scope).toHaveLength(2);
    expect(p.after.scope).toHaveLength(1);
  });

  it("access reviews: overdue after the review period (setting), cleared by a review; revoke retires", async () => {
    const db = get().db;
    const agent = await mk("reviewme");
    await db
      .update(agents)
      .set({ createdAt: new Date(Date.now() - 40 * 86400_000) })
      .where(eq(agents.id, agent.id));
    const row = async () => (await listAgents(db, { q: "reviewme" })).rows[0];
    expect((await row()).reviewOverdue).toBe(false); // default 90 days
    await db
      .insert(settings)
      .values({ key: "review_period_days", value: "30" })
      .onConflictDoUpdate({ target: settings.key, set: { value: "30" } });
    expect((await row()).reviewOverdue).toBe(true);
    expect((await listAgents(db, { overdue: "1", team: fx.team.slug })).rows.map((r) => r.slug)).toContain("reviewme");
    await recordAccessReview(db, agent.id, { outcome: "keep", notes: "still needed" }, fx.actor);
    expect((await row()).reviewOverdue).toBe(false);
    await recordAccessReview(db, agent.id, { outcome: "revoke" }, fx.actor);
    expect((await row()).status).toBe("retired");
    await db.delete(settings).where(eq(settings.key, "review_period_days"));
  });
});
