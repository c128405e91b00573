import { afterAll, beforeAll, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { agentSessions, auditEvents } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { resetControlCache } from "@/lib/registry/control";
import { flushAuthDenied, resetAuthDeniedThrottle } from "@/lib/auth/denied";
import { decisionFixture } from "./testing";
import { writerFor } from "./writer";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8"));
const REPO = { "x-gatehouse-repository": "acme/payments" };

// Sessions belong to the agent that opened them (issue 16) on the decision and hook paths, as on
// POST /api/v1/events (lib/audit/ingest-guards.int.test.ts): agent B naming agent A's session
// neither adds to A's timeline nor ends A's session.
describeEngines("sessions belong to their agent on the decision and hook paths", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  let alice: Awaited<ReturnType<Awaited<ReturnType<typeof decisionFixture>>["agent"]>>;
  let bob: typeof alice;
  const decide = (token: string, session_id: string) =>
    api.request("POST", "/api/v1/decisions", {
      token,
      body: { action: { type: "file.read", tool: "Read", repository: "acme/payments", resource: "src/a.ts" }, session_id },
    });
  const hook = (route: string, token: string, body: unknown) => api.request("POST", `/api/hooks/${route}`, { token, body, headers: REPO });
  const inSession = async (sid: string, agentId: string) => {
    await writerFor(get().db).drain();
    return get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.sessionId, sid), eq(auditEvents.agentId, agentId)));
  };
  const session = async (sid: string) => {
    await writerFor(get().db).drain();
    const [s] = await get().db.select().from(agentSessions).where(eq(agentSessions.id, sid));
    return s;
  };
  beforeAll(async () => {
    resetControlCache();
    api = await startTestApi(get());
    fx = await decisionFixture(get().db, "own");
    alice = await fx.agent("own-alice");
    bob = await fx.agent("own-bob");
  });
  afterAll(() => api.close());

  it("POST /api/v1/decisions: another agent's session_id → 403 session_not_owned (API.md error body), nothing recorded in it", async () => {
    const sid = `dec-${randomUUID()}`;
    expect((await decide(alice.token, sid)).json.decision).toBe("allow");
    // the decision opened the session for alice; her next call finds it hers (and remembers that)
    expect(await session(sid)).toMatchObject({ agentId: alice.agent.id, endedAt: null });
    expect((await decide(alice.token, sid)).status).toBe(200);
    resetAuthDeniedThrottle();
    const r = await decide(bob.token, sid);
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ error: { code: "session_not_owned", message: expect.stringMatching(/belongs to another agent/) } });
    expect(await inSession(sid, bob.agent.id)).toHaveLength(0);
    // the refusal is in the audit trail as a refused credential use
    await flushAuthDenied();
    const denied = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "auth.denied"), eq(auditEvents.agentId, bob.agent.id)));
    expect(denied.map((d) => d.payload)).toContainEqual(expect.objectContaining({ status: 403, path: "/api/v1/decisions" }));
    // refused again, and alice goes on
    expect((await decide(bob.token, sid)).status).toBe(403);
    expect((await decide(alice.token, sid)).status).toBe(200);
    expect(await inSession(sid, alice.agent.id)).toHaveLength(3);
  });

  it("a session opened on the events path is refused on the decision path, and one opened by a decision on the events path", async () => {
    const sid = `ev-${randomUUID()}`;
    const ev = (type: string) => ({ id: randomUUID(), type, session_id: sid });
    expect((await api.request("POST", "/api/v1/events", { token: alice.token, body: { events: [ev("session.start")] } })).json.accepted).toBe(1);
    expect((await decide(bob.token, sid)).status).toBe(403);
    const sid2 = `dec2-${randomUUID()}`;
    expect((await decide(bob.token, sid2)).status).toBe(200);
    const r = await api.request("POST", "/api/v1/events", {
      token: alice.token,
      body: { events: [{ id: randomUUID(), type: "session.end", session_id: sid2 }] },
    });
    expect(r.json).toMatchObject({ accepted: 0, rejected: [{ index: 0, error: "session_id: this session belongs to another agent" }] });
    expect(await session(sid2)).toMatchObject({ agentId: bob.agent.id, endedAt: null });
  });

  it("two agents racing to open one new session: exactly one gets it, the other is refused and writes nothing (decisions and hooks)", async () => {
    const bash = (sid: string) => ({ ...fixture("claude-pretooluse-bash.json"), session_id: sid });
    for (let i = 0; i < 6; i++) {
      const sid = `race-${i}-${randomUUID()}`;
      const viaHook = i % 2 === 1;
      const [ra, rb] = await Promise.all([alice, bob].map((x) => (viaHook ? hook("claude-code", x.token, bash(sid)) : decide(x.token, sid))));
      const won = viaHook ? [ra, rb].map((r) => r.json.hookSpecificOutput.permissionDecision === "allow") : [ra, rb].map((r) => r.status === 200);
      expect(won.filter(Boolean), `round ${i}`).toHaveLength(1);
      const [winner, loser] = won[0] ? [alice, bob] : [bob, alice];
      const refused = won[0] ? rb : ra;
      if (viaHook) expect(refused.json.hookSpecificOutput.permissionDecisionReason).toMatch(/opened by another agent/);
      else expect(refused.json.error.code).toBe("session_not_owned");
      expect((await session(sid)).agentId).toBe(winner.agent.id);
      expect(await inSession(sid, loser.agent.id)).toHaveLength(0);
      expect(await inSession(sid, winner.agent.id)).toHaveLength(1);
    }
  });

  it("hooks: a deciding event naming another agent's session is a deny that says why, in each format; nothing is recorded in it", async () => {
    const sid = randomUUID();
    const claude = { ...fixture("claude-pretooluse-bash.json"), session_id: sid };
    const cursor = { ...fixture("cursor-beforeshellexecution.json"), conversation_id: sid };
    const copilot = { ...fixture("copilot-pretooluse-bash.json"), sessionId: sid };
    expect((await hook("claude-code", alice.token, claude)).json.hookSpecificOutput.permissionDecision).toBe("allow");
    expect(await session(sid)).toMatchObject({ agentId: alice.agent.id });
    const before = (await inSession(sid, alice.agent.id)).length;

    const c = await hook("claude-code", bob.token, claude);
    expect(c.status).toBe(200);
    expect(c.json.hookSpecificOutput).toMatchObject({ permissionDecision: "deny", permissionDecisionReason: expect.stringMatching(/opened by another agent/) });
    const cu = await hook("cursor", bob.token, cursor);
    expect(cu.json).toMatchObject({ permission: "deny", user_message: expect.stringMatching(/opened by another agent/) });
    const co = await hook("copilot", bob.token, copilot);
    expect(co.json).toMatchObject({ permissionDecision: "deny", permissionDecisionReason: expect.stringMatching(/opened by another agent/) });
    expect(await inSession(sid, bob.agent.id)).toHaveLength(0);
    // alice's own calls in her session still go through
    expect((await hook("claude-code", alice.token, claude)).json.hookSpecificOutput.permissionDecision).toBe("allow");
    expect((await inSession(sid, alice.agent.id)).length).toBe(before + 1);
  });

  it("hooks: another agent cannot end the session or add recorded events to it (403 session_not_owned); its owner can", async () => {
    const sid = randomUUID();
    const start = { ...fixture("claude-sessionstart.json"), session_id: sid };
    expect((await hook("claude-code", alice.token, start)).status).toBe(200);
    expect(await session(sid)).toMatchObject({ agentId: alice.agent.id, endedAt: null });

    const end = await hook("claude-code", bob.token, { ...fixture("claude-sessionend.json"), session_id: sid });
    expect(end.status).toBe(403);
    expect(end.json.error.code).toBe("session_not_owned");
    const post = await hook("claude-code", bob.token, { ...fixture("claude-posttooluse-edit.json"), session_id: sid });
    expect(post.status).toBe(403);
    expect(await inSession(sid, bob.agent.id)).toHaveLength(0);
    expect(await session(sid)).toMatchObject({ agentId: alice.agent.id, endedAt: null });

    expect((await hook("claude-code", alice.token, { ...fixture("claude-sessionend.json"), session_id: sid })).status).toBe(200);
    expect((await session(sid)).endedAt).not.toBeNull();
  });
});
