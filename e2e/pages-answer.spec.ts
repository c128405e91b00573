import { expect, signInAs, test, type DemoRole } from "./fixtures";

// Pages answer what they are, with no console errors (the fixture fails a test on any): a
// favicon, HTTP 403 for a page the role may not open, a valid slug pattern on the register
// form, and the approval queue hydrating without a mismatch for every role that opens it.

test("the favicon is served", async ({ request }) => {
  const r = await request.get("/favicon.ico");
  expect(r.status()).toBe(200);
  expect(r.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
});

// the engineering manager may register agents for their team; the viewer and approver may not
for (const [path, role] of [
  ["/agents/new", "viewer"],
  ["/agents/new", "approver"],
  ["/settings/teams", "eng_manager"],
] as const) {
  test(`${path} answers 403 to the ${role}`, async ({ page }) => {
    await signInAs(page, role);
    const r = await page.goto(path);
    expect(r?.status()).toBe(403);
    await expect(page.getByTestId("forbidden")).toBeVisible();
  });
}

test("the register form's slug pattern is valid and enforced", async ({ page }) => {
  await signInAs(page, "admin");
  expect((await page.goto("/agents/new"))?.status()).toBe(200);
  const slug = page.locator("#a-slug");
  await slug.fill("Bad Slug!");
  expect(await slug.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
  await slug.fill("good-slug-1");
  expect(await slug.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(true);
});

for (const role of ["approver", "security_lead", "viewer", "eng_manager"] as DemoRole[]) {
  test(`the approval queue hydrates cleanly for the ${role}`, async ({ page }) => {
    await signInAs(page, role);
    // The queue polls only once React has hydrated it: its first poll's answer means hydration
    // has run, and a mismatch would have been logged by then (the fixture then fails the test).
    const firstPoll = page.waitForResponse((r) => new URL(r.url()).pathname === "/approvals/queue" && r.request().method() === "GET");
    await page.goto("/approvals");
    await expect(page.getByText(/\d+ pending/)).toBeVisible();
    expect((await firstPoll).status()).toBe(200);
    // and the answer has been rendered: the page still shows the queue after it
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    await expect(page.getByText(/\d+ pending/)).toBeVisible();
  });
}
