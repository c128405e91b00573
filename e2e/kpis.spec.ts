import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { test, expect, signInAs } from "./fixtures";
import { deliverGithub, openedPullRequest } from "./github";

// A fresh agent-authored change in its own repository, so the 7-day window always has data.
async function deliverPr(request: APIRequestContext, repo: string) {
  const p = openedPullRequest();
  p.repository.full_name = repo;
  p.pull_request.created_at = new Date().toISOString();
  p.pull_request.user = { ...p.pull_request.user, login: "devin-ai-integration[bot]", type: "Bot" };
  await deliverGithub(request, "pull_request", p);
}

test("an engineering manager switches window and cohort on the KPIs page and reads a chart as a table and CSV", async ({ page, request }) => {
  const repo = `e2e-${randomBytes(4).toString("hex")}/kpis`;
  await deliverPr(request, repo);
  await signInAs(page, "eng_manager");
  await page.goto("/kpis");
  await expect(page.getByRole("heading", { name: "Quality KPIs" })).toBeVisible();
  const windowText = page.getByTestId("kpi-window");
  const before = await windowText.textContent();

  await page.getByRole("button", { name: "7 days" }).click();
  await expect(page).toHaveURL(/window=7/);
  await expect(page.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(windowText).not.toHaveText(before!);

  const adoption = page.getByTestId("kpi-adoption");
  await expect(adoption.getByTestId("kpi-adoption-headline")).toContainText("all:");
  await page.getByLabel("Cohort", { exact: true }).selectOption("repository");
  await expect(page).toHaveURL(/cohort=repository/);
  // per repository, our new repository is a cohort with 1 of 1 changes agent-authored
  const row = page.getByTestId("kpi-adoption").getByRole("row", { name: new RegExp(repo.replace("/", "\\/")) });
  await expect(row).toContainText("100.0%");
  await expect(page.getByTestId("kpi-adoption-headline")).not.toContainText("all:");

  await page.getByTestId("kpi-adoption").getByRole("button", { name: "table" }).click();
  await expect(page.getByTestId("kpi-adoption").getByRole("columnheader", { name: "week" })).toBeVisible();

  const href = await page.getByTestId("kpi-adoption").getByRole("link", { name: "CSV" }).getAttribute("href");
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe("week,cohort,agent-authored changes,changes,rate %");
  expect(text).toContain(repo);
  // the CSV route checks the session
  expect((await request.get(href!)).status()).toBe(401);
});
