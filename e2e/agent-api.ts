import type { APIRequestContext, Page } from "@playwright/test";
import { ACCOUNTS, expect, signInAs } from "./fixtures";

// A fresh agent of the test's own, through the machine API, so view tests can make gated
// requests without touching the demo agents other specs count on.

/** An integration token (agents:write, or the scopes given) created by the admin in Settings → Tokens; leaves the page signed in as admin. */
export async function createIntegrationToken(page: Page, name: string, scopes: string[] = ["agents:write"]) {
  await signInAs(page, "admin");
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(name);
  for (const s of scopes) await page.getByRole("checkbox", { name: s }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  return ((await page.getByTestId("new-token").textContent()) ?? "").trim();
}

/** Registers a deployment agent scoped to acme/* (main and feature/*, staging) and returns an agent token. */
export async function registerAgent(request: APIRequestContext, integration: string, slug: string, name = slug) {
  const auth = { Authorization: `Bearer ${integration}` };
  const team = (await (await request.get("/api/v1/teams", { headers: auth })).json()).teams[0].slug as string;
  const created = await request.post("/api/v1/agents", {
    headers: auth,
    data: {
      slug,
      name,
      role: "deployment",
      team,
      sponsor: ACCOUNTS.eng_manager,
      model: "claude-sonnet-4-5",
      toolchain: "claude-code 2.0",
      scope: { repositories: ["acme/*"], branches: ["main", "feature/*"], environments: ["staging"], tools: ["Bash"], paths: ["**"] },
    },
  });
  expect(created.status()).toBe(201);
  const tok = await request.post(`/api/v1/agents/${slug}/tokens`, { headers: auth, data: { ttl_seconds: 3600 } });
  expect(tok.status()).toBe(201);
  return (await tok.json()).token as string;
}

/** A merge into main (gated by the demo policy), optionally with a command and session. */
export async function askMerge(
  request: APIRequestContext,
  token: string,
  extra: { command?: string; session_id?: string; justification?: string; initiated_by?: string } = {},
) {
  const { command, ...rest } = extra;
  const r = await request.post("/api/v1/decisions", {
    headers: { Authorization: `Bearer ${token}` },
    data: { action: { type: "git.merge", repository: "acme/payments", branch: "main", ...(command ? { command } : {}) }, ...rest },
  });
  expect(r.status()).toBe(200);
  return (await r.json()) as { decision: string; approval_id?: string };
}
