import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { agentSessions, agents, auditEvents, shadowAgents, violationEvidence, violations } from "@/db/schema";
import { SECRET_CORPUS } from "@/lib/redaction/corpus";
import { ingestLimits } from "./api";
import { seedAgent, seedIntegrationToken } from "./test-fixtures";
import { verifyAuditChain } from "./verify";

const ev = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  time: new Date().toISOString(),
  type: "tool.post",
  session_id: "sess-1",
  action: { type: "shell.exec", tool: "Bash", command: "npm test", repository: "acme/payments" },
  outcome: "success",
  payload: { stdout: "ok" },
  ...over,
});

describeEngines("POST /api/v1/events", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let agentToken: string;
  let agentId: string;
  let ciToken: string;
  beforeAll(async () => {
    api = await startTestApi(get());
    const a = await seedAgent(get().db, "ingest-bot");
    agentToken = a.token;
    agentId = a.agent.id;
    ciToken = await seedIntegrationToken(get().db, ["events:write"]);
  });
  afterAll(() => api.close());

  it("stores a batch, answers 202 after commit, and a retry makes no second row", async () => {
    const events = [ev(), ev({ type: "tool.pre" }), ev({ type: "session.end" })];
    const r1 = await api.request("POST", "/api/v1/events", { token: agentToken, body: { events } });
    expect(r1.status).toBe(202);
    expect(r1.json).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const r2 = await api.request("POST", "/api/v1/events", { token: agentToken, body: { events } });
    expect(r2.json).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
    const rows = await get().db.select().from(auditEvents).where(eq(auditEvents.sessionId, "sess-1"));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.agentId === agentId && r.agentSlug === "ingest-bot")).toBe(true);
    const [s] = await get().db.select().from(agentSessions).where(eq(agentSessions.id, "sess-1"));
    expect(s.agentId).toBe(agentId);
    expect(s.endedAt).not.toBeNull();
    const [a] = await get().db.select().from(agents).where(eq(agents.id, agentId));
    expect(a.lastSeenAt).not.toBeNull();
  });

  it("reports (not overwrites) an id reused with a different body", async () => {
    const e = ev();
    await api.request("POST", "/api/v1/events", { token: agentToken, body: { events: [e] } });
    const r = await api.request("POST", "/api/v1/events", { token: agentToken, body: { events: [{ ...e, outcome: "failure" }] } });
    expect(r.status).toBe(202);
    expect(r.json.accepted).toBe(0);
    expect(r.json.rejected[0].index).toBe(0);
    expect(r.json.rejected[0].error).toMatch(/different body/);
    const [row] = await get().db.select().from(auditEvents).where(eq(auditEvents.clientId, e.id));
    expect(row.outcome).toBe("success");
  });

  it("stores the good events of a batch with bad ones and names each bad index", async () => {
    const good = [ev(), ev()];
    const r = await api.request("POST", "/api/v1/events", {
      token: agentToken,
      body: { events: [good[0], { type: "tool.post" }, { id: "x", type: "" }, good[1], { ...ev(), outcome: "maybe" }] },
    });
    expect(r.status).toBe(202);
    expect(r.json.accepted).toBe(2);
    expect(r.json.rejected.map((x: { index: number }) => x.index)).toEqual([1, 2, 4]);
    const stored = await get()
      .db.select({ id: auditEvents.clientId })
      .from(auditEvents)
      .where(sql`${auditEvents.clientId} in (${good[0].id}, ${good[1].id})`);
    expect(stored).toHaveLength(2);
  });

  it("requires the agent with an integration token and flags unregistered agents as shadow agents", async () => {
    const r = await api.request("POST", "/api/v1/events", {
      token: ciToken,
      // sess-1 is ingest-bot's session: another agent's events name their own (sessions belong to their agent)
      body: {
        events: [ev({ agent: "ingest-bot" }), ev({ agent: "rogue-bot", session_id: "sess-rogue" }), ev({ agent: "rogue-bot", session_id: "sess-rogue" }), ev()],
      },
    });
    expect(r.status).toBe(202);
    expect(r.json.accepted).toBe(3);
    expect(r.json.rejected).toEqual([{ index: 3, error: expect.stringMatching(/agent/) }]);
    const rogue = await get().db.select().from(auditEvents).where(eq(auditEvents.agentSlug, "rogue-bot"));
    expect(rogue).toHaveLength(2);
    expect(rogue[0].agentId).toBeNull();
    const [shadow] = await get().db.select().from(shadowAgents).where(eq(shadowAgents.identifier, "rogue-bot"));
    expect(shadow.sightings).toBe(2);
    const [v] = await get().db.select().from(violations).where(eq(violations.groupKey, "shadow_agent:rogue-bot"));
    expect(v.kind).toBe("shadow_agent");
    // a second sighting within the hour folds into the same violation
    await api.request("POST", "/api/v1/events", { token: ciToken, body: { events: [ev({ agent: "rogue-bot", session_id: "sess-rogue" })] } });
    const again = await get().db.select().from(violations).where(eq(violations.groupKey, "shadow_agent:rogue-bot"));
    expect(again).toHaveLength(1);
    expect(again[0].count).toBe(2);
  });

  it("redacts every corpus secret before storage (checked in the table) and raises secret_exposure", async () => {
    const events = SECRET_CORPUS.map((c, i) =>
      ev({
        session_id: "sess-secrets",
        action: { type: "shell.exec", command: c.text, resource: i % 2 ? c.text : "src/x.ts" },
        payload: { deep: [{ out: c.text }], ...(c.standalone ? { [`k${i}`]: c.secret } : {}) },
        rollback_ref: c.standalone ? c.secret : undefined,
      }),
    );
    const r = await api.request("POST", "/api/v1/events", { token: agentToken, body: { events } });
    expect(r.json.accepted).toBe(SECRET_CORPUS.length);
    // Every column of every row, as text, straight from the database.
    const dump = await get().db.execute(sql`SELECT row_to_json(a)::text AS t FROM audit_events a`);
    const text = (dump as unknown as { rows: { t: string }[] }).rows.map((x) => x.t).join("\n");
    // (booleans, not toContain: a failure must not print stored rows or secrets)
    for (const c of SECRET_CORPUS) expect(text.includes(c.secret), c.rule).toBe(false);
    const rows = await get().db.select().from(auditEvents).where(eq(auditEvents.sessionId, "sess-secrets"));
    expect(rows.every((x) => x.redactions > 0)).toBe(true);
    const [v] = await get()
      .db.select()
      .from(violations)
      .where(eq(violations.groupKey, `secret_exposure:${agentId}`));
    expect(v.count).toBe(SECRET_CORPUS.length);
    const evidence = await get().db.select().from(violationEvidence).where(eq(violationEvidence.violationId, v.id));
    expect(evidence).toHaveLength(SECRET_CORPUS.length);
    const vtext = JSON.stringify(await get().db.select().from(violations));
    for (const c of SECRET_CORPUS) expect(vtext.includes(c.secret), c.rule).toBe(false);
  });

  it("answers 401/403/413/429 as API.md says", async () => {
    expect((await api.request("POST", "/api/v1/events", { body: { events: [] } })).status).toBe(401);
    const ro = await seedIntegrationToken(get().db, ["audit:read"]);
    expect((await api.request("POST", "/api/v1/events", { token: ro, body: { events: [] } })).status).toBe(403);
    const many = Array.from({ length: 1001 }, () => ev());
    expect((await api.request("POST", "/api/v1/events", { token: agentToken, body: { events: many } })).status).toBe(413);
    const huge = { events: [ev({ payload: { blob: "x".repeat(5 * 1024 * 1024) } })] };
    expect((await api.request("POST", "/api/v1/events", { token: agentToken, body: huge })).status).toBe(413);
    const saved = { ...ingestLimits };
    ingestLimits.perSecond = 1;
    ingestLimits.burst = 2;
    try {
      const t = await seedIntegrationToken(get().db, ["events:write"]);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await api.request("POST", "/api/v1/events", { token: t, body: { events: [] } });
        statuses.push(r.status);
        if (r.status === 429) expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      }
      expect(statuses).toContain(429);
    } finally {
      Object.assign(ingestLimits, saved);
    }
  });

  it("keeps a __proto__ key in a payload as data, covered by the hash", async () => {
    const id = randomUUID();
    const raw = `{"events":[{"id":"${id}","type":"tool.post","payload":{"__proto__":{"polluted":true},"ok":1}}]}`;
    const r = await api.request("POST", "/api/v1/events", { token: agentToken, raw });
    expect(r.json.accepted).toBe(1);
    const [row] = await get().db.select().from(auditEvents).where(eq(auditEvents.clientId, id));
    expect(JSON.stringify(row.payload)).toContain("polluted");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("hashes payloads exactly as the verifier recomputes them from the stored rows", async () => {
    // Payload text the stored jsonb hands back differently from how it was sent: huge and
    // negative-zero numbers, escapes, non-BMP characters, a lone surrogate and NUL (both
    // replaced), key order, deep nesting, a redacted secret — each row's hash is checked.
    const payloads = [
      `{"n":1e400,"z":-0,"f":1.50,"big":12345678901234567890}`,
      `{"b":"\\u00e9\\n\\t\\"q\\"","a":"😀 emoji","k":[3,1,{"y":2,"x":1}]}`,
      `{"lone":"x\\ud800y","nul":"a\\u0000b","\\u0000key":1}`,
      `{"deep":{"a":{"b":{"c":{"d":[[[{"e":null}]]]}}}},"empty":{},"arr":[]}`,
      `{"token":"${SECRET_CORPUS[0].text}","note":"kept"}`,
      `"just a string"`,
      `[1,"two",{"three":3}]`,
    ];
    const ids = payloads.map(() => randomUUID());
    const raw = `{"events":[${payloads.map((p, i) => `{"id":"${ids[i]}","type":"tool.post","payload":${p}}`).join(",")}]}`;
    const r = await api.request("POST", "/api/v1/events", { token: agentToken, raw });
    expect(r.status).toBe(202);
    expect(r.json.accepted).toBe(payloads.length);
    const rows = await get()
      .db.select()
      .from(auditEvents)
      .where(sql`${auditEvents.clientId} IN ${ids}`);
    expect(rows).toHaveLength(payloads.length);
    expect(JSON.stringify(rows.map((x) => x.payload))).not.toContain(SECRET_CORPUS[0].text);
    const res = await verifyAuditChain(get().db);
    expect(res).toMatchObject({ ok: true, first_bad: null });
  });

  it("leaves an intact chain", async () => {
    const res = await verifyAuditChain(get().db);
    expect(res).toMatchObject({ ok: true, first_bad: null });
  });
});
