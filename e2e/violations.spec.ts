import { test, expect, signInAs } from "./fixtures";
import type { Page } from "@playwright/test";

// The demo seed holds open critical violations; the security lead takes the newest one whose
// agent is registered and still active (so the kill switch applies), end to end.

async function openNewestKillableCritical(page: Page) {
  await page.goto("/violations?severity=critical&status=open");
  const rows = page.getByTestId("violation-row");
  await expect(rows.first()).toBeVisible();
  const hrefs = await rows.locator("a[href^='/violations/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  for (const href of hrefs) {
    await page.goto(href);
    if (await page.getByRole("button", { name: "Kill agent" }).count()) return href;
  }
  throw new Error("no open critical violation with an active registered agent in the demo data");
}

test("a security lead triages a new critical violation: evidence, kill, resolve", async ({ page }) => {
  await signInAs(page, "security_lead");
  await page.goto("/violations");
  await expect(page.getByRole("heading", { name: "Violations" })).toBeVisible();
  // open first, critical at the top
  await expect(page.getByTestId("violation-row").first().getByTestId("status")).toHaveText("Open");

  const href = await openNewestKillableCritical(page);
  await expect(page.getByTestId("violation-explanation")).not.toBeEmpty();

  // the evidence links to the audit explorer
  const evidence = page.getByTestId("evidence").getByRole("link").first();
  await expect(evidence).toHaveAttribute("href", /\/audit\?seq=\d+/);
  await evidence.click();
  await expect(page).toHaveURL(/\/audit\?seq=\d+/);
  await page.goto(href);

  // kill switch from the violation page
  await page.getByRole("button", { name: "Kill agent" }).click();
  await page.getByLabel("Reason").fill("Critical violation under investigation");
  await page.getByRole("button", { name: "Kill agent now" }).click();
  await expect(page.getByTestId("agent-status")).toHaveText("suspended");
  await expect(page.getByTestId("activity-log")).toContainText("killed the agent");

  // triage in one step: assignee, status and note together; the note's rule is said, not implied
  const triage = page.getByRole("form", { name: "Triage" });
  await triage.getByLabel("Assignee").selectOption({ label: "Sam Okafor" });
  await triage.getByLabel("Status", { exact: true }).selectOption("resolved");
  await expect(triage.getByText("Note (required for a status change)")).toBeVisible();
  await triage.getByRole("button", { name: "Save triage" }).click();
  await expect(triage.getByRole("alert")).toContainText("a status change needs one");
  await triage.getByLabel(/^Note/).fill("Agent killed, token rotated, sponsor informed.");
  await triage.getByRole("button", { name: "Save triage" }).click();
  await expect(page.getByTestId("status").first()).toHaveText("Resolved");
  await expect(page.getByTestId("activity-log")).toContainText("Agent killed, token rotated, sponsor informed.");
  await expect(page.getByTestId("activity-log")).toContainText("Open → Resolved");
  await expect(triage.getByLabel("Assignee")).toHaveValue(/.+/);
  // after a resolve the next status is no change, not "Reopen"
  await expect(triage.getByLabel("Status", { exact: true })).toHaveValue("");
  await expect(triage.getByLabel("Status", { exact: true }).locator("option:checked")).toHaveText("No change (resolved)");
  // the security lead's triage is theirs: not listed among the agent's recent events
  await expect(page.getByTestId("activity-log")).toContainText("assigned it to security@acme.test");
  await expect(page.locator("#recent-h").locator("..")).not.toContainText("violation.triage");
});

test("a viewer can read violations but not triage them", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/violations");
  const first = page.getByTestId("violation-row").first();
  await expect(first).toBeVisible();
  await expect(page.getByRole("form", { name: "Bulk triage" })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await first.locator("a[href^='/violations/']").click();
  await expect(page.getByTestId("violation-explanation")).toBeVisible();
  await expect(page.getByText("Your role can read violations but not triage them.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Kill agent" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save triage" })).toHaveCount(0);
  // alert routing is not for viewers
  const res = await page.goto("/violations/alerts");
  expect(res?.status()).toBe(403);
  // but the CSV export is
  const csv = await page.request.get("/violations/export?severity=critical");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).split("\r\n")[0]).toContain("id,kind,severity,status");
});

test("the CSV export refuses anonymous requests", async ({ request }) => {
  const res = await request.get("/violations/export", { maxRedirects: 0 });
  expect([401, 302, 307]).toContain(res.status());
});
