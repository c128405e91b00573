import { test, expect, signInAs } from "./fixtures";

// A server action is a cookie-authenticated POST. Replaying a real one from another origin must
// be refused (Next.js checks Origin against Host); the same replay from our origin must work,
// so the refusal is the origin check and not a malformed request.
// The test aborts the page's own server-action request on purpose, which the page reports.
test.use({ allowedConsoleErrors: [/^Failed to fetch$/] });

test("a cookie-authenticated mutation replayed from another origin is refused", async ({ page, baseURL }) => {
  await signInAs(page, "admin");
  await page.goto("/settings/tokens");
  const name = `csrf-${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("audit:read").check();

  let captured: { url: string; headers: Record<string, string>; body: string } | undefined;
  await page.route("**/settings/tokens", async (route) => {
    const req = route.request();
    if (req.method() === "POST" && req.headers()["next-action"] && !captured) {
      captured = { url: req.url(), headers: req.headers(), body: req.postData() ?? "" };
      await route.abort();
      return;
    }
    await route.continue();
  });
  await page.getByRole("button", { name: "Create token" }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute("**/settings/tokens");

  const headers = { ...captured!.headers };
  delete headers["content-length"];
  const forged = await page.request.post(captured!.url, {
    headers: { ...headers, origin: "http://evil.example", "x-forwarded-host": "" },
    data: captured!.body,
  });
  expect(forged.ok()).toBe(false);
  await page.goto("/settings/tokens");
  await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);

  const genuine = await page.request.post(captured!.url, {
    headers: { ...headers, origin: new URL(baseURL!).origin },
    data: captured!.body,
  });
  expect(genuine.ok()).toBe(true);
  await page.goto("/settings/tokens");
  await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(1);
});
