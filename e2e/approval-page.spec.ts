import type { APIRequestContext } from "@playwright/test";
import { askMerge, createIntegrationToken, registerAgent } from "./agent-api";
import { ACCOUNTS, expect, signInAs, test } from "./fixtures";

// The approval page /approvals/<id>: an approver opens a request from its link, sees the full
// evidence with the way to the agent and the session, approves it there; the agent's next call
// runs under the approval and the page lists it. Then a kill from the evidence panel names the
// agent and leaves a "Killed by … at … — reason" banner on the approval and agent pages.
test.describe.configure({ mode: "serial" });

const tag = Date.now().toString(36);
const slug = `e2e-approval-page-${tag}`;
const session = `e2e-approval-page-session-${tag}`;
const command = `git merge --no-ff origin/feature/settlement-reconciliation-${tag}-batch-window-and-retry-policy-for-late-files -m "Merge the settlement reconciliation work"`;
let agentToken = "";

const ask = (request: APIRequestContext) =>
  askMerge(request, agentToken, { command, session_id: session, initiated_by: ACCOUNTS.approver, justification: `settlement fix ${tag}` });

test("an approver decides on the request's own page, and the action taken under it is listed there", async ({ page }) => {
  agentToken = await registerAgent(page.request, await createIntegrationToken(page, `e2e approval page ${tag}`), slug, `E2E approval page ${tag}`);
  const asked = await ask(page.request);
  expect(asked.decision).toBe("ask");
  const id = asked.approval_id!;

  await page.context().clearCookies();
  await signInAs(page, "security_lead");
  await page.goto(`/approvals/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${slug} wants git.merge`);
  await expect(page.getByTestId("approval-status")).toHaveText("pending");
  await expect(page.getByText(`settlement fix ${tag}`)).toBeVisible();
  await expect(page.locator("pre").getByText(command)).toBeVisible(); // the full command, not a clamp
  await expect(page.getByTestId("priority-parts")).toContainText("risk");
  await expect(page.getByRole("link", { name: `E2E approval page ${tag}` })).toHaveAttribute("href", `/agents/${slug}`);
  await expect(page.getByRole("link", { name: session }).first()).toHaveAttribute("href", `/audit/sessions/${session}`);
  // the request's own audit event is in the session timeline, marked as this approval's
  await expect(page.locator('[data-under-approval="true"]').first()).toBeVisible();

  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await page.getByLabel("Reason").fill("merge window agreed");
  await page.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("approval-status")).toHaveText("approved");
  await expect(page.getByTestId("approval-outcome")).toContainText(`approved by ${ACCOUNTS.security_lead}`);
  await expect(page.getByTestId("approval-outcome")).toContainText("merge window agreed");
  await expect(page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);

  // The agent asks again: allowed under the approval, and the page lists that decision.
  expect((await ask(page.request)).decision).toBe("allow");
  await page.reload();
  const under = page.getByTestId("under-approval");
  await expect(under.filter({ hasText: "approval.approve" })).toHaveCount(1);
  await expect(under.filter({ hasText: "allow" }).filter({ hasNotText: "approval.approve" })).not.toHaveCount(0);

  // History rows lead to the page.
  await page.goto(`/approvals?tab=history&agent=${slug}`);
  await page
    .getByTestId("history-row")
    .first()
    .getByRole("link", { name: /git\.merge/ })
    .click();
  await expect(page).toHaveURL(new RegExp(`/approvals/${id}$`));
});

test("a viewer reads the page without decide or kill controls; an unknown id is a 404", async ({ page }) => {
  const asked = await ask(page.request);
  expect(asked.decision).toBe("ask");
  await signInAs(page, "viewer");
  await page.goto(`/approvals/${asked.approval_id}`);
  await expect(page.getByTestId("approval-status")).toHaveText("pending");
  await expect(page.getByText("Waiting for an approver.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Approve|Deny|Kill/ })).toHaveCount(0);
  const missing = await page.goto("/approvals/00000000-0000-4000-8000-000000000000");
  expect(missing?.status()).toBe(404);
  expect((await page.goto("/approvals/not-a-uuid"))?.status()).toBe(404);
});

test("the kill switch in the evidence panel names the agent; the kill shows who, when and why", async ({ page }) => {
  const asked = await ask(page.request);
  await signInAs(page, "security_lead");
  await page.goto(`/approvals/${asked.approval_id}`);
  await page.getByRole("button", { name: `Kill ${slug}` }).click();
  await expect(page.getByRole("dialog")).toContainText(`Kill agent: ${slug}`);
  await page.getByLabel("Reason (required)").fill(`e2e stop ${tag}`);
  await page.getByRole("dialog").getByRole("button", { name: "Kill agent" }).click();
  const banner = page.getByTestId("kill-banner");
  await expect(banner).toContainText(`Killed by ${ACCOUNTS.security_lead} at `);
  await expect(banner).toContainText(`— e2e stop ${tag}`);
  // the kill cancelled the pending request
  await expect(page.getByTestId("approval-status")).toHaveText("cancelled");
  await page.goto(`/agents/${slug}`);
  await expect(page.getByTestId("kill-banner")).toContainText(`Killed by ${ACCOUNTS.security_lead} at `);
  await expect(page.getByTestId("kill-banner")).toContainText(`e2e stop ${tag}`);
});
