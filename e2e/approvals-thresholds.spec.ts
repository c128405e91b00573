import { createIntegrationToken, registerAgent } from "./agent-api";
import { ACCOUNTS, expect, signInAs, test } from "./fixtures";

// Named approvers and N of M (issue 21): a rule of its own (its repository only) names the
// approver and the security lead and needs both. The approver approves in the queue (1 of 2, the
// agent still sees pending); an admin, not named, cannot decide; the security lead opens the
// request's page, sees the progress and who approved, and approves: 2 of 2, the agent sees approved.
test.describe.configure({ mode: "serial" });

const tag = Date.now().toString(36);
const slug = `e2e-thresholds-${tag}`;
const repo = `acme/h21a-${tag}`;

test("two named approvers approve a 2-of-2 request in the browser; the request page shows the progress", async ({ page }) => {
  const integration = await createIntegrationToken(page, `e2e thresholds ${tag}`, ["agents:write", "policies:write"]);
  const auth = { Authorization: `Bearer ${integration}` };
  // the policy gains a rule for this test's repository only: 2 of (approver, security lead)
  const current = await (await page.request.get("/api/v1/policies", { headers: auth })).json();
  const document = {
    ...current.document,
    rules: [
      {
        id: `two-named-${tag}`,
        tier: "gated",
        priority: 1,
        match: { action_types: ["git.merge"], repositories: [repo] },
        approvers: { people: [ACCOUNTS.approver, ACCOUNTS.security_lead], required: 2 },
      },
      ...current.document.rules,
    ],
  };
  expect((await page.request.put("/api/v1/policies", { headers: auth, data: document })).status()).toBe(200);
  const agentToken = await registerAgent(page.request, integration, slug);
  const agentAuth = { Authorization: `Bearer ${agentToken}` };
  const asked = await page.request.post("/api/v1/decisions", {
    headers: agentAuth,
    data: { action: { type: "git.merge", repository: repo, branch: "main" }, initiated_by: ACCOUNTS.eng_manager, justification: `two keys ${tag}` },
  });
  const answer = await asked.json();
  expect(answer).toMatchObject({ decision: "ask", rule_id: `two-named-${tag}` });
  const id = answer.approval_id as string;
  const poll = async () => (await (await page.request.get(`/api/v1/approvals/${id}`, { headers: agentAuth })).json()).status as string;

  // The approver: the queue shows the request with its progress; the approval is recorded, 1 of 2.
  await page.context().clearCookies();
  await signInAs(page, "approver");
  // the queue polls once React has hydrated it: a click before that would do nothing
  const firstPoll = page.waitForResponse((r) => new URL(r.url()).pathname === "/approvals/queue");
  await page.goto("/approvals");
  const item = page.getByTestId("approval-item").filter({ hasText: slug });
  await expect(item.getByTestId("approval-progress")).toHaveText("0 of 2 approvals");
  await firstPoll;
  // a click that lands before the queue is hydrated does nothing: click until the dialog opens
  await expect(async () => {
    if (!(await page.getByRole("dialog").isVisible())) await item.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("dialog")).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await page.getByLabel("Reason").fill("first key");
  await page.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your approval is recorded: 1 of 2" })).toBeVisible();
  await expect(item.getByTestId("approval-progress")).toHaveText("1 of 2 approvals");
  expect(await poll()).toBe("pending");

  // An admin is not named: the page says who may approve, and offers no decision.
  await page.context().clearCookies();
  await signInAs(page, "admin");
  await page.goto(`/approvals/${id}`);
  await expect(page.getByTestId("not-eligible")).toContainText("you are not among them");
  await expect(page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);

  // The security lead: the page shows 1 of 2, who approved, who may; the second approval decides.
  await page.context().clearCookies();
  await signInAs(page, "security_lead");
  await page.goto(`/approvals/${id}`);
  const panel = page.getByTestId("approval-progress-panel");
  await expect(panel.getByTestId("approval-progress")).toHaveText("1 of 2 approvals");
  await expect(panel.getByTestId("approval-decisions")).toContainText(ACCOUNTS.approver);
  await expect(panel.getByTestId("approval-eligible")).toHaveText(`${ACCOUNTS.approver}, ${ACCOUNTS.security_lead}`);
  // a click that lands before the panel is hydrated does nothing: click until the dialog opens
  await expect(async () => {
    if (!(await page.getByRole("dialog").isVisible())) await page.getByRole("button", { name: "Approve", exact: true }).click();
    await expect(page.getByLabel("Reason")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByLabel("Reason").fill("second key");
  await page.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("approval-status")).toHaveText("approved");
  await expect(panel.getByTestId("approval-progress")).toHaveText("2 of 2 approvals");
  await expect(panel.getByTestId("approval-decisions")).toContainText(ACCOUNTS.security_lead);
  expect(await poll()).toBe("approved");

  // the policy goes back as it was (the rule matched this test's repository only)
  expect((await page.request.put("/api/v1/policies", { headers: auth, data: current.document })).status()).toBe(200);
});
