// Authorization matrix (issue 8, OWASP API1 BOLA / API5 BFLA): every machine route × every
// caller kind over real HTTP, every server action × every role against a real session row,
// each answer compared with the ONE declared table in ./access-table.ts.
import path from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { API_ROUTES } from "@/lib/server/api-routes";
import { resetEnvCache } from "@/lib/env";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { setProcessDb } from "@/db/client";
import { teams, users } from "@/db/schema";
import { createUserSession } from "@/lib/auth/people";
import {
  ACTION_ACCESS,
  CALLER_KINDS,
  DASHBOARD_ROUTE_DIR,
  NON_MACHINE_ROUTE_FILES,
  ROUTE_ACCESS,
  SESSION_ROUTE_ACCESS,
  actionTableMismatches,
  expectedAccess,
} from "./access-table";
import { securityFixture, type SecurityFixture } from "./fixtures";
import { WEBHOOK_SECRET, buildRequest, routeKey } from "./requests";
import { listRouteFiles, urlPathOf, walk } from "./route-files";

// Only next-auth's session lookup is replaced (it needs Next's request context): it hands out
// the id of a REAL user_sessions row, and lib/auth/session.ts checks that row in the database.
const session = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (session.sid ? { sid: session.sid } : null),
  default: () => undefined,
}));
// Framework cache invalidation has no meaning outside a Next request.
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined, updateTag: () => undefined }));

const ROOT = path.resolve(import.meta.dirname, "../..");
const REFRESH_AFTER = new Set(["POST /api/v1/agents/:id/kill", "POST /api/v1/agents/:id/resume"]);

function expectErrorBody(json: unknown, code: string, where: string) {
  expect(json, where).toBeTypeOf("object");
  const body = json as { error?: { code?: unknown; message?: unknown } };
  expect(Object.keys(body), where).toEqual(["error"]);
  expect(body.error?.code, where).toBe(code);
  expect(typeof body.error?.message === "string" && body.error.message.length > 0, where).toBe(true);
}

// ---- static checks (no database) ----

it("every route in API_ROUTES is declared in the access table, and nothing else is", () => {
  const keys = API_ROUTES.map(routeKey);
  expect(
    keys.filter((k) => !ROUTE_ACCESS[k]),
    "routes missing from lib/security/access-table.ts",
  ).toEqual([]);
  expect(
    Object.keys(ROUTE_ACCESS).filter((k) => !keys.includes(k)),
    "declared routes that no longer exist",
  ).toEqual([]);
});

it("app route files are the allowed exceptions and the declared dashboard routes; machine routes live only in API_ROUTES", () => {
  const stray: string[] = [];
  for (const f of listRouteFiles(ROOT)) {
    if (NON_MACHINE_ROUTE_FILES[f.file]) continue;
    if (f.file.startsWith(DASHBOARD_ROUTE_DIR)) {
      // session-authenticated downloads/polls: declared, and called per role below
      if (!SESSION_ROUTE_ACCESS[f.file]) stray.push(`${f.file}: not declared in SESSION_ROUTE_ACCESS`);
      if (f.methods.length === 0) stray.push(`${f.file}: exports no HTTP method`);
      continue;
    }
    // a machine route is declared once, in API_ROUTES, and served through the catch-all
    stray.push(`${f.file}: a route file outside the table (declare the route in lib/server/api-routes.ts)`);
  }
  expect(stray).toEqual([]);
  // the machine routes a signed-in person may call are exactly the declared session routes
  const declared = Object.keys(SESSION_ROUTE_ACCESS).filter((k) => !k.startsWith("app/"));
  const sessionRoutes = API_ROUTES.filter((r) => r.auth === "bearer-or-session");
  expect(sessionRoutes.map(routeKey).sort()).toEqual(declared.sort());
  for (const r of sessionRoutes)
    if (r.auth === "bearer-or-session") expect(r.session.permission, routeKey(r)).toBe(SESSION_ROUTE_ACCESS[routeKey(r)].permission);
});

it("the declared roles of every action agree with lib/auth/permissions.ts", () => {
  expect(actionTableMismatches()).toEqual([]);
});

// ---- machine routes × caller kinds, real HTTP ----

describeEngines("authorization matrix", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: SecurityFixture;
  const previousSecret = process.env.GITHUB_WEBHOOK_SECRET;

  beforeAll(async () => {
    process.env.GITHUB_WEBHOOK_SECRET = WEBHOOK_SECRET;
    resetEnvCache();
    api = await startTestApi(get());
    fx = await securityFixture(get().db);
  });
  afterAll(async () => {
    await api?.close();
    if (previousSecret === undefined) delete process.env.GITHUB_WEBHOOK_SECRET;
    else process.env.GITHUB_WEBHOOK_SECRET = previousSecret;
    resetEnvCache();
  });

  for (const route of API_ROUTES) {
    const key = routeKey(route);
    it(`${key}: every caller kind gets the declared answer`, async () => {
      const wrong: string[] = [];
      for (const caller of CALLER_KINDS) {
        const req = buildRequest(route, caller, fx);
        const want = expectedAccess(key, caller);
        // Authenticate, then authorise, then validate: a refused caller gets the same answer
        // whether or not its body is valid (never the schema's field errors). Sent first, so
        // that a handler that validates first cannot act on the valid body below.
        // (A suspended agent is authenticated: its unreadable body is a 400 like anyone's.)
        const bodies = !want.allowed && req.raw !== undefined && caller !== "agent_suspended" ? [req.raw, '{"not json": [1,'] : [req.raw];
        for (const raw of bodies.reverse()) {
          const res = await api.request(req.method, req.path, { raw, headers: req.headers });
          const where = `${key} as ${caller}${raw !== req.raw ? " (malformed body)" : ""} → ${res.status} ${res.text.slice(0, 200)}`;
          if (process.env.SECURITY_MATRIX_DEBUG && want.allowed) console.log(where);
          if (want.allowed) {
            if (res.status === 401 || res.status === 403 || res.status >= 500) wrong.push(`${where} (expected to be let through)`);
          } else if (want.status === 200) {
            const denied =
              want.deny === "decision"
                ? res.json?.decision === "deny"
                : want.deny === "cursor"
                  ? res.json?.permission === "deny"
                  : want.deny === "copilot"
                    ? res.json?.permissionDecision === "deny"
                    : res.json?.hookSpecificOutput?.permissionDecision === "deny";
            if (res.status !== 200 || !denied) wrong.push(`${where} (expected 200 ${want.deny} deny)`);
          } else if (res.status !== want.status || res.json?.error?.code !== want.code) {
            wrong.push(`${where} (expected ${want.status} ${want.code})`);
          } else {
            expectErrorBody(res.json, want.code, where);
          }
        }
        if (REFRESH_AFTER.has(key)) await fx.restore();
      }
      expect(wrong).toEqual([]);
    });
  }

  // ---- session-authenticated route files × roles (no bearer token), real session rows ----

  for (const [key, declared] of Object.entries(SESSION_ROUTE_ACCESS)) {
    it(`${key}: 401 without a session, 403 to roles the table does not allow`, async () => {
      setProcessDb(get());
      // a dashboard route file, or a machine route of API_ROUTES served by the catch-all
      const [file, urlPath] = key.startsWith("app/") ? [key, urlPathOf(key)] : ["app/api/[...path]/route.ts", key.split(" ")[1]];
      const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as { GET?: (r: Request, ctx: unknown) => Promise<Response> };
      expect(typeof mod.GET, `${file} exports GET`).toBe("function");
      const url = `http://localhost${urlPath.replace(/:[a-zA-Z_]+/g, fx.a.agent.slug)}?chart=adoption`;
      const call = async () => {
        const res = await mod.GET!(new Request(url), { params: Promise.resolve({ id: fx.a.agent.slug }) });
        await res.text(); // drain streams (exports)
        return res.status;
      };
      const wrong: string[] = [];
      session.sid = null;
      const anon = await call();
      if (anon !== 401) wrong.push(`no session → ${anon}`);
      for (const role of ROLES as readonly Role[]) {
        session.sid = fx.people[role].sid;
        const status = await call();
        const allowed = declared.roles.includes(role);
        if (allowed && (status === 401 || status === 403 || status >= 500)) wrong.push(`${role} → ${status} (allowed)`);
        if (!allowed && status !== 403) wrong.push(`${role} → ${status} (expected 403)`);
      }
      // and the filters a person can type into the URL never make it a 5xx
      session.sid = fx.people.admin.sid;
      const hostile = ["\u0000", "x".repeat(3000), "-271821-04-20", "275760-09-13", "1e999", "-1", "0", "__proto__", "2026-02-30"];
      for (const k of ["q", "agent", "team", "status", "from", "to", "before", "page", "cursor", "window", "cohort", "decidedBy", "severity", "format"])
        for (const v of hostile) {
          const res = await mod.GET!(new Request(`${url}&${k}=${encodeURIComponent(v)}`), { params: Promise.resolve({ id: fx.a.agent.slug }) });
          const text = await res.text().catch((e: unknown) => `stream failed: ${String(e)}`);
          if (res.status >= 500 || text.startsWith("stream failed")) wrong.push(`${k}=${JSON.stringify(v).slice(0, 20)} → ${res.status} ${text.slice(0, 120)}`);
        }
      session.sid = null;
      expect(wrong).toEqual([]);
    });
  }

  // ---- server actions × roles, real session rows ----

  const actionFiles = walk(path.join(ROOT, "lib"), (f) => f === "actions.ts")
    .map((abs) => path.relative(ROOT, abs).replace(/\\/g, "/"))
    .sort();

  it("finds the server action modules", () => {
    expect(actionFiles.length).toBeGreaterThan(0);
  });

  // BOLA for people: an engineering manager acts only on their own team's agents.
  it("an engineering manager of another team gets 403 on agent A; A's own team manager does not", async () => {
    setProcessDb(get());
    const db = get().db;
    const [team] = await db
      .insert(teams)
      .values({ slug: `other-${Date.now().toString(36)}`, name: "Other" })
      .returning();
    const [other] = await db
      .insert(users)
      .values({ email: `em-${team.slug}@acme.test`, name: "Other EM", role: "eng_manager", teamId: team.id })
      .returning();
    const otherSid = await createUserSession(db, other.id, 3600);
    const reg = await import("@/lib/registry/actions");
    const a = fx.a.agent.id;
    const acts: [string, () => Promise<{ ok: boolean; status?: number }>][] = [
      ["issueTokenAction", () => reg.issueTokenAction({ agentId: a, ttlSeconds: 3600 })],
      ["revokeTokenAction", () => reg.revokeTokenAction({ agentId: a, tokenId: fx.a.tokenId })],
      ["rotateTokenAction", () => reg.rotateTokenAction({ agentId: a, tokenId: fx.a.tokenId, graceSeconds: 60 })],
      ["retireAgentAction", () => reg.retireAgentAction({ id: a, reason: "not my team" })],
      ["recordReviewAction", () => reg.recordReviewAction({ agentId: a, outcome: "keep", notes: "x" })],
    ];
    const wrong: string[] = [];
    session.sid = otherSid;
    for (const [name, run] of acts) {
      const r = await run();
      if (r.ok || r.status !== 403) wrong.push(`${name} by another team's manager → ${JSON.stringify(r)}`);
    }
    session.sid = fx.people.eng_manager.sid; // same team as A
    const own = await reg.issueTokenAction({ agentId: a, ttlSeconds: 3600 });
    if (!own.ok) wrong.push(`issueTokenAction by A's own manager → ${JSON.stringify(own)}`);
    session.sid = null;
    expect(wrong).toEqual([]);
  });

  // Form fields reach the database too: NUL and lone surrogates must not make an action a 500.
  it("an allowed action given NUL and lone surrogates answers, not 500", async () => {
    setProcessDb(get());
    const { createTeamAction } = await import("@/lib/people/actions");
    session.sid = fx.people.admin.sid;
    const r = await createTeamAction({ slug: `nul-${Date.now().toString(36)}`, name: "Team \u0000 \ud800" });
    session.sid = null;
    expect(r.ok || r.status !== 500, JSON.stringify(r)).toBe(true);
  });

  for (const file of actionFiles) {
    it(`${file}: every action answers 401 without a session and 403 to roles the table does not allow`, async () => {
      setProcessDb(get());
      const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
      const wrong: string[] = [];
      for (const [name, fn] of Object.entries(mod)) {
        if (typeof fn !== "function") continue;
        const declared = ACTION_ACCESS[`${file}#${name}`];
        if (!declared) {
          wrong.push(`${file}#${name} is not declared in ACTION_ACCESS`);
          continue;
        }
        const call = fn as (input: unknown) => Promise<{ ok: boolean; status?: number }>;
        session.sid = null;
        const anon = await call({});
        if (anon.ok || anon.status !== 401) wrong.push(`${name} without a session → ${JSON.stringify(anon)}`);
        for (const role of ROLES as readonly Role[]) {
          session.sid = fx.people[role].sid;
          const r = await call({});
          const allowed = declared.roles.includes(role);
          if (allowed && !r.ok && (r.status === 401 || r.status === 403)) wrong.push(`${name} as ${role} → ${r.status} (allowed)`);
          if (!allowed && (r.ok || r.status !== 403)) wrong.push(`${name} as ${role} → ${JSON.stringify(r)} (expected 403)`);
        }
        session.sid = null;
      }
      expect(wrong).toEqual([]);
    });
  }
});
