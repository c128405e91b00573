import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { agentTokens, auditEvents } from "@/db/schema";
import { bumpControlVersion } from "./control";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { agentBody, registryFixture } from "./testing/fixtures";

describeEngines("registry management API", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof registryFixture>>;
  let write: string;
  let read: string;
  let other: string;
  beforeAll(async () => {
    api = await startTestApi(get());
    fx = await registryFixture(get().db, "api");
    write = await fx.token(["agents:write"]);
    read = await fx.token(["agents:read"]);
    other = await fx.token(["events:write"]);
  });
  afterAll(() => api.close());

  it("teams: 401 without token, 403 without scope, 201 then 409 on a duplicate slug, listed", async () => {
    expect((await api.request("POST", "/api/v1/teams", { body: { slug: "infra", name: "Infra" } })).status).toBe(401);
    expect((await api.request("POST", "/api/v1/teams", { token: read, body: { slug: "infra", name: "Infra" } })).status).toBe(403);
    const created = await api.request("POST", "/api/v1/teams", { token: write, body: { slug: "infra", name: "Infra" } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ slug: "infra", name: "Infra" });
    const dup = await api.request("POST", "/api/v1/teams", { token: write, body: { slug: "infra", name: "Again" } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("conflict");
    const list = await api.request("GET", "/api/v1/teams", { token: read });
    expect(list.status).toBe(200);
    expect(list.json.teams.map((t: { slug: string }) => t.slug)).toContain("infra");
  });

  it("creates an agent (201) with its scope, team slug and sponsor email, audited", async () => {
    const r = await api.request("POST", "/api/v1/agents", { token: write, body: agentBody("one", fx.team.slug, fx.sponsor.email) });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      slug: "agent-one",
      status: "active",
      team: fx.team.slug,
      sponsor: fx.sponsor.email,
      toolchain: "claude-code 2.0.14",
      scope: { repositories: ["acme/*"], environments: ["dev", "staging"], endpoints: ["https://registry.npmjs.org"] },
    });
    const ev = await get().db.select().from(auditEvents).where(eq(auditEvents.agentId, r.json.id));
    expect(ev.map((e) => e.type)).toContain("agent.register");
    expect((ev.find((e) => e.type === "agent.register")?.payload as { after: { slug: string } }).after.slug).toBe("agent-one");
  });

  it("400 for a missing/unknown team or sponsor, an agent as sponsor, bad patterns; 409 for a duplicate slug", async () => {
    const post = (body: unknown) => api.request("POST", "/api/v1/agents", { token: write, body });
    expect((await post(agentBody("two", "no-such-team", fx.sponsor.email))).status).toBe(400);
    expect((await post(agentBody("two", fx.team.slug, "nobody@acme.test"))).status).toBe(400);
    expect((await post({ ...agentBody("two", fx.team.slug, fx.sponsor.email), sponsor: undefined })).status).toBe(400);
    expect((await post({ ...agentBody("two", fx.team.slug, fx.sponsor.email), team: undefined })).status).toBe(400);
    // An agent is never its own owner: its slug is not a person.
    expect((await post(agentBody("two", fx.team.slug, "agent-one"))).status).toBe(400);
    const bad = await post(agentBody("two", fx.team.slug, fx.sponsor.email, { scope: { endpoints: ["https://"] } }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_request");
    const dup = await post(agentBody("one", fx.team.slug, fx.sponsor.email));
    expect(dup.status).toBe(409);
    expect((await api.request("POST", "/api/v1/agents", { token: other, body: agentBody("three", fx.team.slug, fx.sponsor.email) })).status).toBe(403);
    expect((await api.request("POST", "/api/v1/agents", { body: agentBody("three", fx.team.slug, fx.sponsor.email) })).status).toBe(401);
  });

  it("lists agents with reads scope and filters", async () => {
    const r = await api.request("GET", `/api/v1/agents?team=${fx.team.slug}`, { token: read });
    expect(r.status).toBe(200);
    expect(r.json.agents).toHaveLength(1);
    expect(r.json.agents[0]).toMatchObject({ slug: "agent-one", team: fx.team.slug, sponsor: fx.sponsor.email, status: "active" });
    expect((await api.request("GET", "/api/v1/agents", { token: other })).status).toBe(403);
    expect((await api.request("GET", "/api/v1/agents?status=bogus", { token: read })).status).toBe(400);
  });

  it("tokens: issued once (201), work on the own agent only, kill → 403 agent_suspended, resume restores", async () => {
    const t = await api.request("POST", "/api/v1/agents/agent-one/tokens", { token: write, body: { ttl_seconds: 3600 } });
    expect(t.status).toBe(201);
    expect(t.json.token).toMatch(/^gat_/);
    expect(Date.parse(t.json.expires_at) - Date.now()).toBeGreaterThan(3500_000);
    const stored = await get().db.select().from(agentTokens).where(eq(agentTokens.id, t.json.id));
    expect(stored[0].hash).not.toContain(t.json.token.slice(4)); // only the hash is kept
    const agentTok: string = t.json.token;
    const own = await api.request("GET", "/api/v1/agents/agent-one", { token: agentTok });
    expect(own.status).toBe(200);
    expect(own.json.slug).toBe("agent-one");
    // another agent's resource → 403
    const second = await api.request("POST", "/api/v1/agents", { token: write, body: agentBody("second", fx.team.slug, fx.sponsor.email) });
    expect((await api.request("GET", `/api/v1/agents/${second.json.id}`, { token: agentTok })).status).toBe(403);
    // an agent token cannot manage the registry
    expect((await api.request("POST", "/api/v1/agents/agent-one/kill", { token: agentTok, body: { reason: "self" } })).status).toBe(403);
    expect((await api.request("POST", "/api/v1/agents/agent-one/kill", { token: write, body: {} })).status).toBe(400);
    expect((await api.request("POST", "/api/v1/agents/nope/kill", { token: write, body: { reason: "stop it" } })).status).toBe(404);

    const kill = await api.request("POST", `/api/v1/agents/${own.json.id}/kill`, { token: write, body: { reason: "leaking secrets" } });
    expect(kill.status).toBe(200);
    expect(kill.json.status).toBe("suspended");
    const denied = await api.request("GET", "/api/v1/agents/agent-one", { token: agentTok });
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe("agent_suspended");
    // integration readers still see it
    expect((await api.request("GET", "/api/v1/agents/agent-one", { token: read })).json.status).toBe("suspended");

    const resume = await api.request("POST", "/api/v1/agents/agent-one/resume", { token: write, body: { reason: "false alarm" } });
    expect(resume.status).toBe(200);
    expect(resume.json.status).toBe("active");
    expect((await api.request("GET", "/api/v1/agents/agent-one", { token: agentTok })).status).toBe(200);
  });

  it("refuses expired and revoked agent tokens with 401, and bad ttl with 400", async () => {
    const t = await api.request("POST", "/api/v1/agents/agent-one/tokens", { token: write, body: { ttl_seconds: 60 } });
    expect((await api.request("GET", "/api/v1/agents/agent-one", { token: t.json.token })).status).toBe(200);
    await get()
      .db.update(agentTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(agentTokens.id, t.json.id));
    await bumpControlVersion(get().db); // rows edited by hand: tell the token caches, as product writes do
    expect((await api.request("GET", "/api/v1/agents/agent-one", { token: t.json.token })).status).toBe(401);
    const t2 = await api.request("POST", "/api/v1/agents/agent-one/tokens", { token: write, body: {} });
    expect(Date.parse(t2.json.expires_at) - Date.now()).toBeGreaterThan(8 * 3600_000 - 60_000); // default 8 h
    await get().db.update(agentTokens).set({ revokedAt: new Date() }).where(eq(agentTokens.id, t2.json.id));
    await bumpControlVersion(get().db);
    expect((await api.request("GET", "/api/v1/agents/agent-one", { token: t2.json.token })).status).toBe(401);
    expect((await api.request("POST", "/api/v1/agents/agent-one/tokens", { token: write, body: { ttl_seconds: 91 * 86400 } })).status).toBe(400);
    expect((await api.request("GET", "/api/v1/agents/agent-one", { token: "gat_unknown" })).status).toBe(401);
  });
});
