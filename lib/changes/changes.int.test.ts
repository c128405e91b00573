import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import examples from "@octokit/webhooks-examples";
import type { CheckRunEvent, PullRequestEvent, PushEvent, WorkflowRunEvent, CheckSuiteEvent, PullRequestReviewEvent } from "@octokit/webhooks-types";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { setProcessEnv } from "@/lib/env";
import { changes, defects, gateFindings, gateRuns, kpiDaily, shadowAgents, violationEvidence, violations, webhookDeliveries } from "@/db/schema";
import { createIntegrationToken } from "@/lib/people/queries";
import { signBody } from "@/lib/github/signature";
import { rebuildKpiRollups } from "@/lib/kpis/rollup";
import { loadHeadlineTiles, loadKpiPage } from "@/lib/kpis/queries";
import { listChanges, getChangeDetail } from "@/lib/changes/queries";
import { operatorActor } from "@/lib/auth/actor";

const SECRET = "webhook-secret-for-tests";
const fixture = (n: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", n), "utf8");

function example<T>(name: string, pick: (e: any) => boolean): T {
  const def = examples.find((d) => d.name === name);
  const ex = def?.examples.find(pick);
  if (!ex) throw new Error(`no ${name} example`);
  return structuredClone(ex) as T;
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const sha = (c: string) => c.repeat(40).slice(0, 40);

describeEngines("changes: GitHub webhooks, CI gates, defects, KPIs", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let ciToken: string;
  let defectsToken: string;
  let eventsOnly: string;

  beforeAll(async () => {
    setProcessEnv("GITHUB_WEBHOOK_SECRET", "");
    api = await startTestApi(get());
    const actor = operatorActor("test");
    ciToken = (await createIntegrationToken(get().db, { name: "ci", scopes: ["ci:write"] }, actor)).token;
    defectsToken = (await createIntegrationToken(get().db, { name: "defects", scopes: ["defects:write"] }, actor)).token;
    eventsOnly = (await createIntegrationToken(get().db, { name: "events", scopes: ["events:write"] }, actor)).token;
  });
  afterAll(async () => {
    await api?.close();
  });

  async function deliver(event: string, payload: unknown, opts: { id?: string; sig?: string | null } = {}) {
    const raw = JSON.stringify(payload);
    const headers: Record<string, string> = { "x-github-event": event, "x-github-delivery": opts.id ?? randomUUID() };
    if (opts.sig !== null) headers["x-hub-signature-256"] = opts.sig ?? signBody(SECRET, raw);
    return api.request("POST", "/api/webhooks/github", { raw, headers });
  }

  const humanPr = () => {
    const p = example<PullRequestEvent>("pull_request", (e) => e.action === "opened");
    p.pull_request.created_at = hoursAgo(30);
    return p;
  };
  const agentPr = () => {
    const p = humanPr();
    p.number = 3;
    p.pull_request.number = 3;
    p.pull_request.user.login = "devin-ai-integration[bot]";
    p.pull_request.user.type = "Bot";
    p.pull_request.head.sha = sha("3");
    p.pull_request.head.ref = "devin/retry-payments";
    p.pull_request.body = "Adds retries.\n\nLink to Devin run: https://app.devin.ai/sessions/0123";
    return p;
  };

  it("answers 503 while GITHUB_WEBHOOK_SECRET is unset", async () => {
    const res = await deliver("ping", { zen: "hi" });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("service_unavailable");
    setProcessEnv("GITHUB_WEBHOOK_SECRET", SECRET);
  });

  it("rejects a bad or missing signature with 401 and stores nothing", async () => {
    const p = humanPr();
    expect((await deliver("pull_request", p, { sig: signBody("wrong", JSON.stringify(p)) })).status).toBe(401);
    expect((await deliver("pull_request", p, { sig: null })).status).toBe(401);
    // signed over different bytes than sent
    const res = await api.request("POST", "/api/webhooks/github", {
      raw: JSON.stringify(p) + " ",
      headers: { "x-github-event": "pull_request", "x-github-delivery": randomUUID(), "x-hub-signature-256": signBody(SECRET, JSON.stringify(p)) },
    });
    expect(res.status).toBe(401);
    expect(await get().db.select().from(changes)).toHaveLength(0);
  });

  it("records a real pull_request.opened payload once per delivery", async () => {
    const id = randomUUID();
    const first = await deliver("pull_request", humanPr(), { id });
    expect(first.status).toBe(200);
    expect(first.json.status).toBe("processed");
    const again = await deliver("pull_request", humanPr(), { id });
    expect(again.status).toBe(200);
    expect(again.json.duplicate).toBe(true);
    const rows = await get().db.select().from(changes);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ repository: "Codertocat/Hello-World", number: 2, authorKind: "human", state: "open" });
    expect(await get().db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, id))).toHaveLength(1);
  });

  it("acknowledges and ignores other events and uninteresting actions", async () => {
    const issue = examples.find((d) => d.name === "issues")!.examples[0];
    const res = await deliver("issues", issue);
    expect(res.status).toBe(202);
    const labeled = example<PullRequestEvent>("pull_request", (e) => e.action === "labeled");
    expect((await deliver("pull_request", labeled)).status).toBe(202);
    expect((await deliver("constructor", { a: 1 })).status).toBe(202);
  });

  it("attributes a bot-authored PR to the agent and records the shadow agent", async () => {
    expect((await deliver("pull_request", agentPr())).status).toBe(200);
    const [c] = await get().db.select().from(changes).where(eq(changes.number, 3));
    expect(c).toMatchObject({ authorKind: "agent", agentLabel: "Devin" });
    expect(c.attributionConfidence).toBeGreaterThan(0.9);
    const [shadow] = await get().db.select().from(shadowAgents).where(eq(shadowAgents.identifier, "devin"));
    expect(shadow).toMatchObject({ source: "commit" });
  });

  it("a push to the PR branch adds commits, trailers and security-adjacent paths", async () => {
    const push = example<PushEvent>("push", (e) => e.ref === "refs/heads/master" && e.commits.length > 0);
    push.ref = "refs/heads/devin/retry-payments";
    push.after = sha("4");
    const c0 = push.commits[0];
    push.commits = [
      {
        ...c0,
        id: sha("4"),
        message: "Retry card charges\n\nCo-authored-by: Claude <noreply@anthropic.com>",
        added: [],
        modified: ["src/pay.ts", ".github/workflows/ci.yml"],
        removed: [],
        timestamp: hoursAgo(29),
      },
    ];
    push.head_commit = push.commits[0];
    expect((await deliver("push", push)).status).toBe(200);
    const [c] = await get().db.select().from(changes).where(eq(changes.number, 3));
    expect(c.securityAdjacent).toBe(true);
    expect(c.flaggedPaths).toEqual([".github/workflows/ci.yml"]);
    expect(c.headSha).toBe(sha("4"));
    const ev = c.attributionEvidence as { source: string }[];
    expect(ev.map((e) => e.source)).toEqual(["bot_author", "trailer", "pr_body"]);
  });

  it("a direct push to the default branch is a merged change of its own", async () => {
    const push = example<PushEvent>("push", (e) => e.ref === "refs/heads/master" && e.commits.length > 0);
    push.commits[0].timestamp = hoursAgo(20);
    push.head_commit = push.commits[0];
    expect((await deliver("push", push)).status).toBe(200);
    const [c] = await get().db.select().from(changes).where(eq(changes.headSha, push.after));
    expect(c).toMatchObject({ number: null, state: "merged", authorKind: "human", title: "Initial commit" });
  });

  it("check_run, workflow_run and check_suite payloads become gate runs of the change", async () => {
    const failed = example<CheckRunEvent>("check_run", (e) => e.action === "completed" && e.check_run.conclusion === "failure");
    failed.check_run.completed_at = hoursAgo(4);
    const res = await deliver("check_run", failed);
    expect(res.status).toBe(200);
    const passedAgain = example<CheckRunEvent>("check_run", (e) => e.action === "completed" && e.check_run.conclusion === "success");
    passedAgain.check_run.id = 999_001;
    passedAgain.check_run.completed_at = hoursAgo(2);
    await deliver("check_run", passedAgain);
    const wr = example<WorkflowRunEvent>(
      "workflow_run",
      (e) => e.action === "completed" && e.workflow_run.conclusion === "success" && e.workflow_run.pull_requests.length > 0,
    );
    await deliver("workflow_run", wr);
    const suite = example<CheckSuiteEvent>("check_suite", (e) => e.action === "completed" && e.check_suite.pull_requests.length > 0);
    expect((await deliver("check_suite", suite)).status).toBe(200);
    const [pr2] = await get().db.select().from(changes).where(eq(changes.number, 2));
    const runs = await get().db.select().from(gateRuns).where(eq(gateRuns.changeId, pr2.id)).orderBy(asc(gateRuns.createdAt));
    expect(runs.map((r) => [r.gate, r.stage, r.status])).toEqual([
      ["lint", "static", "failed"],
      ["lint", "static", "passed"],
    ]);
    // the same check run delivered again (a new delivery id) updates, never duplicates
    await deliver("check_run", failed);
    expect(await get().db.select().from(gateRuns).where(eq(gateRuns.changeId, pr2.id))).toHaveLength(2);
  });

  it("CI runs: SARIF, JUnit and CycloneDX reports become findings and test counts", async () => {
    const base = { repository: "Codertocat/Hello-World", commit_sha: sha("4"), pull_request: 3, started_at: hoursAgo(3), finished_at: hoursAgo(3) };
    const sast = await api.request("POST", "/api/v1/ci/runs", {
      token: ciToken,
      body: { ...base, gate: "sast", status: "failed", report: { format: "sarif", content: fixture("codeql-javascript.sarif.json") } },
    });
    expect(sast.status).toBe(201);
    expect(sast.json.findings).toBe(3);
    const unit = await api.request("POST", "/api/v1/ci/runs", {
      token: ciToken,
      body: {
        ...base,
        gate: "unit",
        status: "passed",
        report: { format: "junit", content: fixture("pytest-junit.xml") },
        proof: { invariants: ["ledger balances"], untested: ["network partition during capture"] },
      },
    });
    expect(unit.status).toBe(201);
    const sca = await api.request("POST", "/api/v1/ci/runs", {
      token: ciToken,
      body: { ...base, gate: "sca", status: "passed", report: { format: "cyclonedx", content: fixture("cyclonedx-1.5.json") } },
    });
    expect(sca.json.findings).toBe(3);
    const [run] = await get().db.select().from(gateRuns).where(eq(gateRuns.id, unit.json.id));
    expect(run).toMatchObject({ stage: "behaviour", testsTotal: 5, testsFailed: 2, testsSkipped: 1, reportFormat: "junit" });
    expect(run.proof).toMatchObject({ invariants: ["ledger balances"], untested: ["network partition during capture"] });
    expect((run.proof as { tests_run: string[] }).tests_run).toHaveLength(5);
    const f = await get().db.select().from(gateFindings).where(eq(gateFindings.gateRunId, sast.json.id));
    expect(
      f
        .filter((x) => x.status === "open")
        .map((x) => x.severity)
        .sort(),
    ).toEqual(["high", "high", "low"]);
    expect(f.filter((x) => x.status === "suppressed")).toHaveLength(1);
  });

  it("CI runs: malformed reports → 400, missing scope → 403, no token → 401", async () => {
    const base = { repository: "Codertocat/Hello-World", commit_sha: sha("4"), gate: "sast", status: "failed" };
    const bad = await api.request("POST", "/api/v1/ci/runs", {
      token: ciToken,
      body: { ...base, report: { format: "sarif", content: '{"version":"2.1.0"}' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_request");
    expect(bad.json.error.message).toMatch(/SARIF/);
    const badXml = await api.request("POST", "/api/v1/ci/runs", {
      token: ciToken,
      body: { ...base, report: { format: "junit", content: "<testsuite><testcase>" } },
    });
    expect(badXml.status).toBe(400);
    expect((await api.request("POST", "/api/v1/ci/runs", { token: eventsOnly, body: base })).status).toBe(403);
    expect((await api.request("POST", "/api/v1/ci/runs", { body: base })).status).toBe(401);
    expect((await api.request("POST", "/api/v1/ci/runs", { token: ciToken, body: { ...base, status: "green" } })).status).toBe(400);
  });

  it("merging the agent change without lint and without a human approval raises one gate_override violation", async () => {
    const closed = example<PullRequestEvent>("pull_request", (e) => e.action === "closed");
    const agent = agentPr();
    const merged = {
      ...closed,
      number: 3,
      pull_request: {
        ...closed.pull_request,
        ...agent.pull_request,
        state: "closed",
        merged: true,
        merged_at: hoursAgo(1),
        closed_at: hoursAgo(1),
        merge_commit_sha: sha("5"),
      },
    };
    expect((await deliver("pull_request", merged)).status).toBe(200);
    const v = await get().db.select().from(violations).where(eq(violations.kind, "gate_override"));
    expect(v).toHaveLength(1);
    expect(v[0].explanation).toMatch(/lint/);
    expect(v[0].explanation).toMatch(/security-adjacent/);
    expect(v[0].severity).toBe("high");
    const evidence = await get().db.select().from(violationEvidence).where(eq(violationEvidence.violationId, v[0].id));
    expect(evidence).toHaveLength(1);
    // redelivering the same merge (new delivery id) does not raise again: it is no transition
    await deliver("pull_request", merged);
    expect((await get().db.select().from(violations).where(eq(violations.kind, "gate_override")))[0].count).toBe(1);
  });

  it("a human approval review is recorded on the change", async () => {
    const review = example<PullRequestReviewEvent>("pull_request_review", (e) => e.action === "submitted");
    review.review.state = "approved";
    // the example has the author review their own pull request, which GitHub does not count as an approval
    review.review.user = { ...review.review.user!, login: "hubot" };
    await deliver("pull_request_review", review);
    const [pr2] = await get().db.select().from(changes).where(eq(changes.number, 2));
    expect(pr2.humanApproved).toBe(true);
    const closed = example<PullRequestEvent>("pull_request", (e) => e.action === "closed");
    closed.pull_request.merged = true;
    closed.pull_request.merged_at = hoursAgo(5);
    closed.pull_request.created_at = hoursAgo(30);
    expect((await deliver("pull_request", closed)).status).toBe(200);
  });

  it("defects link by introduced_by, by a revert of the fix commit, and stay unlinked otherwise", async () => {
    const explicit = await api.request("POST", "/api/v1/defects", {
      token: defectsToken,
      body: { repository: "Codertocat/Hello-World", title: "double charge", severity: "high", found: "post_merge", introduced_by: { commit_sha: sha("4") } },
    });
    expect(explicit.status).toBe(201);
    expect(explicit.json).toMatchObject({ link_method: "explicit" });
    const pre = await api.request("POST", "/api/v1/defects", {
      token: defectsToken,
      body: {
        repository: "Codertocat/Hello-World",
        title: "sql injection caught by codeql",
        severity: "high",
        found: "pre_merge",
        introduced_by: { commit_sha: sha("4") },
      },
    });
    expect(pre.status).toBe(201);
    // a revert of PR #2's head commit, pushed to a branch
    const [pr2] = await get().db.select().from(changes).where(eq(changes.number, 2));
    const push = example<PushEvent>("push", (e) => e.ref === "refs/heads/master" && e.commits.length > 0);
    push.ref = "refs/heads/revert-2";
    push.after = sha("6");
    push.commits = [{ ...push.commits[0], id: sha("6"), message: `Revert "Update the README"\n\nThis reverts commit ${pr2.headSha}.`, timestamp: hoursAgo(1) }];
    push.head_commit = push.commits[0];
    await deliver("push", push);
    const revert = await api.request("POST", "/api/v1/defects", {
      token: defectsToken,
      body: {
        repository: "Codertocat/Hello-World",
        title: "README broke the docs site",
        severity: "low",
        found: "post_merge",
        fixed_by: { commit_sha: sha("6") },
      },
    });
    expect(revert.json).toMatchObject({ link_method: "revert", introduced_change_id: pr2.id });
    const none = await api.request("POST", "/api/v1/defects", {
      token: defectsToken,
      body: { repository: "Codertocat/Hello-World", title: "mystery", severity: "low", found: "post_merge" },
    });
    expect(none.json).toMatchObject({ link_method: "unlinked", introduced_change_id: null });
    expect(
      (await api.request("POST", "/api/v1/defects", { token: ciToken, body: { repository: "a/b", title: "x", severity: "low", found: "post_merge" } })).status,
    ).toBe(403);
    expect(await get().db.select().from(defects)).toHaveLength(4);
  });

  it("KPI numbers match hand-computed values, and incremental rollups equal a full rebuild", async () => {
    const db = get().db;
    const k = await loadKpiPage(db, { windowDays: 7, cohort: "author_kind" });
    const by = (s: typeof k.escapeRate, key: string) => s.cohorts.find((c) => c.key === key)?.total;
    // agent: PR #3 has one escaped + one pre-merge defect; human: PR #2 one escaped (revert)
    expect(by(k.escapeRate, "agent")).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(by(k.escapeRate, "human")).toEqual({ numerator: 1, denominator: 1, value: 1 });
    // merged: agent PR #3 (failed); human PR #2 (failed) + direct push (ok)
    expect(by(k.failureRate, "agent")).toEqual({ numerator: 1, denominator: 1, value: 1 });
    expect(by(k.failureRate, "human")).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    // changes: PR #2, PR #3, the direct push, the revert branch → 1 of 4 agent-authored
    expect(k.adoptionOverall).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    const gate = (g: string) => k.gatePass.find((x) => x.gate === g)?.total;
    expect(gate("sast")).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(gate("lint")?.value).toBe(0.5);
    // overview tiles: this week vs the week before (which holds nothing → no data)
    const tiles = await loadHeadlineTiles(db, 7);
    expect(tiles.escapeAgent.current).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(tiles.failureHuman.current.value).toBe(0.5);
    expect(tiles.adoption.previous.value).toBeNull();
    const before = await db.execute(sql`SELECT day::text, cohort_kind, cohort_key, metric, numerator, denominator FROM kpi_daily ORDER BY 1, 2, 3, 4`);
    await rebuildKpiRollups(db);
    const after = await db.execute(sql`SELECT day::text, cohort_kind, cohort_key, metric, numerator, denominator FROM kpi_daily ORDER BY 1, 2, 3, 4`);
    expect((after as any).rows).toEqual((before as any).rows);
    expect((await db.select().from(kpiDaily)).length).toBeGreaterThan(10);
    // the agent cohort of the rollups names the attributed agent
    const agentK = await loadKpiPage(db, { windowDays: 7, cohort: "agent" });
    expect(agentK.failureRate.cohorts.map((c) => c.key)).toEqual(["Devin"]);
    // "violations per agent" counts agents: a person's gate override (no agent id) is not one
    const people = (await db.execute(
      sql`SELECT DISTINCT coalesce(agent_slug, 'unattributed') AS s FROM violations WHERE agent_id IS NULL AND kind <> 'shadow_agent'`,
    )) as unknown as { rows: { s: string }[] };
    expect(people.rows.length).toBeGreaterThan(0);
    const ranked = k.violations.perAgent.map((a) => a.agent);
    expect(ranked.filter((a) => people.rows.some((p) => p.s === a))).toEqual([]);
  });

  it("lists changes with URL filters and loads a change's ladder", async () => {
    const db = get().db;
    const agentOnly = await listChanges(db, { author: "agent" });
    expect(agentOnly.rows.map((r) => r.number)).toEqual([3]);
    expect((await listChanges(db, { flagged: "1" })).rows).toHaveLength(1);
    const page1 = await listChanges(db, {}, 2);
    const page2 = await listChanges(db, { cursor: page1.nextCursor! }, 2);
    expect(new Set([...page1.rows, ...page2.rows].map((r) => r.id)).size).toBe(4);
    const d = await getChangeDetail(db, agentOnly.rows[0].id);
    expect(d!.runs.map((r) => r.gate).sort()).toEqual(["sast", "sca", "unit"]);
    expect(d!.introduced).toHaveLength(2);
  });
});
