import { ACCOUNTS, expect, signInAs, test } from "./fixtures";
import { createIntegrationToken } from "./agent-api";

// The queue reorders itself as requests arrive (highest priority first). The request a person
// picked is the one the keyboard acts on, wherever it moves: a request arriving above it between
// the pick and the `a` key must not receive the approval (it did when the cursor was a position).
const tag = Date.now().toString(36);

test("a/d act on the request picked, after a higher-priority request arrives above it", async ({ page }) => {
  const integration = await createIntegrationToken(page, `e2e keyboard ${tag}`, ["agents:write"]);
  const auth = { Authorization: `Bearer ${integration}` };
  const team = (await (await page.request.get("/api/v1/teams", { headers: auth })).json()).teams[0].slug as string;
  const slug = `e2e-keys-${tag}`;
  const created = await page.request.post("/api/v1/agents", {
    headers: auth,
    data: {
      slug,
      name: slug,
      role: "deployment",
      team,
      sponsor: ACCOUNTS.eng_manager,
      model: "claude-sonnet-4-5",
      toolchain: "claude-code 2.0",
      scope: { repositories: ["acme/*"], branches: ["main"], environments: ["staging", "production"], tools: ["Bash"], paths: ["**"] },
    },
  });
  expect(created.status()).toBe(201);
  const tok = await page.request.post(`/api/v1/agents/${slug}/tokens`, { headers: auth, data: { ttl_seconds: 3600 } });
  const agent = { Authorization: `Bearer ${(await tok.json()).token}` };
  const ask = async (action: Record<string, string>, justification: string) => {
    const r = await page.request.post("/api/v1/decisions", { headers: agent, data: { action, justification, initiated_by: ACCOUNTS.eng_manager } });
    const body = await r.json();
    expect(body.decision, JSON.stringify(body)).toBe("ask");
    return body.approval_id as string;
  };
  const status = async (id: string) => (await (await page.request.get(`/api/v1/approvals/${id}`, { headers: agent })).json()).status as string;

  // risk 45: below the demo's waiting requests
  const picked = await ask({ type: "git.merge", repository: "acme/payments", branch: "main" }, `picked ${tag}`);
  await page.context().clearCookies();
  await signInAs(page, "security_lead");
  await page.goto("/approvals");
  const pickedItem = page.getByTestId("approval-item").filter({ hasText: `picked ${tag}` });
  const items = page.getByTestId("approval-item");
  // the justification shows once the request is opened: find it by its agent, then open it
  const mine = items.filter({ hasText: slug });
  await expect(mine).toHaveCount(1);
  await mine.getByRole("button", { name: /wants/ }).click();
  await expect(pickedItem).toBeVisible();
  await expect(pickedItem).toHaveAttribute("aria-current", "true");

  // risk 75 (a merge in production): arrives above the picked one at the next poll
  const above = await ask({ type: "git.merge", repository: "acme/payments", branch: "main", environment: "production" }, `above ${tag}`);
  await expect(items.filter({ hasText: slug })).toHaveCount(2);
  // it is listed above the picked one (its exact place also depends on what other specs running
  // at the same time add to or decide in the shared queue)
  const order = () => items.evaluateAll((els, ids) => ids.map((id) => els.findIndex((e) => e.id === id)), [`approval-${above}`, `approval-${picked}`]);
  await expect.poll(async () => ((([a, p]) => a >= 0 && a < p)(await order()) ? "above" : "not above")).toBe("above");
  await expect(pickedItem).toHaveAttribute("aria-current", "true");

  await page.keyboard.press("a");
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("the one I picked");
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(pickedItem).toHaveCount(0);
  expect(await status(picked)).toBe("approved");
  expect(await status(above)).toBe("pending");

  // leave nothing waiting for the other specs: the kill denies the agent's open request
  await page.context().clearCookies();
  await signInAs(page, "admin");
  expect((await page.request.post(`/api/v1/agents/${slug}/kill`, { headers: auth, data: { reason: "e2e done" } })).status()).toBeLessThan(300);
});
