import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { agentTokens, auditEvents } from "@/db/schema";
import { verifyAuditChain } from "@/lib/audit/verify";
import { decisionFixture } from "@/lib/decisions/testing";
import { resetControlCache } from "@/lib/registry/control";
import { killAgent } from "@/lib/registry/lifecycle";
import { revokeAgentToken } from "@/lib/registry/tokens";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { MAX_PER_MINUTE, flushAuthDenied, resetAuthDeniedThrottle } from "./denied";

describeEngines("auth.denied: refused machine credentials are audited, throttled", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  const decide = (token: string | undefined, headers: Record<string, string> = {}) =>
    api.request("POST", "/api/v1/decisions", { token, body: { action: { type: "file.read" } }, headers });
  const denied = async () => {
    await flushAuthDenied();
    return get().db.select().from(auditEvents).where(eq(auditEvents.type, "auth.denied")).orderBy(auditEvents.seq);
  };
  const payloadOf = (e: { payload: unknown }) => e.payload as Record<string, unknown>;
  // Events are written after their answers, concurrently: their order in the chain is not the
  // order of the requests, so they are looked up by reason.
  const byReason = <T extends { payload: unknown }>(rows: T[], reasons: string[]) => {
    expect(rows.map((e) => String(payloadOf(e).reason)).sort()).toEqual([...reasons].sort());
    return reasons.map((r) => rows.find((e) => payloadOf(e).reason === r)!);
  };
  const tag = () => randomBytes(4).toString("hex");

  beforeAll(async () => {
    resetControlCache();
    api = await startTestApi(get());
    fx = await decisionFixture(get().db, "den");
  });
  beforeEach(async () => {
    await flushAuthDenied();
    resetAuthDeniedThrottle();
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    await flushAuthDenied();
    await api?.close();
  });

  it("valid requests and requests without a token write nothing", async () => {
    const { token } = await fx.agent("fine");
    expect((await decide(token)).status).toBe(200);
    expect((await decide(undefined)).status).toBe(401);
    expect(await denied()).toEqual([]);
  });

  it("revoked, expired and unknown agent tokens: one event each, with reason, agent, prefix, path and address", async () => {
    const revoked = await fx.agent("revoked");
    await revokeAgentToken(get().db, revoked.tokenId, "leaked", fx.actor);
    const expired = await fx.agent("expired");
    await get()
      .db.update(agentTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(agentTokens.id, expired.tokenId));
    resetControlCache();
    const unknown = "gat_NeverIssued00000000000000000000";

    expect((await decide(revoked.token)).status).toBe(401);
    expect((await decide(expired.token)).status).toBe(401);
    expect((await decide(unknown)).status).toBe(401);

    const all = await denied();
    const rows = byReason(all, ["revoked", "expired", "unknown"]);
    expect(rows[0]).toMatchObject({ actorKind: "system", agentId: revoked.agent.id, agentSlug: revoked.agent.slug, outcome: "denied" });
    expect(payloadOf(rows[0])).toMatchObject({
      status: 401,
      token_prefix: revoked.token.slice(0, 12),
      token_kind: "agent",
      method: "POST",
      path: "/api/v1/decisions",
      ip: "127.0.0.1",
    });
    expect(rows[1].agentId).toBe(expired.agent.id);
    expect(rows[2]).toMatchObject({ agentId: null, agentSlug: null });
    expect(payloadOf(rows[2]).token_prefix).toBe(unknown.slice(0, 12));
    // nothing of the secret part beyond the display prefix is stored
    expect(JSON.stringify(all)).not.toContain(revoked.token.slice(12));
    expect((await verifyAuditChain(get().db)).ok).toBe(true);
  });

  it("403s: a suspended agent's token and a token without the scope; a foreign token keeps no prefix", async () => {
    const before = (await denied()).length;
    const killed = await fx.agent("killed");
    await killAgent(get().db, killed.agent.id, "test", fx.actor);
    const r = await api.request("GET", `/api/v1/agents/${killed.agent.id}`, { token: killed.token });
    expect(r.status).toBe(403);
    const eventsOnly = await fx.token(["events:write"]);
    expect((await api.request("GET", "/api/v1/agents", { token: eventsOnly })).status).toBe(403);
    expect((await decide("ghp_someoneElsesSecret1234567890")).status).toBe(401);

    const rows = byReason((await denied()).slice(before), ["agent_suspended", "forbidden", "unknown"]);
    expect(rows[0]).toMatchObject({ agentId: killed.agent.id });
    expect(payloadOf(rows[0])).toMatchObject({ status: 403, path: `/api/v1/agents/${killed.agent.id}` });
    expect(payloadOf(rows[1])).toMatchObject({ token_kind: "integration", token_prefix: eventsOnly.slice(0, 12) });
    expect(payloadOf(rows[2])).toMatchObject({ token_kind: null, token_prefix: null });
    expect(JSON.stringify(rows[2])).not.toContain("someoneElses");
  });

  it("a flood is throttled: one event per token prefix and address per minute, the repeats counted into the next", async () => {
    // Date only (the database's own timers keep running): every request lands in one minute.
    const start = Math.ceil(Date.now() / 60_000) * 60_000 + 1_000;
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const before = (await denied()).length;
    // (a fresh token per run: the route's rate limit is keyed by the token's first characters)
    const token = `gat_${tag()}FloodFlood0000000000000`;
    for (let i = 0; i < 50; i++) expect((await decide(token)).status).toBe(401);
    let rows = (await denied()).slice(before);
    expect(rows).toHaveLength(1);

    vi.setSystemTime(start + 60_000);
    expect((await decide(token)).status).toBe(401);
    rows = (await denied()).slice(before);
    expect(rows).toHaveLength(2);
    expect(payloadOf(rows[1])).toMatchObject({ reason: "unknown", suppressed_before: 49 });
  });

  it("many different tokens: at most MAX_PER_MINUTE events a minute, the rest counted", async () => {
    const start = Math.ceil(Date.now() / 60_000) * 60_000 + 1_000;
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const before = (await denied()).length;
    const extra = 15;
    for (let i = 0; i < MAX_PER_MINUTE + extra; i++) {
      const t = `gat_${tag()}${String(i).padStart(4, "0")}Spray0000000000000000`;
      expect((await decide(t)).status).toBe(401);
    }
    expect((await denied()).slice(before)).toHaveLength(MAX_PER_MINUTE);

    vi.setSystemTime(start + 60_000);
    expect((await decide(`gat_${tag()}AfterTheSpray000000000`)).status).toBe(401);
    const rows = (await denied()).slice(before);
    expect(rows).toHaveLength(MAX_PER_MINUTE + 1);
    expect(payloadOf(rows.at(-1)!)).toMatchObject({ dropped_other: extra });
    expect((await verifyAuditChain(get().db)).ok).toBe(true);
  });
});
