// Fuzzing (issue 8): every JSON machine route gets arbitrary JSON, mutated valid bodies and
// non-JSON bytes from a caller that may use it, over real HTTP on both engines. Never a 5xx,
// always the API.md error body on a non-2xx, and a refused request stores nothing.
//
// CI mode: FUZZ_RUNS (default 40) runs per property. Long mode, e.g. before a release:
//   FUZZ_RUNS=2000 TEST_DATABASE_URL=postgres://… npx vitest run --project integration lib/security/fuzz.int.test.ts
// (see lib/security/README.md). A failure prints fast-check's seed and path to replay it.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import examples from "@octokit/webhooks-examples";
import { API_ROUTES } from "@/lib/server/api-routes";
import { resetEnvCache } from "@/lib/env";
import { ingestLimits } from "@/lib/audit/api";
import { clearProcessSingleton } from "@/lib/util/global";
import { signBody } from "@/lib/github/signature";
import type { Db } from "@/db/client";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { CALLER_KINDS, ROUTE_ACCESS, type CallerKind } from "./access-table";
import { FUZZ_RUNS, mutatedBody, nastyValue, nonJsonBody } from "./arbitraries";
import { isErrorBody, seedFor } from "./contract";
import { securityFixture, type SecurityFixture } from "./fixtures";
import { WEBHOOK_SECRET, concretePath, extraSamples, routeKey, sampleBody } from "./requests";

// Tables a refused request must leave alone (one query counts them all).
const WATCHED = [
  "audit_events",
  "agents",
  "agent_scopes",
  "agent_tokens",
  "teams",
  "gate_runs",
  "gate_findings",
  "changes",
  "defects",
  "policy_versions",
  "decisions",
  "approval_requests",
];

async function counts(db: Db): Promise<Record<string, number>> {
  const cols = WATCHED.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(", ");
  const res = (await db.execute(sql.raw(`SELECT ${cols}`))) as unknown as { rows?: Record<string, number>[] } | Record<string, number>[];
  const rows = Array.isArray(res) ? res : (res.rows ?? []);
  return rows[0];
}

/** The first caller the table lets through: the agent itself on agent routes, else a scope. */
function permittedCaller(key: string): CallerKind {
  const allow = ROUTE_ACCESS[key]?.allow;
  if (!allow) throw new Error(`${key} is not declared in the access table`);
  if (allow === "all") return "none";
  return CALLER_KINDS.find((c) => allow.includes(c))!;
}

describeEngines("fuzzing the machine API", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: SecurityFixture;
  const saved = { secret: process.env.GITHUB_WEBHOOK_SECRET, limits: { ...ingestLimits } };

  beforeAll(async () => {
    process.env.GITHUB_WEBHOOK_SECRET = WEBHOOK_SECRET;
    resetEnvCache();
    // fuzzing is not a flood: keep the per-token rate limit out of the way
    ingestLimits.perSecond = 1e9;
    ingestLimits.burst = 1e9;
    api = await startTestApi(get());
    fx = await securityFixture(get().db);
  });
  const tally = new Map<string, number>();
  afterAll(async () => {
    if (process.env.FUZZ_DEBUG)
      console.log(
        [...tally]
          .sort()
          .map(([k, n]) => `${k}: ${n}`)
          .join("\n"),
      );
    await api?.close();
    Object.assign(ingestLimits, saved.limits);
    if (saved.secret === undefined) delete process.env.GITHUB_WEBHOOK_SECRET;
    else process.env.GITHUB_WEBHOOK_SECRET = saved.secret;
    resetEnvCache();
  });

  async function send(method: string, path: string, body: string | Uint8Array | undefined, headers: Record<string, string>) {
    const res = await fetch(api.base + path, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  /** One fuzz case: send, then check the contract and that a refusal stored nothing. */
  async function check(route: (typeof API_ROUTES)[number], caller: CallerKind, body: string | Uint8Array, extra: Record<string, string> = {}) {
    const key = routeKey(route);
    const headers: Record<string, string> = { "content-type": "application/json", ...extra };
    const token = fx.tokens[caller];
    if (token) headers.authorization = `Bearer ${token}`;
    // fuzzing is not a flood: start each case with full rate-limit buckets (429s would hide the handler)
    clearProcessSingleton("rate-buckets");
    const before = await counts(get().db);
    const res = await send(route.method, concretePath(route.path, caller, fx), body, headers);
    const where = `${key} → ${res.status} ${res.text.slice(0, 300)}`;
    if (process.env.FUZZ_DEBUG) tally.set(`${key} ${res.status}`, (tally.get(`${key} ${res.status}`) ?? 0) + 1);
    expect(res.status, where).toBeLessThan(500);
    if (res.status >= 300) {
      expect(isErrorBody(res.json), `not the API.md error body: ${where}`).toBe(true);
      expect(await counts(get().db), `a refused request stored rows: ${where}`).toEqual(before);
    }
    // a batch whose every event is rejected stores nothing either
    if (key === "POST /api/v1/events" && res.status === 202 && (res.json as { accepted: number }).accepted === 0) {
      const after = await counts(get().db);
      expect(after.audit_events, `rejected events stored: ${where}`).toBe(before.audit_events);
    }
    return res;
  }

  const jsonRoutes = API_ROUTES.filter((r) => r.method !== "GET" && r.path !== "/api/webhooks/github");
  const params = (seed: string) => ({ numRuns: FUZZ_RUNS, seed: seedFor(seed) });

  // first, while the audit trail that the export streams is still short
  it("GET routes: arbitrary query strings never give a 5xx", async () => {
    const queryArb = fc.dictionary(
      fc.oneof(
        fc.constantFrom("format", "from", "to", "agent", "team", "q", "page", "page_size", "status", "decision", "approval", "cursor"),
        fc.string({ maxLength: 10 }),
      ),
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom("", "-1", "1e999", "2026-13-45", "0000-00-00T00:00:00Z", "\u0000", "' OR 1=1 --", "x".repeat(5000)),
      ),
      { maxKeys: 4 },
    );
    for (const route of API_ROUTES.filter((r) => r.method === "GET")) {
      const caller = permittedCaller(routeKey(route));
      await fc.assert(
        fc.asyncProperty(queryArb, async (q) => {
          const path = concretePath(route.path, caller, fx);
          const qs = new URLSearchParams(q).toString();
          const headers: Record<string, string> = {};
          if (fx.tokens[caller]) headers.authorization = `Bearer ${fx.tokens[caller]}`;
          const res = await send("GET", path + (path.includes("?") ? "&" : "?") + qs, undefined, headers);
          expect(res.status, `${route.path}?${qs} → ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 300) expect(isErrorBody(res.json), res.text.slice(0, 200)).toBe(true);
        }),
        // NUL and absurd values in every known filter are always tried, whatever the seed
        {
          ...params(`query-${route.path}`),
          examples: [
            ...["q", "agent", "team", "from", "to", "format", "page_size", "status", "approval"].flatMap((k) => [
              [{ [k]: "\u0000" }],
              [{ [k]: "x".repeat(5000) }],
            ]),
            ...["0000-01-01", "0000-01-01T00:00:00Z", "-271821-04-20", "275760-09-13T00:00:00Z", "9999-12-31T23:59:59+14:00"].flatMap((d) => [
              [{ from: d }],
              [{ to: d }],
            ]),
          ],
        },
      );
    }
  });

  for (const route of jsonRoutes) {
    const key = routeKey(route);
    it(`${key}: arbitrary JSON, mutated bodies and non-JSON bytes never give a 5xx`, async () => {
      const caller = permittedCaller(key);
      const valid = sampleBody(key, fx) ?? {};
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (v) => void (await check(route, caller, JSON.stringify(v) ?? "null"))),
        params(key + "json"),
      );
      await fc.assert(
        fc.asyncProperty(mutatedBody(valid), async (v) => void (await check(route, caller, JSON.stringify(v) ?? "null"))),
        params(key + "mut"),
      );
      await fc.assert(
        fc.asyncProperty(nonJsonBody(valid), fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"), async (b, ct) => {
          await check(route, caller, b, { "content-type": ct });
        }),
        params(key + "bytes"),
      );
    });
  }

  // JSON.parse takes any depth; recursive code behind it (zod, hashing, JSON.stringify) may not.
  it("every JSON route: 100,000 levels of nesting in any field never give a 5xx", async () => {
    const depth = 100_000;
    const deep = (open: string, close: string) => open.repeat(depth) + "1" + close.repeat(depth);
    for (const route of jsonRoutes) {
      const key = routeKey(route);
      for (const valid of [sampleBody(key, fx) ?? {}, ...extraSamples(key, fx)]) {
        // every field (and a new one) at the top, and one level down in object fields and event items
        const holes: unknown[] = [];
        if (valid && typeof valid === "object" && !Array.isArray(valid)) {
          const v = valid as Record<string, unknown>;
          for (const f of [...Object.keys(v), "extra"]) holes.push({ ...v, [f]: "@@DEEP@@" });
          for (const [f, x] of Object.entries(v)) {
            if (x && typeof x === "object" && !Array.isArray(x)) holes.push({ ...v, [f]: { ...x, deep: "@@DEEP@@" } });
            if (Array.isArray(x) && x[0] && typeof x[0] === "object")
              for (const g of [...Object.keys(x[0]), "extra"]) holes.push({ ...v, [f]: [{ ...x[0], id: randomUUID(), [g]: "@@DEEP@@" }] });
          }
        }
        for (const hole of holes)
          for (const [open, close] of [
            ["[", "]"],
            ['{"a":', "}"],
          ])
            await check(route, permittedCaller(key), JSON.stringify(hole).replace('"@@DEEP@@"', deep(open, close)));
      }
    }
    // hundreds of bodies of ~600 KB, each parsed on the nice-19 JSON worker: ~9 s at load 7, over
    // 60 s at load 20 (the worker yields to everything else); a limit, not a speed check
  }, 240_000);

  // Client strings used as keys of our own lookup tables once found Object.prototype (a 500).
  it("every JSON route: prototype names in every string field never give a 5xx", async () => {
    const names = ["__proto__", "constructor", "toString"];
    for (const route of jsonRoutes) {
      const key = routeKey(route);
      for (const valid of [sampleBody(key, fx) ?? {}, ...extraSamples(key, fx)]) {
        const text = JSON.stringify(valid);
        // at most ~30 string positions per body, spread over it (the policy document has hundreds)
        const all = [...text.matchAll(/"([^"\\]*)"/g)];
        const step = Math.max(1, Math.ceil(all.length / 30));
        for (const m of all.filter((_, i) => i % step === 0)) {
          for (const n of names) {
            // as a value, and as a key
            await check(route, permittedCaller(key), text.slice(0, m.index) + JSON.stringify(n) + text.slice(m.index + m[0].length));
          }
        }
      }
    }
  });

  it("POST /api/v1/events: a batch of only invalid events stores no row", async () => {
    const route = API_ROUTES.find((r) => routeKey(r) === "POST /api/v1/events")!;
    const invalidEvent = fc.oneof(
      nastyValue.filter((v) => v === null || typeof v !== "object" || Array.isArray(v)),
      // every event lacks its id (the idempotency key is required) or has a bad type
      mutatedBody({ type: "tool.post", outcome: "success", payload: { a: 1 } }).map((e) =>
        e && typeof e === "object" ? { ...(e as object), id: undefined } : e,
      ),
      fc.record({ id: fc.uuid(), type: fc.constantFrom("has space", "", ".leading", "x".repeat(300)), outcome: fc.constant("success") }),
    );
    for (const caller of ["agent_own", "scope:events:write"] as const) {
      await fc.assert(
        fc.asyncProperty(fc.array(invalidEvent, { minLength: 1, maxLength: 20 }), async (events) => {
          // 202 with every event rejected, or (absurd nesting) a 400 for the whole body
          const res = await check(route, caller, JSON.stringify({ events }));
          expect([202, 400], res.text).toContain(res.status);
          if (res.status === 202) expect((res.json as { accepted: number }).accepted).toBe(0);
        }),
        params(`events-invalid-${caller}`),
      );
    }
  });

  it("POST /api/webhooks/github: a valid signature over garbage or mutated GitHub payloads never gives a 5xx", async () => {
    const route = API_ROUTES.find((r) => r.path === "/api/webhooks/github")!;
    const handled = ["pull_request", "pull_request_review", "push", "check_run", "check_suite", "workflow_run"];
    const real = handled.flatMap((name) => (examples.find((d) => d.name === name)?.examples ?? []).slice(0, 3).map((p) => ({ name, p })));
    expect(real.length).toBeGreaterThan(5);
    const delivery = fc.oneof(
      fc.tuple(
        fc.constantFrom(...handled, "ping", "issues", "constructor", "__proto__", "hasOwnProperty"),
        fc.jsonValue().map((v) => JSON.stringify(v) ?? "null"),
      ),
      fc.nat({ max: real.length - 1 }).chain((i) => mutatedBody(real[i].p).map((v) => [real[i].name, JSON.stringify(v) ?? "null"] as [string, string])),
      fc.tuple(fc.constantFrom(...handled), fc.string({ unit: "binary", maxLength: 200 })),
      fc.tuple(
        fc.constantFrom(...handled),
        fc.constantFrom("[", '{"a":').map((o) => o.repeat(100_000) + "1" + (o === "[" ? "]" : "}").repeat(100_000)),
      ),
    );
    await fc.assert(
      fc.asyncProperty(delivery, async ([event, body]) => {
        const headers = { "x-github-event": event, "x-github-delivery": randomUUID(), "x-hub-signature-256": signBody(WEBHOOK_SECRET, body) };
        const res = await send(route.method, route.path, body, { "content-type": "application/json", ...headers });
        const where = `${event} → ${res.status} ${res.text.slice(0, 300)} body ${body.slice(0, 200)}`;
        expect(res.status, where).toBeLessThan(500);
        if (res.status >= 300) expect(isErrorBody(res.json), where).toBe(true);
      }),
      { numRuns: FUZZ_RUNS * 3, seed: seedFor("github") },
    );
  });

  it("the caller kinds of the table are all generated by the fixture", () => {
    for (const c of CALLER_KINDS) if (!["none", "github_signature", "github_bad_signature"].includes(c)) expect(fx.tokens[c], c).toBeTruthy();
  });
});
