import { test, expect } from "@playwright/test";
test("shots", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("security@acme.test");
  await page.getByLabel("Password").fill("gatehouse-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
  await page.goto("/audit");
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText(/Intact|Broken/)).toBeVisible({ timeout: 60000 });
  await page.screenshot({ path: "/tmp/audit-shots/audit.png", fullPage: false });
  await page.getByTestId("audit-row").first().getByRole("link").first().click();
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "/tmp/audit-shots/detail.png", fullPage: true });
  const s = page.getByRole("link", { name: /timeline/ });
  if (await s.count()) { await s.click(); await page.waitForLoadState("networkidle"); await page.screenshot({ path: "/tmp/audit-shots/session.png", fullPage: false }); }
  await page.goto("/audit?q=npm");
  await page.screenshot({ path: "/tmp/audit-shots/q.png", fullPage: false });
});
