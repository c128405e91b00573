// Issue 16: an event time that verify re-read differently (year 0001 → 2001) made verify fail
// for ever; year 0000 was a 500; clients could write Gatehouse's own governance event types.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { transaction } from "@/db/client";
import { agentSessions, auditEvents } from "@/db/schema";
import { appendAuditEvents } from "./record";
import { seedAgent, seedIntegrationToken } from "./test-fixtures";
import { verifyAuditChain } from "./verify";

const ev = (over: Record<string, unknown> = {}) => ({ id: randomUUID(), type: "tool.post", action: { type: "shell.exec", command: "ls" }, ...over });

describeEngines("ingest guards: canonical times, reserved event types", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let agentToken: string;
  let ciToken: string;
  beforeAll(async () => {
    api = await startTestApi(get());
    agentToken = (await seedAgent(get().db, "guard-bot")).token;
    await seedAgent(get().db, "guard-other");
    ciToken = await seedIntegrationToken(get().db, ["events:write"]);
  });
  afterAll(() => api.close());

  it("refuses out-of-range times per event (no 500), stores the good ones, and the chain verifies", async () => {
    const bad = [
      "0000-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
      "0999-12-31T23:59:59Z",
      "1969-12-31T23:59:59Z",
      "9999-12-31T23:59:59Z",
      new Date(Date.now() + 3 * 86_400_000).toISOString(),
    ];
    const good = [new Date().toISOString(), "2001-01-01T00:00:00.123+02:00", "1970-01-01T00:00:00Z"];
    const events = [...bad.map((time) => ev({ time })), ...good.map((time) => ev({ time }))];
    const r = await api.request("POST", "/api/v1/events", { token: agentToken, body: { events } });
    expect(r.status).toBe(202);
    expect(r.json.accepted).toBe(good.length);
    expect(r.json.rejected.map((x: { index: number }) => x.index)).toEqual(bad.map((_, i) => i));
    for (const x of r.json.rejected) expect(x.error).toMatch(/^time: /);
    const stored = await get().db.select({ time: auditEvents.time }).from(auditEvents).where(eq(auditEvents.agentSlug, "guard-bot"));
    expect(stored.map((s) => s.time.toISOString()).sort()).toEqual(good.map((t) => new Date(t).toISOString()).sort());
    expect((await verifyAuditChain(get().db)).ok).toBe(true);
  });

  it("verifies rows stored before the range check with years below 1000 (were re-read as 2001)", async () => {
    const { db } = get();
    await transaction(db, (tx) =>
      appendAuditEvents(tx, [
        { actorKind: "agent", type: "tool.post", agentSlug: "old", time: new Date("0001-01-01T00:00:00Z") },
        { actorKind: "agent", type: "tool.post", agentSlug: "old", time: new Date("0999-06-30T12:34:56.789Z") },
        { actorKind: "agent", type: "tool.post", agentSlug: "old", time: new Date("2026-01-01T00:00:00Z") },
      ]),
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, first_bad: null });
  });

  it.each([
    "agent.kill",
    "Agent.Kill",
    "approval.approve",
    "approval.decided",
    "decision",
    "policy.change",
    "auth.denied",
    "person.role_change",
    "audit.export",
  ])("refuses the reserved type %s from agent and integration tokens", async (type) => {
    const r1 = await api.request("POST", "/api/v1/events", { token: agentToken, body: { events: [ev({ type }), ev()] } });
    expect(r1.status).toBe(202);
    expect(r1.json.accepted).toBe(1);
    expect(r1.json.rejected).toEqual([{ index: 0, error: expect.stringMatching(/written by Gatehouse itself/) }]);
    const r2 = await api.request("POST", "/api/v1/events", { token: ciToken, body: { events: [ev({ type, agent: "guard-other" })] } });
    expect(r2.json).toMatchObject({ accepted: 0, rejected: [{ index: 0 }] });
    const rows = await get().db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.type, type));
    expect(rows).toHaveLength(0);
  });

  it("accepts the types agents report", async () => {
    const types = [
      "tool.pre",
      "tool.post",
      "tool.failure",
      "session.start",
      "session.end",
      "prompt",
      "commit",
      "deploy",
      "mcp.github.create_pull_request",
      "telemetry.api_request",
      "agents.custom",
    ];
    const r = await api.request("POST", "/api/v1/events", { token: agentToken, body: { events: types.map((type) => ev({ type })) } });
    expect(r.json).toEqual({ accepted: types.length, duplicates: 0, rejected: [] });
  });
});

describeEngines("sessions belong to the agent that opened them", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let alice: string;
  let bob: string;
  let ciToken: string;
  beforeAll(async () => {
    api = await startTestApi(get());
    alice = (await seedAgent(get().db, "sess-alice")).token;
    bob = (await seedAgent(get().db, "sess-bob")).token;
    ciToken = await seedIntegrationToken(get().db, ["events:write"]);
  });
  afterAll(() => api.close());

  const post = (token: string, events: unknown[]) => api.request("POST", "/api/v1/events", { token, body: { events } });

  it("another agent cannot add events to a session or end it, with an agent or an integration token", async () => {
    const sid = `s-${randomUUID()}`;
    expect((await post(alice, [ev({ type: "session.start", session_id: sid })])).json.accepted).toBe(1);
    const r = await post(bob, [ev({ session_id: sid }), ev({ type: "session.end", session_id: sid }), ev({ session_id: `${sid}-bob` })]);
    expect(r.status).toBe(202);
    expect(r.json.accepted).toBe(1);
    expect(r.json.rejected).toEqual([
      { index: 0, error: "session_id: this session belongs to another agent" },
      { index: 1, error: "session_id: this session belongs to another agent" },
    ]);
    const r2 = await post(ciToken, [ev({ session_id: sid, agent: "sess-bob" }), ev({ session_id: sid, agent: "sess-alice" })]);
    expect(r2.json).toMatchObject({ accepted: 1, rejected: [{ index: 0 }] });
    const rows = await get().db.select({ slug: auditEvents.agentSlug }).from(auditEvents).where(eq(auditEvents.sessionId, sid));
    expect(rows.map((x) => x.slug)).toEqual(["sess-alice", "sess-alice"]);
    const [s] = await get().db.select().from(agentSessions).where(eq(agentSessions.id, sid));
    expect(s.endedAt).toBeNull();
    expect((await post(alice, [ev({ type: "session.end", session_id: sid })])).json.accepted).toBe(1);
  });

  it("a session new in one batch belongs to its first event's agent", async () => {
    const sid = `s-${randomUUID()}`;
    const r = await post(ciToken, [
      ev({ session_id: sid, agent: "sess-bob" }),
      ev({ session_id: sid, agent: "sess-alice" }),
      ev({ session_id: sid, agent: "sess-bob" }),
    ]);
    expect(r.json).toMatchObject({ accepted: 2, rejected: [{ index: 1 }] });
    const [s] = await get().db.select().from(agentSessions).where(eq(agentSessions.id, sid));
    expect(s.agentSlug).toBe("sess-bob");
  });

  it("two agents racing to open the same new session: one owns it, the other's events are refused", async () => {
    const sid = `s-${randomUUID()}`;
    const [a, b] = await Promise.all([post(alice, [ev({ session_id: sid })]), post(bob, [ev({ session_id: sid })])]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.json.accepted + b.json.accepted).toBe(1);
    const rows = await get().db.select({ slug: auditEvents.agentSlug }).from(auditEvents).where(eq(auditEvents.sessionId, sid));
    const [s] = await get().db.select().from(agentSessions).where(eq(agentSessions.id, sid));
    expect(rows.map((x) => x.slug)).toEqual([s.agentSlug]);
  });
});
