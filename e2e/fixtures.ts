import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "gatehouse-demo";
export const ACCOUNTS = {
  admin: "admin@acme.test",
  security_lead: "security@acme.test",
  approver: "approver@acme.test",
  eng_manager: "manager@acme.test",
  viewer: "viewer@acme.test",
} as const;
export type DemoRole = keyof typeof ACCOUNTS;

/**
 * How long a form may take to hydrate (its `data-hydrated` mark): a limit, not a speed check.
 * The policy editor is the heaviest page script; on 2 busy cores it took over 15 s.
 */
export const HYDRATION_TIMEOUT = 60_000;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // the overview streams its panels after sign-in; on a loaded machine that takes a while
  await expect(page.getByTestId("current-user")).toBeVisible({ timeout: 30_000 });
}

/**
 * A session as the demo `role` in the page's browser context, for the tests that are not about
 * signing in (auth.spec.ts signs in through the page, with signIn): the credentials POST the
 * sign-in form makes (next-auth's CSRF token first), without loading the sign-in page and the
 * overview it leads to — a page the test would leave at once. The session is checked to be that
 * person's before the test goes on.
 */
export async function signInAs(page: Page, role: DemoRole) {
  const email = ACCOUNTS[role];
  // leave the page first, as the sign-in page did: a page left open after clearCookies() would
  // poll (the approval queue does) without a session meanwhile, and log the 401
  await page.goto("about:blank");
  const csrf = await page.request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const r = await page.request.post("/api/auth/callback/credentials", {
    form: { email, password: DEMO_PASSWORD, csrfToken, callbackUrl: "/", json: "true" },
    maxRedirects: 0,
  });
  expect(r.status(), `sign-in of ${email}: ${await r.text()}`).toBe(200);
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email, "the session is the one just signed in").toBe(email);
}

/**
 * Every spec's `test`: a page that logs a console error or throws (a hydration mismatch, a
 * failed resource such as a missing favicon, an invalid input pattern) fails the test at its end,
 * with the messages. The guard covers every page of the test's own context. A test that provokes
 * an error on purpose names it: `test.use({ allowedConsoleErrors: [/the message/] })`.
 */
export const test = base.extend<{ allowedConsoleErrors: RegExp[]; consoleGuard: void }>({
  allowedConsoleErrors: [[], { option: true }],
  consoleGuard: [
    async ({ context, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      const allowed = (text: string) => allowedConsoleErrors.some((r) => r.test(text));
      // A page the test navigates to answers 403/404 on purpose (the test checks the status);
      // Chromium logs that as a failed resource. Any other failed resource still counts.
      const navigations = new Set<string>();
      context.on("request", (r) => {
        if (r.isNavigationRequest()) navigations.add(r.url());
      });
      context.on("console", (m) => {
        if (m.type() !== "error" || allowed(m.text())) return;
        if (m.text().startsWith("Failed to load resource") && navigations.has(m.location().url)) return;
        errors.push(`${m.page()?.url() ?? ""}: ${m.text()}`);
      });
      context.on("weberror", (e) => {
        if (!allowed(e.error().message)) errors.push(`${e.page()?.url() ?? ""}: uncaught ${e.error().message}`);
      });
      await use();
      expect(errors, "console errors or uncaught exceptions in the browser").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };
