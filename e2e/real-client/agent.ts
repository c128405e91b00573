import type { APIRequestContext, Page } from "@playwright/test";
import { ACCOUNTS, expect, signInAs } from "../fixtures";

/** An integration token with these scopes, created by an admin in Settings → Tokens (shown once). */
export async function createIntegrationToken(page: Page, name: string, scopes: string[]): Promise<string> {
  await signInAs(page, "admin");
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(name);
  for (const s of scopes) await page.getByRole("checkbox", { name: s }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const token = ((await page.getByTestId("new-token").textContent()) ?? "").trim();
  expect(token).toMatch(/^gci_/);
  return token;
}

export interface RegisteredAgent {
  slug: string;
  id: string;
  token: string;
}

/** Registers an agent through the machine API (as infrastructure-as-code would) and issues its token. */
export async function registerAgent(
  request: APIRequestContext,
  integration: string,
  slug: string,
  scope: Record<string, string[]>,
  opts: { role?: string; ttlSeconds?: number } = {},
): Promise<RegisteredAgent> {
  const auth = { Authorization: `Bearer ${integration}` };
  const teams = await request.get("/api/v1/teams", { headers: auth });
  expect(teams.status()).toBe(200);
  const team = (await teams.json()).teams[0].slug as string;
  const created = await request.post("/api/v1/agents", {
    headers: auth,
    data: {
      slug,
      name: slug,
      role: opts.role ?? "refactoring",
      team,
      sponsor: ACCOUNTS.eng_manager,
      model: "claude-sonnet-4-5",
      toolchain: "claude-code 2.1",
      scope,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const agent = await created.json();
  const tok = await request.post(`/api/v1/agents/${slug}/tokens`, { headers: auth, data: { ttl_seconds: opts.ttlSeconds ?? 3600 } });
  expect(tok.status()).toBe(201);
  return { slug, id: (agent.agent?.id ?? agent.id) as string, token: (await tok.json()).token as string };
}
