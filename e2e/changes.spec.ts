import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test, expect, signInAs } from "./fixtures";
import { ciToken, deliverAgentPr as deliverPr } from "./github";

// Each test makes its own change: a real GitHub pull_request payload, signed like GitHub's,
// then CI runs through the machine API (e2e/github.ts).
const JUNIT = `<?xml version="1.0"?><testsuites><testsuite name="payments" tests="3" failures="0"><testcase classname="charge" name="retries once on 503"/><testcase classname="charge" name="never double-charges"/><testcase classname="charge" name="gives up after 3"><skipped/></testcase></testsuite></testsuites>`;
const SARIF = JSON.stringify({
  version: "2.1.0",
  runs: [
    {
      tool: { driver: { name: "Semgrep OSS", rules: [{ id: "node.retry-without-idempotency-key", defaultConfiguration: { level: "error" } }] } },
      results: [
        {
          ruleId: "node.retry-without-idempotency-key",
          message: { text: "Retry without an idempotency key" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "src/charge.ts" }, region: { startLine: 12 } } }],
        },
      ],
    },
  ],
});

test("an engineering manager filters agent changes and reads a change's ladder and proof bundle", async ({ page, request, browser }) => {
  const repo = `e2e-${randomBytes(4).toString("hex")}/payments`;
  const number = 100 + Math.floor(Math.random() * 1000);
  const sha = randomBytes(20).toString("hex");
  await deliverPr(request, repo, number, sha);
  const token = await ciToken(browser);
  const run = (body: object) =>
    request.post("/api/v1/ci/runs", {
      data: { repository: repo, commit_sha: sha, pull_request: number, ...body },
      headers: { authorization: `Bearer ${token}` },
    });
  expect((await run({ gate: "lint", status: "passed" })).status()).toBe(201);
  const unit = await run({
    gate: "unit",
    status: "passed",
    report: { format: "junit", content: JUNIT },
    proof: { invariants: ["a charge is captured at most once"], untested: ["card network timeout after capture"] },
  });
  expect(unit.status()).toBe(201);
  const sast = await run({ gate: "sast", status: "failed", report: { format: "sarif", content: SARIF } });
  expect(await sast.json()).toMatchObject({ findings: 1 });

  await signInAs(page, "eng_manager");
  await page.goto("/changes");
  await expect(page.getByRole("heading", { name: "Changes" })).toBeVisible();
  await page.getByLabel("Author").selectOption("agent");
  await expect(page).toHaveURL(/author=agent/);
  await expect(page.getByTestId("change-row").first()).toBeVisible();
  for (const badge of await page
    .getByTestId("change-row")
    .getByText(/^(Agent|Human)/)
    .allTextContents())
    expect(badge).toMatch(/^Agent/);

  await page.goto(`/changes?author=agent&repository=${encodeURIComponent(repo)}`);
  await expect(page.getByTestId("change-row")).toHaveCount(1);
  await page.getByRole("link", { name: `Retry card charges (${repo})` }).click();
  await expect(page.getByRole("heading", { name: "Verification ladder" })).toBeVisible();
  const ladder = page.getByTestId("verification-ladder");
  await expect(ladder.getByTestId("rung-static")).toContainText("lint");
  await expect(ladder.getByTestId("rung-behaviour")).toContainText("3 tests · 0 failed · 1 skipped");
  await expect(ladder.getByTestId("rung-security")).toContainText("failed");
  await ladder.getByTestId("rung-security").getByText("1 finding(s)").click();
  await expect(ladder.getByTestId("rung-security")).toContainText("Retry without an idempotency key");
  await expect(ladder.getByTestId("rung-runtime")).toContainText("no gates ran");
  const proof = page.getByTestId("proof-bundle");
  await expect(proof.getByTestId("proof-invariants")).toContainText("a charge is captured at most once");
  await expect(proof.getByTestId("proof-untested")).toContainText("card network timeout after capture");
  await expect(proof.getByTestId("proof-tests")).toContainText("never double-charges");
  await expect(page.getByTestId("attribution-evidence")).toContainText("copilot-swe-agent[bot]");
});

const corpus = (f: string) => fs.readFileSync(path.join(process.cwd(), "lib/changes/reports/fixtures", f), "utf8");

test("a reviewer sees why a gate passed: findings open, suppressed, dismissed by VEX and absent from baseline, with their reasons", async ({
  page,
  request,
  browser,
}) => {
  const repo = `e2e-${randomBytes(4).toString("hex")}/orders`;
  const number = 100 + Math.floor(Math.random() * 1000);
  const sha = randomBytes(20).toString("hex");
  await deliverPr(request, repo, number, sha);
  const token = await ciToken(browser);
  const run = (body: object) =>
    request.post("/api/v1/ci/runs", {
      data: { repository: repo, commit_sha: sha, pull_request: number, ...body },
      headers: { authorization: `Bearer ${token}` },
    });
  // a real-shaped VEX in XML and a CodeQL run with a baseline, both from the report corpus
  const sca = await run({ gate: "sca", status: "passed", report: { format: "cyclonedx", content: corpus("vex-1.6.xml") } });
  expect(await sca.json()).toMatchObject({ findings: 4, findings_by_status: { open: 4, suppressed: 0, dismissed: 4, absent: 0 } });
  const sast = await run({ gate: "sast", status: "passed", report: { format: "sarif", content: corpus("codeql-extensions.sarif.json") } });
  expect(await sast.json()).toMatchObject({ findings: 4, findings_by_status: { open: 4, suppressed: 1, dismissed: 0, absent: 1 } });

  await signInAs(page, "eng_manager");
  await page.goto(`/changes?repository=${encodeURIComponent(repo)}`);
  await page.getByRole("link", { name: `Retry card charges (${repo})` }).click();
  const summary = page.getByTestId("findings-summary");
  const count = (scope: typeof summary, status: string) => scope.locator(`[data-status="${status}"] dd`);
  await expect(count(summary, "open")).toHaveText("8");
  await expect(count(summary, "suppressed")).toHaveText("1");
  await expect(count(summary, "dismissed")).toHaveText("4");
  await expect(count(summary, "absent")).toHaveText("1");
  await expect(summary.getByRole("definition")).toHaveCount(4);

  const security = page.getByTestId("rung-security");
  const scaRun = security.getByTestId("gate-run-sca");
  await expect(count(scaRun.getByTestId("findings-breakdown"), "open")).toHaveText("4");
  await expect(count(scaRun.getByTestId("findings-breakdown"), "dismissed")).toHaveText("4");
  await scaRun.getByText("8 finding(s) in the report").click();
  const dismissed = scaRun.getByTestId("findings-dismissed");
  await expect(dismissed).toContainText("CVE-2020-25649");
  await expect(dismissed).toContainText("Why: not_affected: code_not_reachable");
  await expect(scaRun.getByTestId("findings-open")).toContainText("CVE-2021-44906");

  const sastRun = security.getByTestId("gate-run-sast");
  await sastRun.getByText("6 finding(s) in the report").click();
  await expect(sastRun.getByTestId("findings-suppressed")).toContainText("Why: kept for the ReportRenderer interface");
  await expect(sastRun.getByTestId("findings-absent")).toContainText("LegacyReport.java:120");
  await expect(sastRun.getByTestId("findings-open")).toContainText("java/sql-injection");

  // on a phone the breakdown wraps instead of overflowing the page
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
