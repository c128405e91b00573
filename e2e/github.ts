import { createHmac, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import type WebhookDefinitions from "@octokit/webhooks-examples";
import type { APIRequestContext, Browser } from "@playwright/test";
import { expect, signInAs } from "./fixtures";

// The e2e server's GITHUB_WEBHOOK_SECRET (playwright.config.ts).
const SECRET = "e2e-webhook-secret";
// the package is a JSON file: required, since ESM would need an import attribute
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as typeof WebhookDefinitions;

/** A copy of GitHub's real `pull_request` "opened" example payload, to adjust per test. */
export function openedPullRequest(): any {
  const base = examples.find((d) => d.name === "pull_request")!.examples.find((e: any) => e.action === "opened");
  return structuredClone(base);
}

/** Delivers a payload as GitHub does (signed, with a fresh delivery id) and expects it processed. */
export async function deliverGithub(request: APIRequestContext, event: string, payload: unknown) {
  const raw = JSON.stringify(payload);
  const res = await request.post("/api/webhooks/github", {
    data: raw,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": randomBytes(8).toString("hex"),
      "x-hub-signature-256": "sha256=" + createHmac("sha256", SECRET).update(raw).digest("hex"),
    },
  });
  expect(res.status()).toBe(200);
}

/** The e2e server posts commit statuses to this stand-in (GITHUB_API_URL in playwright.config.ts). */
export { startGithubStandIn } from "../lib/changes/github-status-stand-in";
export const GITHUB_STAND_IN_TOKEN = "e2e-github-token";
export const githubStandInPort = () => Number(process.env.E2E_PORT ?? 3199) + 20000;

/** A pull request opened by a coding agent's bot (attributed to the agent), with its head commit. */
export async function deliverAgentPr(request: APIRequestContext, repo: string, number: number, headSha: string) {
  const p = openedPullRequest();
  p.number = number;
  p.repository.full_name = repo;
  Object.assign(p.pull_request, {
    number,
    title: `Retry card charges (${repo})`,
    created_at: new Date().toISOString(),
    body: "Adds retries.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)",
    head: { ...p.pull_request.head, sha: headSha, ref: `agent/${number}` },
    user: { ...p.pull_request.user, login: "copilot-swe-agent[bot]", type: "Bot" },
  });
  await deliverGithub(request, "pull_request", p);
}

/** An integration token with ci:write, made by an admin in Settings → Tokens. */
export async function ciToken(browser: Browser): Promise<string> {
  const page = await browser.newPage();
  await signInAs(page, "admin");
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(`e2e ci ${randomBytes(3).toString("hex")}`);
  await page.getByRole("checkbox", { name: "ci:write" }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  await page.close();
  return token;
}
