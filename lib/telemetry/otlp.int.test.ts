import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { loadSessionCost } from "./queries";
import { startTestApi } from "@/lib/testing/http";
import { agentSessions, auditEvents, shadowAgents, telemetryBuckets, violations } from "@/db/schema";
import { seedAgent, seedIntegrationToken } from "@/lib/audit/test-fixtures";
import { decodeResponse, encodeRequest } from "./otlp";

// Real exports of Claude Code 2.1.197 (lib/telemetry/fixtures/capture.ts), in the order sent.
const FIXTURES = path.join(__dirname, "fixtures", "claude-code");
function fixtures(kind: "json" | "protobuf") {
  return fs
    .readdirSync(path.join(FIXTURES, kind))
    .sort()
    .map((f) => ({ signal: f.includes("metrics") ? "metrics" : "logs", body: fs.readFileSync(path.join(FIXTURES, kind, f)) }));
}

const CT = { json: "application/json", protobuf: "application/x-protobuf" } as const;

// Real exports of Codex CLI 0.171 (`[otel]` exporter/metrics_exporter/trace_exporter otlp-http,
// one `codex exec` run that ran one command and answered), stored gzipped as sent with gzip.
const CODEX = path.join(__dirname, "fixtures", "codex");
function codexFixtures(kind: "json" | "protobuf") {
  return fs
    .readdirSync(path.join(CODEX, kind))
    .sort()
    .map((f) => ({ signal: f.includes("metrics") ? "metrics" : f.includes("traces") ? "traces" : "logs", body: fs.readFileSync(path.join(CODEX, kind, f)) }));
}

describeEngines("OTLP/HTTP receiver", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const post = (signal: string, body: Buffer | string, token: string | null, headers: Record<string, string> = {}) =>
    fetch(`${api.base}/api/otlp/v1/${signal}`, {
      method: "POST",
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": CT.json, ...headers },
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
  const totals = async (agentSlug: string) => {
    const res = (await get().db.execute(sql`
      SELECT kind, sum(value)::float8 AS v FROM telemetry_buckets WHERE agent_slug = ${agentSlug} GROUP BY kind`)) as unknown as {
      rows: { kind: string; v: number }[];
    };
    return Object.fromEntries(res.rows.map((r) => [r.kind, Number(r.v)]));
  };

  beforeAll(async () => {
    api = await startTestApi(get());
  });
  afterAll(() => api.close());

  for (const kind of ["json", "protobuf"] as const)
    it(`stores the real Claude Code export (${kind}${kind === "protobuf" ? ", gzip" : ""}) as cost, tokens, lines, time and events`, async () => {
      const a = await seedAgent(get().db, `otel-${kind}`);
      let session = "";
      for (const f of fixtures(kind)) {
        const body = kind === "protobuf" ? gzipSync(f.body) : f.body;
        const res = await post(f.signal, body, a.token, { "content-type": CT[kind], ...(kind === "protobuf" ? { "content-encoding": "gzip" } : {}) });
        expect(res.status, await res.clone().text()).toBe(200);
        expect(res.headers.get("content-type")).toBe(CT[kind]);
        const out = Buffer.from(await res.arrayBuffer());
        // full success: an empty Export…ServiceResponse, no partialSuccess
        if (kind === "json") expect(JSON.parse(out.toString())).toEqual({});
        else expect(decodeResponse(f.signal as "metrics", out)).toEqual({});
      }
      const t = await totals(a.agent.slug);
      // the CLI reported total_cost_usd 0.00068, 36 input and 20 output tokens for this run
      expect(t.cost_usd).toBeCloseTo(0.00068, 10);
      expect(t["tokens.input"]).toBe(36);
      expect(t["tokens.output"]).toBe(20);
      expect(t["lines.added"]).toBe(3);
      expect(t.sessions).toBe(1);
      expect(t.active_time_s).toBeGreaterThan(0);
      expect(t["event.api_request"]).toBe(3);
      expect(t["event.user_prompt"]).toBe(1);
      expect(t["event.tool_result"]).toBe(2);
      const rows = await get()
        .db.select()
        .from(telemetryBuckets)
        .where(and(eq(telemetryBuckets.agentSlug, a.agent.slug), eq(telemetryBuckets.kind, "cost_usd")));
      expect(rows.every((r) => r.agentId === a.agent.id && r.model === "claude-opus-4-8")).toBe(true);
      session = rows[0].sessionId;
      expect(session).toMatch(/^[0-9a-f-]{36}$/);
      // the session joins the audit trail's sessions; tool decisions are audit events in it
      const [s] = await get().db.select().from(agentSessions).where(eq(agentSessions.id, session));
      expect(s.agentId).toBe(a.agent.id);
      const decisions = await get()
        .db.select()
        .from(auditEvents)
        .where(and(eq(auditEvents.sessionId, session), eq(auditEvents.type, "telemetry.tool_decision")));
      expect(decisions.map((d) => d.tool).sort()).toEqual(["Bash", "Write"]);
      expect(decisions.every((d) => d.agentId === a.agent.id && d.outcome === "success")).toBe(true);
      // the session timeline's cost panel: this agent's telemetry of this session only
      const cost = await loadSessionCost(get().db, session, a.agent.slug);
      expect(cost).toMatchObject({ inputTokens: 36, outputTokens: 20, models: ["claude-opus-4-8"] });
      expect(cost!.costUsd).toBeCloseTo(0.00068, 10);
      expect(await loadSessionCost(get().db, session, "another-agent")).toBeNull();
    });

  for (const kind of ["json", "protobuf"] as const)
    it(`stores the real Codex export (${kind}, gzip): tokens per turn, its tool decision, its conversation as the session`, async () => {
      const a = await seedAgent(get().db, `codex-otel-${kind}`);
      for (const f of codexFixtures(kind)) {
        const res = await post(f.signal, f.body, a.token, { "content-type": CT[kind], "content-encoding": "gzip" });
        expect(res.status, `${f.signal}: ${await res.clone().text()}`).toBe(200);
      }
      const t = await totals(a.agent.slug);
      // two model turns (the command, then the answer), 12 input and 4 output tokens each, from
      // codex.sse_event response.completed; Codex's own token histogram is not counted again
      expect(t["tokens.input"]).toBe(24);
      expect(t["tokens.output"]).toBe(8);
      expect(t.cost_usd).toBeUndefined(); // Codex reports no cost
      expect(t["event.tool_decision"]).toBe(1);
      expect(t["event.user_prompt"]).toBe(1);
      const rows = await get()
        .db.select()
        .from(telemetryBuckets)
        .where(and(eq(telemetryBuckets.agentSlug, a.agent.slug), eq(telemetryBuckets.kind, "tokens.input")));
      expect(rows.map((r) => r.model)).toEqual(["gpt-5-codex"]);
      const session = rows[0].sessionId;
      expect(session).toMatch(/^[0-9a-f-]{36}$/); // conversation.id
      const [s] = await get().db.select().from(agentSessions).where(eq(agentSessions.id, session));
      expect(s.agentId).toBe(a.agent.id);
      const decisions = await get()
        .db.select()
        .from(auditEvents)
        .where(and(eq(auditEvents.sessionId, session), eq(auditEvents.type, "telemetry.tool_decision")));
      expect(decisions.map((d) => [d.tool, d.outcome])).toEqual([["exec_command", "success"]]);
      // Codex's internal spans are not GenAI spans, and its plain log lines are not events:
      // accepted, nothing stored from them
      expect(Object.keys(t).filter((k) => k.startsWith("event.gen_ai") || k.includes(" "))).toEqual([]);
    });

  it("a re-sent log export adds no second audit event", async () => {
    const a = await seedAgent(get().db, "otel-resend");
    const captured = fixtures("json").find((f) => f.body.toString().includes("tool_decision"))!;
    // A session belongs to the agent that opened it: this agent's export gets ids of its own.
    const fresh = new Map<string, string>();
    const body = Buffer.from(
      captured.body
        .toString()
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => fresh.get(id) ?? fresh.set(id, randomUUID()).get(id)!),
    );
    for (let i = 0; i < 2; i++) expect((await post("logs", body, a.token)).status).toBe(200);
    const rows = await get()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, a.agent.id), eq(auditEvents.type, "telemetry.tool_decision")));
    expect(rows).toHaveLength(2);
  });

  const metricsJson = (value: unknown, attrs: unknown[] = [], extra: Record<string, unknown> = {}) => ({
    resourceMetrics: [
      {
        resource: { attributes: attrs },
        scopeMetrics: [
          {
            metrics: [
              {
                name: "claude_code.cost.usage",
                unit: "USD",
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [
                    {
                      attributes: [{ key: "model", value: { stringValue: "claude-sonnet-4-5" } }],
                      timeUnixNano: String(Date.now() * 1e6),
                      asDouble: value,
                      ...extra,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  });

  it("refuses bad payloads with 4xx and stores nothing", async () => {
    const a = await seedAgent(get().db, "otel-bad");
    const pb = fixtures("protobuf").find((f) => f.signal === "metrics" && f.body.length > 1000)!.body;
    const huge = "x".repeat(20_000);
    const cases: [string, Buffer | string, Record<string, string>, number][] = [
      ["truncated protobuf", pb.subarray(0, pb.length - 7), { "content-type": CT.protobuf }, 400],
      ["not JSON", "{", {}, 400],
      ["a string for a double", JSON.stringify(metricsJson("abc")), {}, 400],
      [
        "an object for the data points",
        JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: "x", sum: { dataPoints: {} } }] }] }] }),
        {},
        400,
      ],
      ["a huge attribute value (JSON)", JSON.stringify(metricsJson(1, [{ key: "gatehouse.note", value: { stringValue: huge } }])), {}, 400],
      [
        "a huge attribute value (protobuf)",
        Buffer.from(encodeRequest("metrics", metricsJson(1, [{ key: "gatehouse.note", value: { stringValue: huge } }]))),
        { "content-type": CT.protobuf },
        400,
      ],
      ["broken gzip", Buffer.from("not gzip"), { "content-encoding": "gzip" }, 400],
      ["a gzip bomb", gzipSync(Buffer.alloc(17 * 1024 * 1024, 32)), { "content-encoding": "gzip" }, 413],
      ["a body over 4 MiB", Buffer.alloc(4 * 1024 * 1024 + 1, 32), {}, 413],
      ["text/plain", "{}", { "content-type": "text/plain" }, 415],
      ["brotli", "{}", { "content-encoding": "br" }, 415],
    ];
    for (const [what, body, headers, status] of cases) {
      const res = await post("metrics", body, a.token, headers);
      expect(res.status, what).toBe(status);
      const err = await res.json();
      expect(typeof err.error?.code, what).toBe("string");
    }
    expect(await totals(a.agent.slug)).toEqual({});
    // the same valid body is taken: the refusals above were about the payloads
    expect((await post("metrics", JSON.stringify(metricsJson(0.5)), a.token)).status).toBe(200);
    expect((await totals(a.agent.slug)).cost_usd).toBe(0.5);
  });

  it("authenticates: no token 401; an integration token needs telemetry:write", async () => {
    expect((await post("metrics", "{}", null)).status).toBe(401);
    const wrong = await seedIntegrationToken(get().db, ["events:write"]);
    const res = await post("metrics", "{}", wrong);
    expect(res.status).toBe(403);
  });

  it("with an integration token: the agent comes from the resource; none → rejected; unregistered → shadow agent", async () => {
    const a = await seedAgent(get().db, "otel-forwarded");
    const collector = await seedIntegrationToken(get().db, ["telemetry:write"]);
    const agentAttr = (slug: string) => [{ key: "gatehouse.agent", value: { stringValue: slug } }];
    const body = {
      resourceMetrics: [
        ...metricsJson(1.25, agentAttr(a.agent.slug)).resourceMetrics,
        ...metricsJson(2, []).resourceMetrics,
        ...metricsJson(3, agentAttr("ghost-bot")).resourceMetrics,
      ],
    };
    const res = await post("metrics", JSON.stringify(body), collector);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: { rejectedDataPoints: 1, errorMessage: expect.stringContaining("gatehouse.agent") } });
    expect((await totals(a.agent.slug)).cost_usd).toBe(1.25);
    expect((await totals("ghost-bot")).cost_usd).toBe(3);
    const [shadow] = await get().db.select().from(shadowAgents).where(eq(shadowAgents.identifier, "ghost-bot"));
    expect(shadow.source).toBe("telemetry");
    const v = await get()
      .db.select()
      .from(violations)
      .where(and(eq(violations.kind, "shadow_agent"), eq(violations.agentSlug, "ghost-bot")));
    expect(v).toHaveLength(1);
  });

  it("turns cumulative sums into deltas (and a restarted series counts from zero)", async () => {
    const a = await seedAgent(get().db, "otel-cumulative");
    const point = (v: number, start: string) =>
      JSON.stringify(metricsJson(v, [], { startTimeUnixNano: start })).replace('"aggregationTemporality":1', '"aggregationTemporality":2');
    for (const [v, start] of [
      [5, "1000"],
      [8, "1000"],
      [3, "2000"],
    ] as const)
      expect((await post("metrics", point(v, start), a.token)).status).toBe(200);
    expect((await totals(a.agent.slug)).cost_usd).toBe(11);
  });

  it("reads GenAI semantic-convention spans (tokens by model and conversation)", async () => {
    const a = await seedAgent(get().db, "otel-genai");
    const span = (attrs: Record<string, string | number>) => ({
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
      name: "chat gpt-5",
      startTimeUnixNano: String(Date.now() * 1e6),
      endTimeUnixNano: String(Date.now() * 1e6),
      attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === "number" ? { intValue: v } : { stringValue: v } })),
    });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [] },
          scopeSpans: [
            {
              spans: [
                span({
                  "gen_ai.operation.name": "chat",
                  "gen_ai.request.model": "gpt-5",
                  "gen_ai.usage.input_tokens": 120,
                  "gen_ai.usage.output_tokens": 30,
                  "gen_ai.conversation.id": "conv-1",
                }),
                span({ "http.route": "/healthz" }),
              ],
            },
          ],
        },
      ],
    };
    const res = await post("traces", JSON.stringify(body), a.token);
    expect(res.status).toBe(200);
    const t = await totals(a.agent.slug);
    expect(t).toEqual({ "event.gen_ai.chat": 1, "tokens.input": 120, "tokens.output": 30 });
    const [row] = await get()
      .db.select()
      .from(telemetryBuckets)
      .where(and(eq(telemetryBuckets.agentSlug, a.agent.slug), eq(telemetryBuckets.kind, "tokens.input")));
    expect(row).toMatchObject({ model: "gpt-5", sessionId: "conv-1" });
    // a bad hex span id is a wrong type
    const bad = JSON.stringify(body).replace("eee19b7ec3c1b174", "not-hex!");
    expect((await post("traces", bad, a.token)).status).toBe(400);
  });
});
