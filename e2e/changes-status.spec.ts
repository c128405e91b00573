import { randomBytes } from "node:crypto";
import { test, expect, signInAs } from "./fixtures";
import { ciToken, deliverAgentPr, deliverGithub, githubStandInPort, GITHUB_STAND_IN_TOKEN, startGithubStandIn } from "./github";

// The merge-blocking gatehouse/compliance status: the e2e server's worker posts it to a
// GitHub-like stand-in (GITHUB_API_URL), as GitHub's branch protection would read it.
// one stand-in on one port: the tests of this file share a worker
test.describe.configure({ mode: "serial" });
let gh: Awaited<ReturnType<typeof startGithubStandIn>>;
test.beforeAll(async () => {
  gh = await startGithubStandIn({ port: githubStandInPort(), token: GITHUB_STAND_IN_TOKEN });
});
test.afterAll(async () => {
  await gh?.close();
});

test("an agent's pull request: the merge-blocking status goes from pending to success as gate results arrive; the change page shows the reviewer", async ({
  page,
  request,
  browser,
}) => {
  const repo = `e2e-${randomBytes(4).toString("hex")}/payments`;
  const number = 100 + Math.floor(Math.random() * 1000);
  const sha = randomBytes(20).toString("hex");
  const mine = (state: string, description?: string) => (s: { repository: string; sha: string; state: string; description?: string }) =>
    s.repository === repo && s.sha === sha && s.state === state && (!description || s.description === description);

  await deliverAgentPr(request, repo, number, sha);
  const pending = await gh.waitFor(mine("pending", "Waiting for: lint, unit, sast"));
  expect(pending).toMatchObject({ context: "gatehouse/compliance", token: GITHUB_STAND_IN_TOKEN });
  expect(pending.target_url).toMatch(/\/changes\/[0-9a-f-]{36}$/);

  const token = await ciToken(browser);
  const run = (gate: string) =>
    request.post("/api/v1/ci/runs", {
      data: { repository: repo, commit_sha: sha, pull_request: number, gate, status: "passed" },
      headers: { authorization: `Bearer ${token}` },
    });
  expect((await run("lint")).status()).toBe(201);
  expect((await run("unit")).status()).toBe(201);
  await gh.waitFor(mine("pending", "Waiting for: sast"));
  expect(gh.statuses.some(mine("success"))).toBe(false);
  expect((await run("sast")).status()).toBe(201);
  await gh.waitFor(mine("success", "All 3 required gates passed"));

  // a person's review on GitHub
  const review = {
    action: "submitted",
    repository: { full_name: repo },
    pull_request: { number },
    review: {
      id: Number.parseInt(randomBytes(3).toString("hex"), 16),
      state: "approved",
      user: { login: "octo-reviewer", type: "User" },
      submitted_at: new Date().toISOString(),
      commit_id: sha,
    },
  };
  await deliverGithub(request, "pull_request_review", review);

  await signInAs(page, "eng_manager");
  await page.goto(pending.target_url!.replace(/^https?:\/\/[^/]+/, ""));
  const status = page.getByTestId("merge-status");
  await expect(status.getByTestId("merge-status-state")).toHaveText("passing");
  await expect(status).toContainText("gatehouse/compliance");
  const reviews = page.getByRole("region", { name: "Reviews" });
  await expect(reviews).toContainText("octo-reviewer");
  await expect(reviews).toContainText("approved");
});

test("an admin sees the GitHub integration configured and test-posts a status to a chosen commit", async ({ page }) => {
  const repo = `e2e-${randomBytes(4).toString("hex")}/settings`;
  const sha = randomBytes(20).toString("hex");
  await signInAs(page, "admin");
  await page.goto("/settings/integrations");
  const section = page.getByRole("region", { name: "GitHub: merge-blocking status" });
  await expect(section.getByTestId("github-configured")).toHaveText("configured");
  await expect(section).toContainText("GITHUB_STATUS_TOKEN");
  await section.getByLabel("Repository").fill(repo);
  await section.getByLabel("Commit sha").fill("not-a-sha");
  await section.getByRole("button", { name: "Test post" }).click();
  await expect(section.getByRole("status")).toContainText("40-character");
  await section.getByLabel("Commit sha").fill(sha);
  await section.getByRole("button", { name: "Test post" }).click();
  await expect(section.getByRole("status")).toContainText("Queued");
  const posted = await gh.waitFor((s) => s.repository === repo && s.sha === sha);
  expect(posted).toMatchObject({ state: "pending", context: "gatehouse/compliance", token: GITHUB_STAND_IN_TOKEN });
  await page.reload();
  const row = page
    .getByRole("region", { name: "GitHub: merge-blocking status" })
    .getByRole("row")
    .filter({ hasText: `${repo}@${sha.slice(0, 10)}` });
  await expect(row).toContainText("delivered");
});
