// Planted secrets (issue 16): a corpus of realistic secrets (lib/security/planted-secrets-corpus.ts)
// planted through every write path — the machine API (events, decisions, the three hook
// formats, CI runs with SARIF and JUnit reports, defects, GitHub webhooks, agents, tokens, kill
// and resume) and the dashboard's server actions (kill/resume/retire reasons, agent
// descriptions, approval decisions, triage notes, fleet freezes, access reviews, names) — on both
// engines; then a dump of every row of every table and every export (audit CSV / JSON Lines /
// OCSF, violations, approvals and agents CSV) is searched for each planted value: none may be
// found. The storage boundary is lib/redaction/storage.ts (drizzle writes), lib/audit/record.ts
// (audit rows) and redactRows (raw-SQL writes); take any of them away and this test names the
// path and format that leaked.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { resetEnvCache } from "@/lib/env";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { setProcessDb, type Db } from "@/db/client";
import { approvalRequests, violations } from "@/db/schema";
import { signBody } from "@/lib/github/signature";
import { offLoopSettings } from "@/lib/offload/off-loop";
import { securityFixture, type SecurityFixture } from "./fixtures";
import { WEBHOOK_SECRET } from "./requests";
import { packPlants, plantedCorpus, secretKeyedPayload, type Plant } from "./planted-secrets-corpus";

// Only next-auth's session lookup is replaced (as in the authorization matrix): it hands out the
// id of a REAL user_sessions row, which lib/auth/session.ts checks in the database.
const session = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (session.sid ? { sid: session.sid } : null),
  default: () => undefined,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined, updateTag: () => undefined }));

const ROOT = path.resolve(import.meta.dirname, "../..");

interface Planted {
  path: string;
  format: string;
  secret: string;
}

type Api = Awaited<ReturnType<typeof startTestApi>>;

/** Every row of every table in the public schema, as text (the composite's text form holds every column). */
async function dumpAllTables(db: Db): Promise<{ tables: string[]; text: string }> {
  const t = (await db.execute(sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)) as unknown as { rows: { tablename: string }[] };
  const parts: string[] = [];
  for (const { tablename } of t.rows) {
    const r = (await db.execute(sql.raw(`SELECT x::text AS row FROM "${tablename}" x`))) as unknown as { rows: { row: string }[] };
    for (const { row } of r.rows) parts.push(`${tablename}: ${row}`);
  }
  return { tables: t.rows.map((r) => r.tablename), text: parts.join("\n") };
}

describeEngines("planted secrets reach no table and no export", (get) => {
  let api: Api;
  let fx: SecurityFixture;
  const planted: Planted[] = [];
  const answers: string[] = [];
  const previousSecret = process.env.GITHUB_WEBHOOK_SECRET;

  /** This path's corpus (values of its own), recorded as planted. */
  const corpus = (where: string): Plant[] => {
    const plants = plantedCorpus(`${where}:${randomUUID()}`);
    for (const p of plants) planted.push({ path: where, format: p.format, secret: p.secret });
    return plants;
  };
  const keyed = (where: string) => {
    const k = secretKeyedPayload(`${where}:${randomUUID()}`);
    for (const s of k.secrets) planted.push({ path: where, format: "value under a secret-named key", secret: s });
    return k.value;
  };
  /** Texts of at most `max` characters that together hold every plant of this path that fits. */
  const texts = (where: string, max: number) => {
    const plants = plantedCorpus(`${where}:${randomUUID()}`).filter((p) => p.text.length <= max);
    for (const p of plants) planted.push({ path: where, format: p.format, secret: p.secret });
    return packPlants(plants, max);
  };
  /** One secret of a format, recorded as planted (URL credentials, query tokens). */
  const one = (where: string, format: string) => {
    const p = plantedCorpus(`${where}:${randomUUID()}`).find((x) => x.format === format)!;
    planted.push({ path: where, format: p.format, secret: p.secret });
    return p.secret;
  };
  const expectOk = (where: string, status: number, text: string, ok = [200, 201, 202]) => {
    if (!ok.includes(status)) answers.push(`${where} → ${status} ${text.slice(0, 300)}`);
  };
  const call = async (where: string, method: string, p: string, token: string | undefined, body: unknown, ok?: number[]) => {
    const r = await api.request(method, p, { token, body });
    expectOk(where, r.status, r.text, ok);
    return r;
  };
  const act = async (where: string, role: keyof SecurityFixture["people"], fn: (input: unknown) => Promise<{ ok: boolean }>, input: unknown) => {
    session.sid = fx.people[role].sid;
    try {
      const r = await fn(input);
      if (!r.ok) answers.push(`${where} → ${JSON.stringify(r).slice(0, 300)}`);
      return r as { ok: boolean; data?: unknown };
    } finally {
      session.sid = null;
    }
  };

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

  it("machine API: events (agent and integration tokens), every field and the payload", async () => {
    const where = "POST /api/v1/events";
    const big = corpus(where)
      .map((p) => p.text)
      .join("\n");
    const short = texts(where + " fields", 190);
    const events = short.map((t, i) => ({
      id: randomUUID(),
      type: "tool.post",
      session_id: `sess ${t}`,
      initiated_by: t,
      action: { type: "shell.exec", tool: "Bash", repository: `acme/payments ${t}`, branch: t, environment: t, resource: t, command: t, endpoint: t },
      outcome: "success",
      rollback_ref: t,
      payload: i === 0 ? { output: big, tool_input: keyed(where), [`hdr ${t}`]: 1 } : { output: t },
    }));
    await call(where, "POST", "/api/v1/events", fx.a.token, { events });
    // an integration token naming an agent that is not registered: a shadow agent and a violation
    const shadow = texts(where + " shadow agent", 190);
    await call(where + " (integration)", "POST", "/api/v1/events", fx.scoped["events:write"], {
      events: shadow.map((t) => ({ id: randomUUID(), type: "session.end", agent: t, session_id: `s2 ${t}`, payload: { note: t } })),
    });
  });

  it("machine API: decisions (gated with an approval request, denied)", async () => {
    const where = "POST /api/v1/decisions";
    for (const [i, t] of texts(where, 290).entries()) {
      // gated (gate-dependencies) and inside the agent's scope: an approval request holds the text
      const r = await call(where, "POST", "/api/v1/decisions", fx.a.token, {
        action: { type: "dependency.change", tool: "Bash", repository: "acme/payments", branch: `feature/planted-${i}` },
        session_id: `dec ${t}`,
        initiated_by: t,
        justification: t,
      });
      if (r.json?.decision !== "ask") answers.push(`${where}: expected ask, got ${r.text.slice(0, 200)}`);
      await call(where, "POST", "/api/v1/decisions", fx.a.token, {
        action: { type: "git.merge", tool: "Bash", repository: "acme/payments", branch: "main", resource: t, command: `git merge ${t}` },
        session_id: `dec1 ${t}`,
        initiated_by: t,
        justification: t,
      });
      await call(where, "POST", "/api/v1/decisions", fx.a.token, {
        action: { type: "network.request", tool: "WebFetch", endpoint: `https://api.example.com/?q=${encodeURIComponent("x")} ${t}`, command: `curl ${t}` },
        session_id: `dec2 ${t}`,
        initiated_by: t,
      });
    }
  });

  it("machine API: Claude Code, Cursor and Copilot hooks", async () => {
    const where = "POST /api/hooks/*";
    for (const t of texts(where, 1000)) {
      const sid = `hook-${randomUUID()}`;
      await call(where, "POST", "/api/hooks/claude-code?wait_seconds=0", fx.a.token, {
        session_id: sid,
        hook_event_name: "PreToolUse",
        cwd: "/work/repo",
        tool_name: "Bash",
        tool_input: { command: `echo ok # ${t}` },
      });
      await call(where, "POST", "/api/hooks/claude-code", fx.a.token, {
        session_id: sid,
        hook_event_name: "PostToolUse",
        cwd: "/work/repo",
        tool_name: "Bash",
        tool_input: { command: "env" },
        tool_response: { stdout: t, stderr: "" },
      });
      await call(where, "POST", "/api/hooks/claude-code", fx.a.token, {
        session_id: sid,
        hook_event_name: "UserPromptSubmit",
        cwd: "/work/repo",
        prompt: `use ${t}`,
      });
      await call(where, "POST", "/api/hooks/cursor", fx.a.token, {
        conversation_id: `c-${randomUUID()}`,
        hook_event_name: "beforeShellExecution",
        workspace_roots: ["/work/repo"],
        command: `echo ${t}`,
        cwd: "/work/repo",
      });
      await call(where, "POST", "/api/hooks/copilot", fx.a.token, {
        sessionId: `cp-${randomUUID()}`,
        timestamp: Date.now(),
        cwd: "/work/repo",
        toolName: "bash",
        toolArgs: JSON.stringify({ command: `echo ${t}` }),
      });
    }
  });

  it("machine API: CI runs with SARIF and JUnit reports and proof, defects", async () => {
    const where = "POST /api/v1/ci/runs";
    const ts = texts(where, 900);
    const sarif = {
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "semgrep", rules: [{ id: "leak", shortDescription: { text: ts[0] } }] } },
          results: ts.map((t, i) => ({
            ruleId: `rule-${i}`,
            level: "error",
            message: { text: t },
            locations: [{ physicalLocation: { artifactLocation: { uri: `src/${i}.ts` }, region: { startLine: 1 } } }],
            ...(i === 0 ? { suppressions: [{ kind: "inSource", justification: t }] } : {}),
          })),
        },
      ],
    };
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
    const junit = `<?xml version="1.0"?><testsuites><testsuite name="unit" tests="${ts.length}">${ts
      .map(
        (t, i) =>
          `<testcase classname="c" name="case ${i}" file="src/${i}.ts"><failure message="${esc(t)}">${esc(t)}</failure><system-out>${esc(t)}</system-out></testcase>`,
      )
      .join("")}</testsuite></testsuites>`;
    const proof = { tests_run: ts, invariants: ts, untested: ts };
    const url = `https://ci:${one(where + " url", "https basic-auth password")}@ci.example.com/run/1`;
    await call(where, "POST", "/api/v1/ci/runs", fx.scoped["ci:write"], {
      repository: "acme/payments",
      commit_sha: "abcdef1234567",
      gate: "semgrep",
      status: "failed",
      url,
      report: { format: "sarif", content: JSON.stringify(sarif) },
      proof,
    });
    await call(where, "POST", "/api/v1/ci/runs", fx.scoped["ci:write"], {
      repository: "acme/payments",
      commit_sha: "abcdef1234567",
      gate: "unit",
      status: "failed",
      report: { format: "junit", content: junit },
    });
    await call(where, "POST", "/api/v1/ci/runs", fx.scoped["ci:write"], {
      repository: "acme/payments",
      commit_sha: "abcdef1234567",
      gate: "lint",
      status: "failed",
      report: { format: "text", content: ts.join("\n") },
    });

    const d = "POST /api/v1/defects";
    for (const t of texts(d, 480))
      await call(d, "POST", "/api/v1/defects", fx.scoped["defects:write"], {
        repository: "acme/payments",
        title: t,
        severity: "high",
        found: "post_merge",
        url: "https://issues.example.com/1",
      });
    const url2 = `https://bot:${one(d + " url", "https basic-auth password")}@issues.example.com/2?token=${one(d + " url", "aws access key id")}`;
    await call(d, "POST", "/api/v1/defects", fx.scoped["defects:write"], {
      repository: "acme/payments",
      title: "credentials in the issue link",
      severity: "low",
      found: "pre_merge",
      url: url2,
    });
  });

  it("machine API: GitHub webhooks (pull request title, body, branches; push commit messages)", async () => {
    const where = "POST /api/webhooks/github";
    const ts = texts(where, 3000);
    const send = async (event: string, payload: unknown) => {
      const raw = JSON.stringify(payload);
      const r = await api.request("POST", "/api/webhooks/github", {
        raw,
        headers: {
          "content-type": "application/json",
          "x-github-event": event,
          "x-github-delivery": randomUUID(),
          "x-hub-signature-256": signBody(WEBHOOK_SECRET, raw),
        },
      });
      expectOk(`${where} ${event}`, r.status, r.text);
    };
    for (const [i, t] of ts.entries()) {
      const number = 100 + i;
      await send("pull_request", {
        action: "opened",
        number,
        repository: { full_name: "acme/payments" },
        pull_request: {
          number,
          html_url: `https://github.com/acme/payments/pull/${number}`,
          title: t.replaceAll("\n", " "),
          body: t,
          state: "open",
          merged: false,
          created_at: new Date().toISOString(),
          user: { login: "dev", type: "User" },
          head: { sha: "abcdef1234567890", ref: `feature/x-${i}` },
          base: { ref: "main" },
        },
      });
      await send("push", {
        ref: "refs/heads/main",
        after: "0123456789abcdef0123456789abcdef01234567",
        repository: { full_name: "acme/payments", default_branch: "main" },
        pusher: { name: "dev" },
        commits: [
          {
            id: `0123456789abcdef0123456789abcdef0123456${i}`,
            message: `fix: rotate\n\n${t}`,
            author: { name: "Dev", email: "dev@acme.test" },
            added: [],
            modified: ["src/a.ts"],
            removed: [],
          },
        ],
      });
    }
    // a delivery of more than 256 KiB is redacted on the off-loop worker (lib/github/webhook.ts)
    const before = offLoopSettings.done;
    const large = texts(where + " (large delivery)", 3000);
    await send("push", {
      ref: "refs/heads/main",
      after: "1123456789abcdef0123456789abcdef01234567",
      repository: { full_name: "acme/payments", default_branch: "main" },
      pusher: { name: "dev" },
      commits: Array.from({ length: 300 }, (_, i) => ({
        id: `1123456789abcdef0123456789abcdef${String(i).padStart(8, "0")}`,
        message: `chore: step ${i}\n\n${large[i % large.length]}\n${"padding ".repeat(120)}`,
        author: { name: "Dev", email: "dev@acme.test" },
        added: [],
        modified: ["src/a.ts"],
        removed: [],
      })),
    });
    expect(offLoopSettings.done).toBeGreaterThan(before);
  });

  it("machine API: OTLP metrics and logs (session ids, models, tool names, error texts, decision sources)", async () => {
    const where = "POST /api/otlp/v1/*";
    const stored = async () =>
      Number(
        (
          (await get().db.execute(
            sql`SELECT count(*)::int AS n FROM audit_events WHERE agent_id = ${fx.a.agent.id} AND type IN ('telemetry.tool_decision', 'telemetry.api_error')`,
          )) as unknown as { rows: { n: number }[] }
        ).rows[0].n,
      );
    const before = await stored();
    let sent = 0;
    const sv = (key: string, v: string) => ({ key, value: { stringValue: v } });
    const now = `${Date.now()}000000`;
    for (const t of texts(where, 190)) {
      const session = `otel ${t}`;
      const metrics = {
        resourceMetrics: [
          {
            resource: { attributes: [sv("service.name", "claude-code")] },
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: "claude_code.cost.usage",
                    sum: {
                      aggregationTemporality: 1,
                      isMonotonic: true,
                      dataPoints: [{ timeUnixNano: now, asDouble: 0.01, attributes: [sv("session.id", session), sv("model", t)] }],
                    },
                  },
                ],
              },
            ],
          },
        ],
      };
      await call(where, "POST", "/api/otlp/v1/metrics", fx.a.token, metrics);
      const record = (name: string, attrs: ReturnType<typeof sv>[]) => ({
        timeUnixNano: now,
        body: { stringValue: name },
        attributes: [sv("session.id", session), ...attrs],
      });
      const logs = {
        resourceLogs: [
          {
            resource: { attributes: [sv("service.name", "claude-code")] },
            scopeLogs: [
              {
                logRecords: [
                  record("claude_code.tool_decision", [sv("tool_name", t), sv("decision", "accept"), sv("source", t), sv("tool_use_id", `toolu ${t}`)]),
                  record("claude_code.api_error", [sv("error", t), sv("model", t), sv("status_code", "500")]),
                ],
              },
            ],
          },
        ],
      };
      await call(where, "POST", "/api/otlp/v1/logs", fx.a.token, logs);
      sent += 2;
    }
    // the texts were stored (redacted), not dropped: the dump below is searched for them
    expect(await stored()).toBe(before + sent);
  });

  it("machine API: agents (description), tokens (name), kill and resume (reasons)", async () => {
    const where = "POST /api/v1/agents";
    const token = fx.scoped["agents:write"];
    for (const t of texts(where, 2000)) {
      const slug = `planted-${randomUUID().slice(0, 8)}`;
      await call(where, "POST", "/api/v1/agents", token, {
        slug,
        name: "Planted",
        role: "code-review",
        team: fx.team.slug,
        sponsor: fx.sponsor.email,
        model: "claude-sonnet-4-5",
        toolchain: "claude-code 2.0",
        description: t,
      });
      await call(where + "/:id/kill", "POST", `/api/v1/agents/${slug}/kill`, token, { reason: t });
      await call(where + "/:id/resume", "POST", `/api/v1/agents/${slug}/resume`, token, { reason: t });
    }
    for (const name of texts(where + "/:id/tokens", 120))
      await call(where + "/:id/tokens", "POST", `/api/v1/agents/${fx.b.agent.slug}/tokens`, token, { ttl_seconds: 3600, name });
  });

  it("dashboard server actions: reasons, descriptions, approval decisions, triage notes, reviews, names", async () => {
    setProcessDb(get());
    const db = get().db;
    const reg = await import("@/lib/registry/actions");
    const appr = await import("@/lib/approvals/actions");
    const viol = await import("@/lib/violations/actions");
    const people = await import("@/lib/people/actions");

    const w = (s: string) => `action ${s}`;
    // approvals first: a fleet freeze (below) cancels every pending request
    // approvals: the pending requests the decisions above opened, decided with a reason
    const pending = await db
      .select({ id: approvalRequests.id })
      .from(approvalRequests)
      .where(and(eq(approvalRequests.agentId, fx.a.agent.id), eq(approvalRequests.status, "pending")));
    const reasons = texts(w("approvals"), 1000);
    expect(pending.length).toBeGreaterThanOrEqual(reasons.length);
    for (const [i, t] of reasons.entries()) {
      const ap = pending[i];
      if (i % 2) await act(w("decideApprovalAction"), "approver", appr.decideApprovalAction, { id: ap.id, decision: "deny", reason: t });
      else await act(w("bulkDenyAction"), "approver", appr.bulkDenyAction, { ids: [ap.id], reason: t });
    }
    // violations: triage notes, and a kill from a violation
    const open = await db.select({ id: violations.id }).from(violations).limit(50);
    const ofA = await db.select({ id: violations.id }).from(violations).where(eq(violations.agentId, fx.a.agent.id)).limit(1);
    expect(open.length).toBeGreaterThan(0);
    expect(ofA.length).toBe(1);
    for (const t of texts(w("triage"), 2000))
      await act(w("triageViolationsAction"), "security_lead", viol.triageViolationsAction, { ids: open.map((v) => v.id), status: "triaged", note: t });
    for (const t of texts(w("violation kill"), 500)) {
      await act(w("killAgentFromViolationAction"), "security_lead", viol.killAgentFromViolationAction, { violationId: ofA[0].id, reason: t });
      await fx.restore();
    }
    for (const t of texts(w("queue kill"), 1000)) {
      await act(w("killAgentFromQueueAction"), "approver", appr.killAgentFromQueueAction, { agentId: fx.b.agent.id, reason: t });
      await act(w("resumeAgentAction"), "admin", reg.resumeAgentAction, { id: fx.b.agent.id, reason: t });
    }
    // agents: create (description), update (description), review notes, kill/resume/retire reasons
    for (const t of texts(w("agents"), 120)) {
      const slug = `ui-${randomUUID().slice(0, 8)}`;
      const created = await act(w("createAgentAction"), "admin", reg.createAgentAction, {
        slug,
        name: "UI planted",
        role: "refactoring",
        kind: "custom",
        team: fx.team.slug,
        sponsor: fx.sponsor.email,
        model: "m",
        toolchainVersion: "t",
        description: t,
      });
      const id = (created.data as { id: string }).id;
      await act(w("updateAgentAction"), "admin", reg.updateAgentAction, { id, description: `updated ${t}` });
      await act(w("recordReviewAction"), "admin", reg.recordReviewAction, { agentId: id, outcome: "keep", notes: t });
      await act(w("issueTokenAction"), "admin", reg.issueTokenAction, { agentId: id, ttlSeconds: 3600, name: t });
      await act(w("killAgentAction"), "admin", reg.killAgentAction, { id, reason: t });
      await act(w("resumeAgentAction"), "admin", reg.resumeAgentAction, { id, reason: t });
      await act(w("retireAgentAction"), "admin", reg.retireAgentAction, { id, reason: t });
    }
    for (const t of texts(w("fleet"), 2000)) {
      await act(w("freezeFleetAction"), "admin", reg.freezeFleetAction, { reason: t });
      await act(w("unfreezeFleetAction"), "admin", reg.unfreezeFleetAction, { reason: t });
    }
    // names an admin types
    for (const t of texts(w("names"), 100)) {
      await act(w("createTeamAction"), "admin", people.createTeamAction, { slug: `t-${randomUUID().slice(0, 8)}`, name: t });
      await act(w("createIntegrationTokenAction"), "admin", people.createIntegrationTokenAction, { name: t, scopes: ["events:write"] });
      await act(w("createWebhookAction"), "security_lead", viol.createWebhookAction, { name: t, url: "https://hooks.example.com/alerts", minSeverity: "high" });
    }
    await fx.restore();
  });

  it("every write path was taken (no planted value went unsent)", () => {
    expect(answers).toEqual([]);
    expect(new Set(planted.map((p) => p.path)).size).toBeGreaterThan(10);
    // every format of the corpus, and values under secret-named keys
    expect(new Set(planted.map((p) => p.format)).size).toBe(plantedCorpus("x").length + 1);
  });

  it("no planted value is in any table or any export", async () => {
    const db = get().db;
    setProcessDb(get());
    const { tables, text: dump } = await dumpAllTables(db);
    expect(tables.length).toBeGreaterThan(25);

    const exports: Record<string, string> = {};
    for (const format of ["csv", "jsonl", "ocsf"]) {
      const r = await api.request("GET", `/api/v1/audit/export?format=${format}`, { token: fx.scoped["audit:read"] });
      expect(r.status, `audit export ${format}`).toBe(200);
      exports[`audit ${format}`] = r.text;
    }
    session.sid = fx.people.admin.sid;
    try {
      for (const file of [
        "app/(dashboard)/violations/export/route.ts",
        "app/(dashboard)/approvals/export/route.ts",
        "app/(dashboard)/agents/export/route.ts",
      ]) {
        const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as { GET: (r: Request) => Promise<Response> };
        const res = await mod.GET(new Request("http://localhost/export"));
        expect(res.status, file).toBe(200);
        exports[file] = await res.text();
      }
    } finally {
      session.sid = null;
    }
    // The exports hold what was planted (redacted): an empty export would prove nothing.
    expect(exports["audit jsonl"]).toContain("[REDACTED:");
    expect(exports["app/(dashboard)/violations/export/route.ts"].split("\n").length).toBeGreaterThan(3);
    expect(exports["app/(dashboard)/approvals/export/route.ts"]).toContain("REDACTED");

    const haystacks: [string, string][] = [
      ["database dump", dump.toLowerCase()],
      ...Object.entries(exports).map(([k, v]) => [k, v.toLowerCase()] as [string, string]),
    ];
    const found: string[] = [];
    for (const p of planted) {
      const needles = [p.secret.toLowerCase(), encodeURIComponent(p.secret).toLowerCase()];
      for (const [where, hay] of haystacks)
        if (needles.some((n) => hay.includes(n))) {
          const at = hay.indexOf(needles.find((n) => hay.includes(n))!);
          found.push(`${p.path} × ${p.format} → ${where}: …${hay.slice(Math.max(0, at - 80), at + 20)}…`);
        }
    }
    expect(found, `${found.length} of ${planted.length} planted values found`).toEqual([]);
    expect(dump).toContain("[REDACTED:");
  });
});
