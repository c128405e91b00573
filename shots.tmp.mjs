import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3301";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
async function as(email) {
  const ctx = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(180000);
  await page.goto(base + "/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("gatehouse-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByTestId("current-user").waitFor();
  return page;
}
const which = process.argv[2] ?? "list";
const page = await as(process.argv[3] ?? "admin@acme.test");
const t0 = Date.now();
await page.goto(base + (process.argv[4] ?? "/agents"));
await page.waitForLoadState("networkidle");
console.log("loaded in", Date.now() - t0, "ms");
await page.screenshot({ path: `/tmp/regdev/shots/${which}.png`, fullPage: true });
const errs = await page.locator("[role=alert]").allTextContents();
console.log("alerts:", errs);
await browser.close();
