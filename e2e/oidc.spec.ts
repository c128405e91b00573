// Single sign-on end to end: a real OpenID Connect provider (panva's certified `oidc-provider`,
// its built-in login and consent pages) runs in this worker, and a second Gatehouse server —
// the same production build as the suite's, on its own port, data directory and OIDC_* env —
// signs people in through it.
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import type { Server } from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import Provider from "oidc-provider";
import { test, expect, signIn, ACCOUNTS } from "./fixtures";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SSO_NAME = "Acme SSO";
const CLIENT_ID = "gatehouse-e2e";
const CLIENT_SECRET = randomBytes(24).toString("hex");

// What the provider says about each login (its login page accepts any password).
const IDENTITIES: Record<string, { email: string; email_verified: boolean; name: string }> = {
  // a new person; the provider's mixed-case email is stored lower-case
  sam: { email: "Sam.Sso@Example.test", email_verified: true, name: "Sam Sso" },
  // the demo viewer's email, verified: signs in as that existing person, with their role
  vera: { email: ACCOUNTS.viewer, email_verified: true, name: "Vera Viewer" },
  // the demo admin's email, but the provider has not verified it: must not become the admin
  mallory: { email: ACCOUNTS.admin, email_verified: false, name: "Mallory" },
  // another account at the provider that has been given the demo viewer's (verified) email
  victor: { email: ACCOUNTS.viewer, email_verified: true, name: "Victor" },
};
const SAM_EMAIL = IDENTITIES.sam.email.toLowerCase();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startProvider(appUrl: string) {
  // oidc-provider v9 needs URL.parse and crypto.hash (Node 20.18+; it names Node 22 LTS as supported).
  if (typeof (URL as { parse?: unknown }).parse !== "function") throw new Error(`oidc-provider needs Node.js 20.18 or later (this is ${process.version}).`);
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    async findAccount(_ctx, id) {
      const identity = IDENTITIES[id];
      if (!identity) return undefined;
      return { accountId: id, claims: async () => ({ sub: `acme|${id}`, ...identity }) };
    },
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "e2e", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    features: { devInteractions: { enabled: true } },
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, "127.0.0.1", () => resolve(s));
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

async function startApp(port: number, issuer: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-e2e-oidc-"));
  // The suite's webServer has built the app (NEXT_DIST_DIR is inherited): this only serves it.
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/register.mjs", "server.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_DEMO: "1",
      GATEHOUSE_WORKERS: "0",
      GATEHOUSE_DEMO_LIVE: "0",
      DATABASE_URL: "",
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      GATEHOUSE_AUDIT_KEY: randomBytes(32).toString("hex"),
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_NAME: SSO_NAME,
      OIDC_DEFAULT_ROLE: "approver",
      OIDC_ALLOW_UNVERIFIED_EMAIL: "",
    },
  });
  let output = "";
  const keep = (b: Buffer) => void (output = (output + b.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.off("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Gatehouse (OIDC) exited with ${child.exitCode} before it was up:\n${output}`);
    }
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Gatehouse (OIDC) did not come up in 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { stop };
}

test.describe("single sign-on with an OpenID Connect provider", () => {
  test.describe.configure({ mode: "serial" });

  let appUrl = "";
  let issuer = "";
  let stopAll: (() => Promise<void>) | undefined;
  const contexts: BrowserContext[] = [];
  let admin: Page; // the demo admin, signed in once, watching Settings → People

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(150_000);
    const port = await freePort();
    appUrl = `http://localhost:${port}`;
    const provider = await startProvider(appUrl);
    issuer = provider.issuer;
    try {
      const app = await startApp(port, issuer);
      stopAll = async () => {
        await app.stop();
        await provider.close();
      };
    } catch (err) {
      await provider.close();
      throw err;
    }
    const context = await browser.newContext({ baseURL: appUrl });
    admin = await context.newPage();
    await signIn(admin, ACCOUNTS.admin);
  });

  test.afterAll(async () => {
    await admin?.context().close();
    await stopAll?.();
  });

  test.afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  async function newPage(browser: Browser): Promise<Page> {
    const context = await browser.newContext({ baseURL: appUrl });
    contexts.push(context);
    return context.newPage();
  }

  /**
   * Gatehouse's SSO button → the provider's login page → its consent page → back. With `login`
   * null the browser already has a session at the provider, which sends it straight back.
   */
  async function ssoSignIn(page: Page, login: string | null) {
    await page.goto("/signin");
    await page.getByRole("button", { name: `Sign in with ${SSO_NAME}` }).click();
    if (login !== null) {
      await expect(page).toHaveURL(new RegExp(`^${issuer}/interaction/`));
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill("any-password");
      await page.getByRole("button", { name: "Sign-in" }).click();
      await page.getByRole("button", { name: "Continue" }).click();
    }
    await expect(page).toHaveURL(new RegExp(`^${appUrl}/`));
  }

  async function openPeople() {
    await admin.goto("/settings/people");
  }

  test("a new person signs in through the provider and gets OIDC_DEFAULT_ROLE, enforced on the server", async ({ browser }) => {
    const page = await newPage(browser);
    await ssoSignIn(page, "sam");
    await expect(page.getByTestId("current-user")).toBeVisible();
    await expect(page.getByTestId("current-role")).toHaveText("Approver");

    // a page the approver role may open …
    const ok = await page.goto("/approvals");
    expect(ok?.status()).toBe(200);
    await expect(page.getByTestId("forbidden")).toHaveCount(0);
    // … and one it may not, refused by the server
    const refused = await page.goto("/settings/people");
    expect(refused?.status()).toBe(403);
    await expect(page.getByTestId("forbidden")).toBeVisible();

    await openPeople();
    await expect(admin.getByTestId(`person-${SAM_EMAIL}`)).toContainText("Sam Sso");
    await expect(admin.getByLabel(`Role of ${SAM_EMAIL}`)).toHaveValue("approver");
  });

  test("signing in again is the same person, not a second one", async ({ browser }) => {
    const page = await newPage(browser);
    await ssoSignIn(page, "sam");
    await expect(page.getByTestId("current-role")).toHaveText("Approver");
    await openPeople();
    await expect(admin.getByTestId(`person-${SAM_EMAIL}`)).toHaveCount(1);
    await expect(admin.locator('[data-testid^="person-"]', { hasText: "Sam Sso" })).toHaveCount(1);
  });

  test("a disabled person loses their SSO session and cannot sign in through the provider", async ({ browser }) => {
    const page = await newPage(browser);
    await ssoSignIn(page, "sam");
    await expect(page.getByTestId("current-role")).toHaveText("Approver");

    await openPeople();
    await admin.getByTestId(`person-${SAM_EMAIL}`).getByRole("button", { name: "Disable" }).click();
    await expect(admin.getByTestId(`person-${SAM_EMAIL}`).getByText("Disabled")).toBeVisible();

    // the live session ends on the next request
    await page.reload();
    await expect(page).toHaveURL(/\/signin/);
    // the provider still vouches for sam (its own session, no login page): Gatehouse refuses
    await ssoSignIn(page, null);
    await expect(page).toHaveURL(/\/signin\?error=AccountDisabled/);
    await expect(page.locator("#signin-error")).toHaveText(/account is disabled/);
    // and so it does after a fresh login at the provider
    const other = await newPage(browser);
    await ssoSignIn(other, "sam");
    await expect(other).toHaveURL(/\/signin\?error=AccountDisabled/);
    await expect(other.locator("#signin-error")).toHaveText(/account is disabled/);
    await other.goto("/approvals");
    await expect(other).toHaveURL(/\/signin/);
  });

  test("an email the provider has not verified does not sign in as the local person who has it", async ({ browser }) => {
    const page = await newPage(browser);
    await ssoSignIn(page, "mallory");
    await expect(page).toHaveURL(/\/signin\?error=EmailNotVerified/);
    await expect(page.locator("#signin-error")).toHaveText(/has not verified your email/);
    await page.goto("/settings/people");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("a verified email signs in as the existing local person, keeping their role", async ({ browser }) => {
    const page = await newPage(browser);
    await ssoSignIn(page, "vera");
    await expect(page.getByTestId("current-role")).toHaveText("Viewer");
    await openPeople();
    await expect(admin.getByLabel(`Role of ${ACCOUNTS.viewer}`)).toHaveValue("viewer");
    await expect(admin.getByTestId(`person-${ACCOUNTS.viewer}`)).toHaveCount(1);
  });

  test("a person is bound to their provider account: renamed there, still them; another account with their email is refused until an admin unlinks them", async ({
    browser,
  }) => {
    // vera signed in above, so the viewer is bound to the provider's subject acme|vera
    await openPeople();
    await expect(admin.getByTestId(`person-${ACCOUNTS.viewer}`).getByText("SSO", { exact: true })).toBeVisible();

    IDENTITIES.vera.email = "vera.renamed@example.test";
    try {
      const page = await newPage(browser);
      await ssoSignIn(page, "vera");
      await expect(page.getByTestId("current-role")).toHaveText("Viewer");
      await openPeople();
      await expect(admin.getByTestId("person-vera.renamed@example.test")).toHaveCount(0);
    } finally {
      IDENTITIES.vera.email = ACCOUNTS.viewer;
    }

    const victor = await newPage(browser);
    await ssoSignIn(victor, "victor");
    await expect(victor).toHaveURL(/\/signin\?error=SubjectMismatch/);
    await expect(victor.locator("#signin-error")).toHaveText(/different account at your identity provider/);

    await openPeople();
    await admin.getByRole("button", { name: `Unlink single sign-on of ${ACCOUNTS.viewer}` }).click();
    await expect(admin.getByTestId(`person-${ACCOUNTS.viewer}`).getByText("SSO", { exact: true })).toHaveCount(0);

    const again = await newPage(browser);
    await ssoSignIn(again, "victor");
    await expect(again.getByTestId("current-role")).toHaveText("Viewer");
    await openPeople();
    await expect(admin.getByTestId(`person-${ACCOUNTS.viewer}`).getByText("SSO", { exact: true })).toBeVisible();
  });
});
