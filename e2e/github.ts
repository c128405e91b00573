import { createHmac, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import type WebhookDefinitions from "@octokit/webhooks-examples";
import type { APIRequestContext } from "@playwright/test";
import { expect } from "./fixtures";

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
