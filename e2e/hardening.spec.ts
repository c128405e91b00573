import { test, expect, signInAs } from "./fixtures";

test.describe("web hardening", () => {
  test("pages carry the security headers and a nonce CSP that the app itself satisfies", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto("/signin");
    const h = res!.headers();
    expect(h["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-powered-by"]).toBeUndefined();
    await signInAs(page, "viewer");
    await page.goto("/");
    await expect(page.getByTestId("stat-active-agents")).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("dark mode toggles and survives a reload", async ({ page }) => {
    await signInAs(page, "viewer");
    const html = page.locator("html");
    const wasDark = await html.evaluate((e) => e.classList.contains("dark"));
    await page.getByRole("button", { name: "Toggle dark mode" }).click();
    await expect(html).toHaveClass(wasDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
    await page.reload();
    await expect(html).toHaveClass(wasDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
  });

  test("machine routes answer the API error body, never HTML", async ({ request }) => {
    const r = await request.get("/api/v1/does-not-exist");
    expect(r.status()).toBe(404);
    expect(await r.json()).toMatchObject({ error: { code: "not_found" } });
    const h = await request.get("/api/health");
    expect(await h.json()).toEqual({ status: "ok", database: "ok" });
  });
});
