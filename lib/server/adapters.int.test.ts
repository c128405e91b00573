// Issue 18: one route table, two adapters. Every case here runs against the lean node:http path
// and against the route table behind Next's catch-all (the Web `Request` Next passes), both
// behind the one dispatcher, on both engines: what a client sees must not depend on the path.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi, type TestAdapter } from "@/lib/testing/http";
import { clearProcessSingleton } from "@/lib/util/global";
import { DEFAULT_RATE_LIMIT } from "@/lib/http/api";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";
import { flushAuthDenied, resetAuthDeniedThrottle } from "@/lib/auth/denied";
import { freezeFleet, unfreezeFleet } from "@/lib/registry/lifecycle";
import { expectedAccess } from "@/lib/security/access-table";
import { securityFixture, type SecurityFixture } from "@/lib/security/fixtures";
import { WEBHOOK_SECRET, buildRequest, routeKey, sampleBody } from "@/lib/security/requests";
import { API_ROUTES } from "./api-routes";

const ADAPTERS: TestAdapter[] = ["lean", "next"];

function missingSecurityHeaders(headers: Headers): string[] {
  return Object.entries(SECURITY_HEADERS)
    .filter(([k, v]) => headers.get(k) !== v)
    .map(([k]) => k);
}

describeEngines("both adapters serve the one route table alike", (get) => {
  let fx: SecurityFixture;
  const previousSecret = process.env.GITHUB_WEBHOOK_SECRET;
  const saved = { ...DEFAULT_RATE_LIMIT };

  beforeAll(async () => {
    process.env.GITHUB_WEBHOOK_SECRET = WEBHOOK_SECRET;
    resetEnvCache();
    fx = await securityFixture(get().db);
  });
  afterAll(() => {
    if (previousSecret === undefined) delete process.env.GITHUB_WEBHOOK_SECRET;
    else process.env.GITHUB_WEBHOOK_SECRET = previousSecret;
    resetEnvCache();
  });
  beforeEach(() => clearProcessSingleton("rate-buckets"));
  afterEach(() => Object.assign(DEFAULT_RATE_LIMIT, saved));

  for (const adapter of ADAPTERS) {
    describe(`${adapter} adapter`, () => {
      let api: Awaited<ReturnType<typeof startTestApi>>;
      beforeAll(async () => {
        api = await startTestApi(get(), { adapter });
      });
      afterAll(() => api?.close());

      it("an anonymous caller gets 401 (or the declared refusal) on every route, never the body's validation errors; security headers on every answer", async () => {
        const wrong: string[] = [];
        for (const route of API_ROUTES) {
          const key = routeKey(route);
          const want = expectedAccess(key, "none");
          const req = buildRequest(route, "none", fx);
          // the malformed body only where there is a body to send
          const raw = req.raw !== undefined ? '{"not json": [1,' : undefined;
          const res = await api.request(req.method, req.path, { raw, headers: req.headers });
          const where = `${key} → ${res.status} ${res.text.slice(0, 160)}`;
          const missing = missingSecurityHeaders(res.headers);
          if (missing.length) wrong.push(`${where}: missing ${missing.join(", ")}`);
          if (want.allowed) {
            if (res.status >= 400) wrong.push(`${where} (public route)`);
          } else if (want.status === 200) {
            if (res.status !== 200) wrong.push(`${where} (expected a 200 deny)`);
          } else if (res.status !== want.status || res.json?.error?.code !== want.code || Object.keys(res.json ?? {}).join() !== "error") {
            wrong.push(`${where} (expected ${want.status} ${want.code})`);
          }
        }
        expect(wrong).toEqual([]);
      });

      it("unknown /api paths: the API.md 404 body, with the security headers", async () => {
        const res = await api.request("GET", "/api/v1/nope");
        expect(res.status).toBe(404);
        expect(res.json.error.code).toBe("not_found");
        expect(missingSecurityHeaders(res.headers)).toEqual([]);
      });

      it("a spoofed X-Forwarded-For is not trusted: the rate limit and auth.denied see the socket's address", async () => {
        Object.assign(DEFAULT_RATE_LIMIT, { perSecond: 0.01, burst: 5 });
        const statuses: number[] = [];
        for (let i = 0; i < 8; i++) statuses.push((await api.request("GET", "/api/v1/agents", { headers: { "x-forwarded-for": `203.0.113.${i}` } })).status);
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);

        clearProcessSingleton("rate-buckets");
        resetAuthDeniedThrottle();
        await api.request("GET", "/api/v1/teams", { token: fx.tokens.revoked, headers: { "x-forwarded-for": "203.0.113.200" } });
        await flushAuthDenied();
        const rows = await get().db.select().from(auditEvents).where(eq(auditEvents.type, "auth.denied"));
        const mine = rows.filter((r) => (r.payload as { path?: string }).path === "/api/v1/teams");
        expect(mine.length).toBeGreaterThan(0);
        expect(mine.map((r) => (r.payload as { ip?: string }).ip)).not.toContain("203.0.113.200");
        expect(mine.at(-1)?.payload).toMatchObject({ ip: "127.0.0.1", reason: "revoked", status: 401 });
        await get()
          .db.delete(auditEvents)
          .where(eq(auditEvents.type, "auth.denied"))
          .catch(() => undefined);
      });

      it("a frozen fleet: the agent may not act on any machine path (decisions, agent read, ingest, approval read, non-deciding hook)", async () => {
        const token = fx.tokens.agent_own;
        const events = () => api.request("POST", "/api/v1/events", { token, body: sampleBody("POST /api/v1/events", fx) });
        const approval = () => api.request("GET", `/api/v1/approvals/${fx.approvalA}`, { token });
        const postToolUse = () =>
          api.request("POST", "/api/hooks/claude-code", {
            token,
            body: {
              session_id: `s-${adapter}-${Math.random()}`,
              hook_event_name: "PostToolUse",
              cwd: "/work/repo",
              tool_name: "Read",
              tool_input: { file_path: "/work/repo/a.ts" },
              tool_response: {},
            },
          });
        // the same calls are accepted while the fleet runs
        expect((await events()).status).toBe(202);
        expect((await approval()).status).toBe(200);
        const running = await postToolUse();
        expect(running.status, running.text).toBe(200);
        expect(running.json?.continue).not.toBe(false);

        await freezeFleet(get().db, `adapter test (${adapter})`, fx.actor);
        try {
          const decision = await api.request("POST", "/api/v1/decisions", {
            token,
            body: { action: { type: "file.read", tool: "Read", repository: "acme/payments", resource: "src/index.ts" } },
          });
          expect(decision.status, decision.text).toBe(200);
          expect(decision.json.decision).toBe("deny");
          for (const [what, res] of [
            ["agent read", await api.request("GET", `/api/v1/agents/${fx.a.agent.id}`, { token })],
            ["event ingest", await events()],
            ["approval read", await approval()],
          ] as const) {
            expect(res.status, `${what}: ${res.text}`).toBe(403);
            expect(res.json.error.code, what).toBe("agent_suspended");
            expect(missingSecurityHeaders(res.headers), what).toEqual([]);
          }
          // a non-deciding hook event: not recorded, and the client is told to end the session
          const hook = await postToolUse();
          expect(hook.status, hook.text).toBe(200);
          expect(hook.json).toMatchObject({ continue: false });
          expect(hook.json.stopReason).toMatch(/frozen/);
        } finally {
          await unfreezeFleet(get().db, "adapter test done", fx.actor);
        }
      });
    });
  }
});
