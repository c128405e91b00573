import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { seriousViolations } from "./axe";
import { ACCOUNTS, expect, signInAs, test, type DemoRole } from "./fixtures";
import { startIn, switchTheme, type Theme } from "./theme";

// Every view passes axe (WCAG 2.1 A/AA) with no serious or critical violation, in the light
// and the dark theme; and the approval queue works with the keyboard alone.
// Each view is loaded and settled once and audited in both themes on that load (e2e/theme.ts:
// the theme is CSS only, switched by the class on <html>); signing in once per test.

/** Waits until the view's data is on screen: a heading, no loading skeleton left. */
async function settle(page: Page) {
  await expect(page.locator("h1").first()).toBeVisible();
  // a limit, not a speed check: /kpis streams seven panels, which takes over 15 s on 2 busy cores
  await expect(page.locator('[role="status"][aria-label="Loading"], .animate-pulse')).toHaveCount(0, { timeout: 60_000 });
  await page.waitForLoadState("load");
}

async function audit(page: Page, label: string, theme: Theme) {
  await switchTheme(page, theme);
  const bad = await seriousViolations(page);
  const report = bad
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 6)
          .map((n) => `      ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1, 2).join(" ").trim() ?? ""}`)
          .join("\n")}`,
    )
    .join("\n");
  return bad.length ? `${label} (${theme}):\n${report}` : "";
}

/** The loaded view (it starts in the light theme), audited in the light theme, then in the dark. */
async function auditBothThemes(page: Page, label: string) {
  return [await audit(page, label, "light"), await audit(page, label, "dark")];
}

/** First link on the current page whose href matches, e.g. the first agent in the list. */
async function firstHref(page: Page, pattern: RegExp) {
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link matching ${pattern} on ${page.url()}`).toBeTruthy();
  return href!;
}

// Views with a fixed address; the lists, and how to discover their detail views.
const FIXED_VIEWS = [
  "/",
  "/agents?tab=shadow",
  "/agents/new",
  "/approvals",
  "/approvals?tab=history",
  "/violations/alerts",
  "/kpis",
  "/policies",
  "/settings/general",
  "/settings/people",
  "/settings/teams",
  "/settings/tokens",
];
const LISTS: { list: string; details: RegExp[] }[] = [
  { list: "/agents", details: [/^\/agents\/(?!new|export)[^/?]+$/] },
  { list: "/violations", details: [/^\/violations\/(?!alerts|export)[^/?]+$/] },
  { list: "/audit", details: [/^\/audit\/\d+$/, /^\/audit\/sessions\/[^/?]+$/] },
  { list: "/changes", details: [/^\/changes\/[^/?]+$/] },
];

/** A signed-in admin (the one role that may see every view), every page starting in the light theme. */
async function adminPage(browser: Browser) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await startIn(page, "light");
  await signInAs(page, "admin");
  return { ctx, page };
}

function expectNone(failures: string[]) {
  const found = failures.filter(Boolean);
  expect(found, `serious/critical axe violations:\n${found.join("\n")}`).toEqual([]);
}

// Two tests, so the two workers share the views.
test("every view passes axe in both themes: the sign-in page and the views with a fixed address", async ({ browser }) => {
  test.setTimeout(400_000); // every view, axe twice on each, on 2 shared cores
  const failures: string[] = [];

  // Sign-in page, signed out.
  const anon = await browser.newContext();
  const signin = await anon.newPage();
  await startIn(signin, "light");
  await signin.goto("/signin");
  await expect(signin.getByLabel("Email")).toBeVisible();
  failures.push(...(await auditBothThemes(signin, "/signin")));
  await anon.close();

  const { ctx, page } = await adminPage(browser);
  for (const url of FIXED_VIEWS) {
    await page.goto(url);
    await settle(page);
    failures.push(...(await auditBothThemes(page, url)));
  }
  await ctx.close();
  expectNone(failures);
});

test("every view passes axe in both themes: the lists and the detail views they link to", async ({ browser }) => {
  test.setTimeout(400_000);
  const failures: string[] = [];
  const { ctx, page } = await adminPage(browser);
  const details: string[] = [];
  for (const { list, details: patterns } of LISTS) {
    await page.goto(list);
    await settle(page);
    for (const pattern of patterns) details.push(await firstHref(page, pattern));
    failures.push(...(await auditBothThemes(page, list)));
  }
  for (const url of details) {
    await page.goto(url);
    await settle(page);
    failures.push(...(await auditBothThemes(page, url)));
  }
  await ctx.close();
  expectNone(failures);
});

// ---- the approval queue by keyboard ----------------------------------------------------------

const tag = Date.now().toString(36);

async function createIntegrationToken(page: Page) {
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(`e2e a11y ${tag}`);
  await page.getByRole("checkbox", { name: "agents:write" }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  return ((await page.getByTestId("new-token").textContent()) ?? "").trim();
}

async function gatedRequests(request: APIRequestContext, integration: string, n: number) {
  const auth = { Authorization: `Bearer ${integration}` };
  const team = (await (await request.get("/api/v1/teams", { headers: auth })).json()).teams[0].slug as string;
  const slug = `e2e-a11y-${tag}`;
  const created = await request.post("/api/v1/agents", {
    headers: auth,
    data: {
      slug,
      name: `E2E a11y ${tag}`,
      role: "deployment",
      team,
      sponsor: ACCOUNTS.eng_manager,
      model: "claude-sonnet-4-5",
      toolchain: "claude-code 2.0",
      scope: { repositories: ["acme/*"], branches: ["main"], environments: ["staging"], tools: ["Bash"], paths: ["**"] },
    },
  });
  expect(created.status()).toBe(201);
  const tok = await request.post(`/api/v1/agents/${slug}/tokens`, { headers: auth, data: { ttl_seconds: 3600 } });
  expect(tok.status()).toBe(201);
  const agent = { Authorization: `Bearer ${(await tok.json()).token}` };
  for (let i = 0; i < n; i++) {
    const r = await request.post("/api/v1/decisions", {
      headers: agent,
      data: {
        action: { type: "git.merge", repository: `acme/kbd-${i}`, branch: "main" },
        initiated_by: ACCOUNTS.eng_manager, // not the approver: segregation of duties
        justification: `keyboard ${tag} #${i}`,
      },
    });
    expect(r.status()).toBe(200);
    expect((await r.json()).decision).toBe("ask");
  }
  return slug;
}

test("the approval queue is usable with the keyboard alone", async ({ browser }) => {
  test.setTimeout(90_000);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signInAs(page, "admin");
  const slug = await gatedRequests(page.request, await createIntegrationToken(page), 3);

  await ctx.clearCookies();
  await signInAs(page, "approver" satisfies DemoRole);
  await page.goto("/approvals");
  const mine = page.getByTestId("approval-item").filter({ hasText: slug });
  await expect(mine).toHaveCount(3, { timeout: 10_000 });

  // Tab reaches the controls of the list (a real focus order, no mouse).
  await page.locator("body").focus();
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => !!document.activeElement?.closest('[data-testid="approval-item"]'));
  }
  expect(reached, "Tab reaches a request in the queue").toBe(true);
  // From here on only the queue's shortcuts (they work anywhere but in a text field).

  // j/k move the cursor (aria-current) between requests.
  const current = page.locator('[data-testid="approval-item"][aria-current="true"]');
  const all = page.getByTestId("approval-item");
  const idx = async () => (await all.evaluateAll((els) => els.findIndex((e) => e.getAttribute("aria-current") === "true"))) as number;
  const target = await all.evaluateAll((els, s) => els.findIndex((e) => e.textContent?.includes(s)), slug);
  while ((await idx()) < target) await page.keyboard.press("j");
  await expect(current).toContainText(slug);
  await page.keyboard.press("j");
  expect(await idx()).toBe(target + 1);
  await page.keyboard.press("k");
  expect(await idx()).toBe(target);

  // j/k carry keyboard focus with them; Enter opens the evidence of the current request.
  await expect(current.getByRole("button", { name: /wants/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(current.getByRole("button", { name: /wants/ })).toHaveAttribute("aria-expanded", "true");
  await expect(current).toContainText(`keyboard ${tag}`);
  const firstText = (await current.textContent()) ?? "";
  const firstJustification = /keyboard \S+ #\d/.exec(firstText)![0];

  // a → approve with a reason, typed and submitted by keyboard.
  await page.keyboard.press("a");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Reason")).toBeFocused();
  await page.keyboard.type("checked the release plan");
  await page.keyboard.press("Control+Enter"); // the reason is a textarea: Ctrl+Enter confirms
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Approved" })).toBeVisible();
  await expect(mine.filter({ hasText: firstJustification })).toHaveCount(0);

  // d → deny the next one with a reason.
  const t2 = await all.evaluateAll((els, s) => els.findIndex((e) => e.textContent?.includes(s)), slug);
  while ((await idx()) < t2) await page.keyboard.press("j");
  while ((await idx()) > t2) await page.keyboard.press("k");
  await page.keyboard.press("d");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Reason")).toBeFocused();
  await page.keyboard.type("not during the freeze");
  // …or Tab to the dialog's Deny button and press Enter.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Deny" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Denied" })).toBeVisible();
  await expect(mine).toHaveCount(1);

  // The decisions are what the history records, with the reasons typed.
  await page.goto(`/approvals?tab=history&agent=${slug}`);
  const rows = page.getByTestId("history-row");
  await expect(rows).toHaveCount(2);
  // each decision carries exactly the reason typed for it (none carried over from the last one)
  await expect(rows.filter({ hasText: "approved" }).getByRole("cell", { name: "checked the release plan", exact: true })).toHaveCount(1);
  await expect(rows.filter({ hasText: "denied" }).getByRole("cell", { name: "not during the freeze", exact: true })).toHaveCount(1);
  await ctx.close();
});
