import { askMerge, createIntegrationToken, registerAgent } from "./agent-api";
import { expect, signInAs, test } from "./fixtures";

// The queue on a phone (390 × 844) and on a desktop (1440 × 900), as the approver: compact
// cards, Approve/Deny reachable without scrolling past the evidence, nothing wider than the
// screen, long commands clamped with a way to expand, and the order is the priority shown.
test.describe.configure({ mode: "serial" });

const tag = Date.now().toString(36);
const slug = `e2e-queue-${tag}`;
const command = `git merge --no-ff origin/feature/${"very-long-branch-name-".repeat(8)}${tag} -m "Merge the long branch for the clamp check"`;

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  const token = await registerAgent(page.request, await createIntegrationToken(page, `e2e queue ${tag}`), slug);
  expect((await askMerge(page.request, token, { command, justification: `clamp ${tag}` })).decision).toBe("ask");
  await page.close();
});

async function priorities(page: import("@playwright/test").Page) {
  return (await page.getByTestId("priority").allTextContents()).map((t) => Number(t.replace(/\D+/g, "")));
}

test("at 390 px each request is a compact card with its actions in reach, in priority order", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "approver");
  await page.goto("/approvals");
  const cards = page.getByTestId("approval-item");
  await expect(cards.first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const first = cards.first();
  expect((await first.boundingBox())!.height).toBeLessThan(260);
  const approve = first.getByRole("button", { name: "Approve" });
  const box = (await approve.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(844); // on the first screen, no scrolling

  const ps = await priorities(page);
  expect(ps.length).toBeGreaterThan(1);
  expect(ps).toEqual([...ps].sort((a, b) => b - a));
  await expect(page.getByTestId("priority").first()).toHaveAttribute("title", /^Priority \d+ = risk \d+ \+ \d+\+? for/);

  // The long command: two lines on the card, the whole of it after "Show all".
  const mine = cards.filter({ hasText: slug });
  await mine.scrollIntoViewIfNeeded();
  const summary = mine.getByTestId("approval-summary");
  const clamped = (await summary.boundingBox())!.height;
  expect(clamped).toBeLessThan(40);
  await expect(async () => {
    await mine.getByRole("button", { name: "Show all and the evidence" }).click({ timeout: 1_000 });
    await expect(mine.getByRole("button", { name: "Show less" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  expect((await summary.boundingBox())!.height).toBeGreaterThan(clamped * 2);
  await expect(mine.getByTestId("priority-parts")).toContainText("risk");
  // Approve/Deny stay above the evidence panel
  const approveY = (await mine.getByRole("button", { name: "Approve" }).boundingBox())!.y;
  const evidenceY = (await mine.getByText("Justification").boundingBox())!.y;
  expect(approveY).toBeLessThan(evidenceY);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("the overview fits a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "approver");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("at 1440 px a request is one row: summary and actions side by side", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, "approver");
  await page.goto("/approvals");
  const card = page.getByTestId("approval-item").first();
  await expect(card).toBeVisible();
  const cardBox = (await card.boundingBox())!;
  const approve = (await card.getByRole("button", { name: "Approve" }).boundingBox())!;
  expect(approve.y - cardBox.y).toBeLessThan(30); // on the first line, not under the text
  expect(cardBox.height).toBeLessThan(110);
  const ps = await priorities(page);
  expect(ps).toEqual([...ps].sort((a, b) => b - a));
});
