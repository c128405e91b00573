import { generateKeyPairSync, randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import examples from "@octokit/webhooks-examples";
import type { PullRequestEvent, PullRequestReviewEvent, PushEvent } from "@octokit/webhooks-types";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { resetEnvCache } from "@/lib/env";
import { changeReviews, changes, githubStatusDeliveries } from "@/db/schema";
import { createIntegrationToken } from "@/lib/people/queries";
import { signBody } from "@/lib/github/signature";
import { getChangeDetail } from "@/lib/changes/queries";
import { deliverDueStatuses, queueTestStatus, STATUS_CONTEXT } from "./github-status";
import { startGithubStandIn, type GithubStandIn } from "./github-status-stand-in";
import { operatorActor } from "@/lib/auth/actor";

// The gatehouse/compliance commit status against a GitHub-like stand-in API, authenticated as
// a GitHub App (JWT → installation token), through the real webhook and CI run endpoints.
const SECRET = "status-webhook-secret";
const REPO = "Codertocat/Hello-World";
const sha = (c: string) => c.repeat(40).slice(0, 40);

function example<T>(name: string, pick: (e: any) => boolean): T {
  const ex = examples.find((d) => d.name === name)?.examples.find(pick);
  if (!ex) throw new Error(`no ${name} example`);
  return structuredClone(ex) as T;
}

const ENV = [
  "GITHUB_STATUS_HUMAN_PRS",
  "GITHUB_WEBHOOK_SECRET",
  "GITHUB_API_URL",
  "GITHUB_APP_ID",
  "GITHUB_APP_PRIVATE_KEY",
  "GITHUB_APP_INSTALLATION_ID",
  "GITHUB_STATUS_TOKEN",
  "NEXTAUTH_URL",
];

describeEngines("gatehouse/compliance commit status on GitHub", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let gh: GithubStandIn;
  let ciToken: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    gh = await startGithubStandIn({ app: { id: "4242", installationId: "99", publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() } });
    for (const k of ENV) saved[k] = process.env[k];
    Object.assign(process.env, {
      GITHUB_WEBHOOK_SECRET: SECRET,
      GITHUB_API_URL: gh.url,
      GITHUB_APP_ID: "4242",
      // as an environment variable usually holds it: one line with \n escapes
      GITHUB_APP_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString().replace(/\n/g, "\\n"),
      GITHUB_APP_INSTALLATION_ID: "99",
      NEXTAUTH_URL: "https://gatehouse.example.test",
    });
    delete process.env.GITHUB_STATUS_TOKEN;
    resetEnvCache();
    api = await startTestApi(get());
    ciToken = (await createIntegrationToken(get().db, { name: "ci", scopes: ["ci:write"] }, operatorActor("test"))).token;
  });
  afterAll(async () => {
    await api?.close();
    await gh?.close();
    for (const k of ENV)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    resetEnvCache();
  });

  async function deliver(event: string, payload: unknown, opts: { sig?: string } = {}) {
    const raw = JSON.stringify(payload);
    return api.request("POST", "/api/webhooks/github", {
      raw,
      headers: { "x-github-event": event, "x-github-delivery": randomUUID(), "x-hub-signature-256": opts.sig ?? signBody(SECRET, raw) },
    });
  }
  const gate = async (commit: string, name: string, status: string, pr?: number) => {
    const res = await api.request("POST", "/api/v1/ci/runs", {
      token: ciToken,
      body: { repository: REPO, commit_sha: commit, pull_request: pr ?? null, gate: name, status },
    });
    expect(res.status).toBe(201);
  };
  const send = () => deliverDueStatuses(get().db, { baseBackoffMs: 0 });
  const posted = (commit: string) => gh.statuses.filter((s) => s.sha === commit);
  const lastPosted = (commit: string) => posted(commit).at(-1);

  function pr(number: number, head: string, opts: { agent?: boolean; branch?: string } = {}) {
    const p = example<PullRequestEvent>("pull_request", (e) => e.action === "opened");
    p.number = number;
    p.pull_request.number = number;
    p.pull_request.head.sha = head;
    p.pull_request.head.ref = opts.branch ?? `branch-${number}`;
    if (opts.agent !== false) {
      p.pull_request.user.login = "devin-ai-integration[bot]";
      p.pull_request.user.type = "Bot";
      p.pull_request.body = "Link to Devin run: https://app.devin.ai/sessions/0123";
    }
    return p;
  }
  function review(number: number, id: number, login: string, state: string, type = "User") {
    const r = example<PullRequestReviewEvent>("pull_request_review", (e) => e.action === "submitted");
    r.pull_request.number = number;
    r.review.id = id;
    r.review.state = state as never;
    r.review.user = { ...r.review.user!, login, type: type as never };
    r.review.submitted_at = new Date().toISOString();
    return r;
  }
  const changeOf = async (number: number) => (await get().db.select().from(changes).where(eq(changes.number, number)))[0];

  it("an agent's pull request: pending while gates are missing, success once they passed", async () => {
    expect((await deliver("pull_request", pr(3, sha("3")))).status).toBe(200);
    await send();
    expect(lastPosted(sha("3"))).toMatchObject({ repository: REPO, state: "pending", context: STATUS_CONTEXT, description: "Waiting for: lint, unit, sast" });
    const c = await changeOf(3);
    expect(lastPosted(sha("3"))!.target_url).toBe(`https://gatehouse.example.test/changes/${c.id}`);
    // authenticated as the App: an installation token from the exchange, not the JWT
    expect(lastPosted(sha("3"))!.token).toMatch(/^ghs_/);
    await gate(sha("3"), "lint", "passed", 3);
    await gate(sha("3"), "unit", "passed", 3);
    await send();
    expect(lastPosted(sha("3"))).toMatchObject({ state: "pending", description: "Waiting for: sast" });
    // a result on another commit does not count for the head commit
    await gate(sha("e"), "sast", "passed", 3);
    await send();
    expect(lastPosted(sha("3"))).toMatchObject({ state: "pending", description: "Waiting for: sast" });
    await gate(sha("3"), "sast", "passed", 3);
    await send();
    expect(lastPosted(sha("3"))).toMatchObject({ state: "success", description: "All 3 required gates passed" });
    expect(gh.tokenExchanges).toBe(1);
    // nothing changed → nothing re-posted
    const n = gh.statuses.length;
    await deliver("pull_request", { ...pr(3, sha("3")), action: "edited" });
    await send();
    expect(gh.statuses.length).toBe(n);
  });

  it("a new head commit gets its own pending status", async () => {
    const push = example<PushEvent>("push", (e) => e.ref === "refs/heads/master" && e.commits.length > 0);
    push.ref = "refs/heads/branch-3";
    push.after = sha("6");
    push.commits = [{ ...push.commits[0], id: sha("6"), message: "More retries", added: [], modified: ["src/pay.ts"], removed: [] }];
    push.head_commit = push.commits[0];
    expect((await deliver("push", push)).status).toBe(200);
    await send();
    expect(lastPosted(sha("6"))).toMatchObject({ state: "pending", description: "Waiting for: lint, unit, sast" });
    expect(lastPosted(sha("3"))!.state).toBe("success");
  });

  it("failure lists the gates that failed and what is still missing", async () => {
    await deliver("pull_request", pr(4, sha("4")));
    await gate(sha("4"), "unit", "failed", 4);
    await gate(sha("4"), "lint", "overridden", 4);
    await send();
    expect(lastPosted(sha("4"))).toMatchObject({ state: "failure", description: "Failed: lint (overridden), unit (failed); missing: sast" });
    const detail = await getChangeDetail(get().db, (await changeOf(4)).id);
    expect(detail?.compliance).toMatchObject({ state: "failure", missing: ["sast"] });
  });

  it("a security-adjacent change needs the stricter gates and a human review; the reviewer is on record", async () => {
    await deliver("pull_request", pr(5, sha("5"), { branch: "devin/auth" }));
    const push = example<PushEvent>("push", (e) => e.ref === "refs/heads/master" && e.commits.length > 0);
    push.ref = "refs/heads/devin/auth";
    push.after = sha("7");
    push.commits = [{ ...push.commits[0], id: sha("7"), message: "Touch CI", added: [], modified: [".github/workflows/ci.yml"], removed: [] }];
    push.head_commit = push.commits[0];
    await deliver("push", push);
    expect((await changeOf(5)).securityAdjacent).toBe(true);
    for (const g of ["lint", "unit", "sast"]) await gate(sha("7"), g, "passed", 5);
    await send();
    expect(lastPosted(sha("7"))).toMatchObject({ state: "pending", description: "Waiting for: secrets, human review" });
    await gate(sha("7"), "secrets", "passed", 5);
    await send();
    expect(lastPosted(sha("7"))).toMatchObject({ state: "pending", description: "Waiting for: human review" });

    // a forged review is refused and stores nothing
    const forged = review(5, 901, "mallory", "approved");
    expect((await deliver("pull_request_review", forged, { sig: signBody("not-the-secret", JSON.stringify(forged)) })).status).toBe(401);
    // the agent's own bot approving is no human review
    expect((await deliver("pull_request_review", review(5, 902, "devin-ai-integration[bot]", "approved", "Bot"))).status).toBe(200);
    await send();
    expect(lastPosted(sha("7"))).toMatchObject({ state: "pending", description: "Waiting for: human review" });
    // a person requesting changes, then approving
    await deliver("pull_request_review", review(5, 903, "octocat", "changes_requested"));
    expect((await changeOf(5)).humanApproved).toBe(false);
    await deliver("pull_request_review", review(5, 904, "octocat", "approved"));
    await send();
    expect(lastPosted(sha("7"))).toMatchObject({ state: "success", description: "All 4 required gates passed; human review approved" });
    const c = await changeOf(5);
    expect(c.humanApproved).toBe(true);
    const rows = await get().db.select().from(changeReviews).where(eq(changeReviews.changeId, c.id)).orderBy(changeReviews.reviewId);
    expect(rows.map((r) => [r.reviewId, r.reviewerLogin, r.state, r.human])).toEqual([
      ["902", "devin-ai-integration[bot]", "approved", false],
      ["903", "octocat", "changes_requested", true],
      ["904", "octocat", "approved", true],
    ]);
    const detail = await getChangeDetail(get().db, c.id);
    expect(detail?.reviews.map((r) => r.reviewerLogin)).toEqual(["devin-ai-integration[bot]", "octocat", "octocat"]);
    // the approval dismissed → pending again
    const dismissed = review(5, 904, "octocat", "dismissed");
    dismissed.action = "dismissed";
    await deliver("pull_request_review", dismissed);
    await send();
    expect(lastPosted(sha("7"))).toMatchObject({ state: "pending", description: "Waiting for: human review" });
  });

  it("a human-authored pull request gets no status", async () => {
    await deliver("pull_request", pr(6, sha("8"), { agent: false }));
    expect((await changeOf(6)).authorKind).toBe("human");
    await gate(sha("8"), "lint", "failed", 6);
    await send();
    expect(posted(sha("8"))).toEqual([]);
    expect(
      await get()
        .db.select()
        .from(githubStatusDeliveries)
        .where(eq(githubStatusDeliveries.sha, sha("8"))),
    ).toEqual([]);
  });

  it("with GITHUB_STATUS_HUMAN_PRS=1 a human-authored pull request gets success, so the check can be required on shared branches", async () => {
    process.env.GITHUB_STATUS_HUMAN_PRS = "1";
    resetEnvCache();
    try {
      await deliver("pull_request", pr(8, sha("c"), { agent: false }));
      await gate(sha("c"), "lint", "failed", 8);
      await send();
      expect(posted(sha("c"))).toEqual([expect.objectContaining({ state: "success", description: "Not attributed to an agent: no Gatehouse gates apply" })]);
    } finally {
      delete process.env.GITHUB_STATUS_HUMAN_PRS;
      resetEnvCache();
    }
  });

  it("a post GitHub answers 500 is retried, and the newest post of a commit wins", async () => {
    await deliver("pull_request", pr(7, sha("9")));
    gh.failNext(1);
    expect(await send()).toEqual({ attempted: 1, delivered: 0 });
    const row = async () =>
      (
        await get()
          .db.select()
          .from(githubStatusDeliveries)
          .where(and(eq(githubStatusDeliveries.sha, sha("9"))))
          .orderBy(desc(githubStatusDeliveries.createdAt))
      )[0];
    expect(await row()).toMatchObject({ status: "retrying", attempts: 1, lastStatusCode: 500 });
    expect(posted(sha("9"))).toEqual([]);
    expect(await send()).toEqual({ attempted: 1, delivered: 1 });
    expect(await row()).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 201 });
    expect(lastPosted(sha("9"))).toMatchObject({ state: "pending" });
    // two results before the worker runs: only the newest verdict is posted
    gh.failNext(0);
    await gate(sha("9"), "lint", "passed", 7);
    await gate(sha("9"), "unit", "failed", 7);
    const before = posted(sha("9")).length;
    await send();
    expect(
      posted(sha("9"))
        .slice(before)
        .map((s) => s.description),
    ).toEqual(["Failed: unit (failed); missing: sast"]);
  });

  it("with a fine-grained token instead of an App: the token is sent as is (a test post from Settings)", async () => {
    const app = { id: process.env.GITHUB_APP_ID, key: process.env.GITHUB_APP_PRIVATE_KEY };
    const token = await startGithubStandIn({ token: "github_pat_test" });
    try {
      Object.assign(process.env, { GITHUB_STATUS_TOKEN: "github_pat_test", GITHUB_API_URL: token.url });
      delete process.env.GITHUB_APP_ID;
      delete process.env.GITHUB_APP_PRIVATE_KEY;
      resetEnvCache();
      await queueTestStatus(get().db, REPO, sha("b"));
      expect(await send()).toEqual({ attempted: 1, delivered: 1 });
      expect(token.statuses).toEqual([expect.objectContaining({ sha: sha("b"), state: "pending", context: STATUS_CONTEXT, token: "github_pat_test" })]);
    } finally {
      Object.assign(process.env, { GITHUB_APP_ID: app.id, GITHUB_APP_PRIVATE_KEY: app.key, GITHUB_API_URL: gh.url });
      delete process.env.GITHUB_STATUS_TOKEN;
      resetEnvCache();
      await token.close();
    }
  });
});
