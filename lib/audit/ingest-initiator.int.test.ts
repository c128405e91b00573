// Issue 15/16: an initiator is stored in one comparable form (lib/approvals/initiators.ts
// normalizeEmail) whichever path reported it — events, decisions or hooks — so segregation of
// duties and the session's "who started it" compare like with like.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { agentSessions, auditEvents } from "@/db/schema";
import { resetControlCache } from "@/lib/registry/control";
import { decisionFixture } from "@/lib/decisions/testing";
import { writerFor } from "@/lib/decisions/writer";

describeEngines("POST /api/v1/events normalises initiated_by as the decision and hook paths do", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let token: string;
  beforeAll(async () => {
    resetControlCache();
    api = await startTestApi(get());
    const fx = await decisionFixture(get().db, "init");
    token = (await fx.agent("init-bot")).token;
  });
  afterAll(() => api.close());

  const stored = async (sid: string) => {
    await writerFor(get().db).drain();
    return get().db.select({ type: auditEvents.type, initiatedBy: auditEvents.initiatedBy }).from(auditEvents).where(eq(auditEvents.sessionId, sid));
  };

  it("one person, three paths, one stored form (events, the session, decisions, hooks)", async () => {
    const sid = `init-${randomUUID()}`;
    const who = "  Dev@Acme.TEST ";
    const ev = await api.request("POST", "/api/v1/events", {
      token,
      body: { events: [{ id: randomUUID(), type: "session.start", session_id: sid, initiated_by: who }] },
    });
    expect(ev.json).toMatchObject({ accepted: 1, rejected: [] });
    const dec = await api.request("POST", "/api/v1/decisions", {
      token,
      body: { action: { type: "file.read", repository: "acme/payments", resource: "src/a.ts" }, session_id: sid, initiated_by: who },
    });
    expect(dec.status).toBe(200);
    const hook = await api.request("POST", "/api/hooks/claude-code", {
      token,
      headers: { "x-gatehouse-repository": "acme/payments", "x-gatehouse-initiated-by": who },
      body: { hook_event_name: "PreToolUse", session_id: sid, cwd: "/work/payments", tool_name: "Read", tool_input: { file_path: "/work/payments/src/a.ts" } },
    });
    expect(hook.status).toBe(200);
    const rows = await stored(sid);
    expect(rows.map((r) => r.type).sort()).toEqual(["decision", "decision", "session.start"]);
    expect(new Set(rows.map((r) => r.initiatedBy))).toEqual(new Set(["dev@acme.test"]));
    const [s] = await get().db.select().from(agentSessions).where(eq(agentSessions.id, sid));
    expect(s.initiatedBy).toBe("dev@acme.test");
  });

  it("a blank initiated_by is no initiator", async () => {
    const sid = `blank-${randomUUID()}`;
    const r = await api.request("POST", "/api/v1/events", {
      token,
      body: { events: [{ id: randomUUID(), type: "session.start", session_id: sid, initiated_by: "   " }] },
    });
    expect(r.json.accepted).toBe(1);
    expect((await stored(sid))[0].initiatedBy).toBeNull();
    const [s] = await get().db.select().from(agentSessions).where(eq(agentSessions.id, sid));
    expect(s.initiatedBy).toBeNull();
  });
});
