import http from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext, Page } from "@playwright/test";
import { ACCOUNTS, expect, signInAs, test } from "./fixtures";

// One story, in order: an agent (registered through the machine API) asks for a gated action;
// it appears in the queue within seconds; the person who initiated it cannot approve it; a
// security lead approves with a reason and the agent's poll sees "approved"; the kill switch in
// the queue stops the agent. (Expiry changes the global policy: approval-expiry.global.spec.ts.)
test.describe.configure({ mode: "serial" });

const tag = Date.now().toString(36);
let integration = "";
let agentToken = "";
let agentSlug = "";

async function createIntegrationToken(page: Page) {
  await signInAs(page, "admin");
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(`e2e approvals ${tag}`);
  for (const s of ["agents:write", "policies:write"]) await page.getByRole("checkbox", { name: s }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  return ((await page.getByTestId("new-token").textContent()) ?? "").trim();
}

async function registerAgent(request: APIRequestContext) {
  const auth = { Authorization: `Bearer ${integration}` };
  const teams = await request.get("/api/v1/teams", { headers: auth });
  expect(teams.status()).toBe(200);
  const team = (await teams.json()).teams[0].slug as string;
  agentSlug = `e2e-approvals-${tag}`;
  const created = await request.post("/api/v1/agents", {
    headers: auth,
    data: {
      slug: agentSlug,
      name: `E2E approvals ${tag}`,
      role: "deployment",
      team,
      sponsor: ACCOUNTS.eng_manager,
      model: "claude-sonnet-4-5",
      toolchain: "claude-code 2.0",
      scope: { repositories: ["acme/*"], branches: ["main", "feature/*"], environments: ["staging"], tools: ["Bash", "Write"], paths: ["**"] },
    },
  });
  expect(created.status()).toBe(201);
  const tok = await request.post(`/api/v1/agents/${agentSlug}/tokens`, { headers: auth, data: { ttl_seconds: 3600 } });
  expect(tok.status()).toBe(201);
  return (await tok.json()).token as string;
}

const agentAuth = () => ({ Authorization: `Bearer ${agentToken}` });

async function askGated(request: APIRequestContext, justification: string) {
  const r = await request.post("/api/v1/decisions", {
    headers: agentAuth(),
    data: { action: { type: "git.merge", repository: "acme/payments", branch: "main" }, initiated_by: ACCOUNTS.approver, justification },
  });
  expect(r.status()).toBe(200);
  const body = await r.json();
  expect(body.decision).toBe("ask");
  return body.approval_id as string;
}

test("a gated request reaches the queue, the initiator cannot approve it, another approver can", async ({ page, browser }) => {
  integration = await createIntegrationToken(page);
  expect(integration).toMatch(/^gci_/);
  agentToken = await registerAgent(page.request);

  // The initiating person (the approver account) watches the queue before the request exists.
  const ctx = await browser.newContext();
  const initiator = await ctx.newPage();
  await signInAs(initiator, "approver");
  await initiator.goto("/approvals");
  const justification = `release ${tag}`;
  const approvalId = await askGated(page.request, justification);
  const mine = initiator.getByTestId("approval-item").filter({ hasText: agentSlug });
  await expect(mine).toBeVisible({ timeout: 8_000 }); // live: no reload
  // marked as arrived while the page was open; the tab title counts what waits
  await expect(mine.getByTestId("new-request")).toBeVisible();
  const waiting = await initiator.getByTestId("approval-item").count();
  await expect(initiator).toHaveTitle(`(${waiting}) Approvals · Gatehouse`);
  await expect(mine.getByRole("button", { name: "Approve" })).toBeDisabled();
  await expect(mine).toContainText("someone else must decide");
  await ctx.close();

  // A security lead approves with a reason, by keyboard.
  await page.context().clearCookies();
  await signInAs(page, "security_lead");
  await page.goto("/approvals");
  const item = page.getByTestId("approval-item").filter({ hasText: agentSlug });
  await expect(item).toBeVisible();
  // already waiting when this page opened: not "new"
  await expect(item.getByTestId("new-request")).toHaveCount(0);
  await item.getByRole("button", { name: /wants/ }).click();
  await expect(item).toContainText(justification);
  await expect(item).toContainText("gate-protected-branches");
  await page.keyboard.press("a");
  await page.getByLabel("Reason").fill("release window agreed in #payments");
  await page.getByRole("button", { name: "Approve", exact: true }).last().click();
  await expect(item).toHaveCount(0);

  const seen = await page.request.get(`/api/v1/approvals/${approvalId}`, { headers: agentAuth() });
  expect(seen.status()).toBe(200);
  expect(await seen.json()).toMatchObject({ status: "approved", decided_by: ACCOUNTS.security_lead, reason: "release window agreed in #payments" });

  // History shows it, with the link to the audit events under it.
  await page.goto(`/approvals?tab=history&agent=${agentSlug}`);
  await expect(page.getByTestId("history-row").first()).toContainText("approved");
  await expect(page.getByRole("link", { name: /audit event/ }).first()).toHaveAttribute("href", `/audit?approval=${approvalId}`);
});

test("an approvers' webhook receives each new approval request, signed, and the delivery is listed", async ({ page }) => {
  const got: { event: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ event: String(req.headers["x-gatehouse-event"]), body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await signInAs(page, "security_lead");
    await page.goto("/violations/alerts");
    const form = page.getByRole("form", { name: "Add webhook" });
    await form.getByLabel("Name").fill(`approvers ${tag}`);
    await form.getByLabel("URL").fill(`http://127.0.0.1:${(server.address() as AddressInfo).port}/approvals`);
    await form.getByLabel("Also new approval requests").check();
    await form.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Copy the signing secret" })).toBeVisible();
    const row = page
      .getByRole("table", { name: "Alert webhooks" })
      .getByRole("row")
      .filter({ hasText: `approvers ${tag}` });
    await expect(row).toContainText("approval requests");

    const approvalId = await askGated(page.request, `alerted ${tag}`);
    await expect.poll(() => got.find((g) => g.body.includes(approvalId))?.event, { timeout: 20_000 }).toBe("approval.requested");
    const alerted = JSON.parse(got.find((g) => g.body.includes(approvalId))!.body).approval;
    expect(alerted).toMatchObject({ id: approvalId, agent_slug: agentSlug, action_type: "git.merge" });
    // the alert links to the request's own page, which an approver can open
    expect(alerted.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/approvals/${approvalId}$`));
    await page.goto(new URL(alerted.url).pathname);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${agentSlug} wants git.merge`);
    await page.goto("/violations/alerts");

    await page.reload();
    await expect(page.getByRole("table", { name: "Recent deliveries" })).toContainText(`Approval request: ${agentSlug} wants git.merge`);
    await row.getByRole("button", { name: "Disable" }).click();
    await expect(row).toContainText("Disabled");
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test("the kill switch in the queue stops the requesting agent", async ({ page }) => {
  await askGated(page.request, `kill ${tag}`);
  await signInAs(page, "security_lead");
  await page.goto("/approvals");
  const item = page.getByTestId("approval-item").filter({ hasText: agentSlug });
  await expect(item).toBeVisible({ timeout: 8_000 });
  // The kill switch is in the evidence panel only (not beside Approve), and its confirmation names the agent.
  await expect(item.getByRole("button", { name: /^Kill/ })).toHaveCount(0);
  // A click that lands before the list is hydrated does nothing: click until the panel opens.
  await expect(async () => {
    if ((await item.getByRole("button", { name: /wants/ }).getAttribute("aria-expanded")) !== "true") await item.getByRole("button", { name: /wants/ }).click();
    await expect(item.getByRole("button", { name: `Kill ${agentSlug}…` })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await item.getByRole("button", { name: `Kill ${agentSlug}…` }).click();
  await expect(page.getByRole("dialog").getByRole("heading")).toHaveText(`Kill ${agentSlug}?`);
  await page.getByLabel("Reason").fill("e2e: stop this agent");
  await page.getByRole("dialog").getByRole("button", { name: "Kill agent" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is stopped" })).toBeVisible();
  const after = await page.request.post("/api/v1/decisions", { headers: agentAuth(), data: { action: { type: "file.read", resource: "src/a.ts" } } });
  expect(after.status()).toBe(200);
  expect((await after.json()).decision).toBe("deny");
});
