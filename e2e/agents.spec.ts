import { expect, signInAs, test } from "./fixtures";

// One story, in order: the admin registers an agent, issues a token, kills and resumes it; then a
// viewer sees the inventory without a kill switch and cannot kill by calling the action directly.
test.describe.configure({ mode: "serial" });

const slug = `e2e-agent-${Date.now().toString(36)}`;
const name = `E2E Agent ${slug.slice(-5)}`;
let killActionId = "";
let agentId = "";

test("admin registers an agent with a scope, issues a token, kills and resumes it", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/agents/new");
  await expect(page.getByTestId("deny-by-default")).toContainText("Anything not listed is denied");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel("Purpose / role").fill("test-automation");
  const team = page.getByLabel("Owning team (required)");
  await team.selectOption({ index: 1 });
  await page.getByLabel("Human sponsor (required)").selectOption({ index: 1 });
  await page.getByLabel("Model (pinned)").fill("claude-sonnet-4-5");
  await page.getByLabel("Toolchain version (pinned)").fill("claude-code 2.0.14");
  await page.getByRole("button", { name: "Add repositories entry" }).click();
  await page.getByPlaceholder("acme/payments").fill("acme/*");
  await page.getByRole("button", { name: "Add environments entry" }).click();
  await page.getByPlaceholder("staging").fill("staging");
  await page.getByRole("button", { name: "Register agent" }).click();
  await page.waitForURL(`**/agents/${slug}`);
  await expect(page.getByTestId("scope-view")).toContainText("acme/*");
  await expect(page.getByTestId("agent-detail-status")).toHaveText("active");

  // Token: shown once.
  await page.getByRole("button", { name: "Issue token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^gat_/);
  const auth = { Authorization: `Bearer ${token}` };
  const ok = await page.request.get(`/api/v1/agents/${slug}`, { headers: auth });
  expect(ok.status()).toBe(200);
  agentId = (await ok.json()).id;
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);

  // Kill with a reason (two deliberate steps); capture the action id for the viewer test.
  await page.getByRole("button", { name: `Kill ${name}` }).click();
  const confirm = page.getByRole("button", { name: "Kill agent" });
  await expect(confirm).toBeDisabled(); // no reason, no kill
  await page.getByLabel("Reason (required)").fill("e2e: suspicious behaviour");
  const [req] = await Promise.all([page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]), confirm.click()]);
  killActionId = req.headers()["next-action"];
  await expect(page.getByTestId("agent-detail-status")).toHaveText("suspended");
  const denied = await page.request.get(`/api/v1/agents/${slug}`, { headers: auth });
  expect(denied.status()).toBe(403);
  expect((await denied.json()).error.code).toBe("agent_suspended");
  const decision = await page.request.post("/api/v1/decisions", { headers: auth, data: { action: { type: "file.read", resource: "src/a.ts" } } });
  // A killed agent's decision request is answered, and answered deny (fail closed).
  expect(decision.status()).toBe(200);
  expect((await decision.json()).decision).toBe("deny");
  await expect(page.getByTestId("lifecycle-history")).toContainText("agent.kill");

  // Resume restores.
  await page.getByRole("button", { name: `Resume ${name}` }).click();
  await page.getByLabel("Reason (required)").fill("e2e: investigated, false alarm");
  await page.getByRole("button", { name: "Resume agent" }).click();
  await expect(page.getByTestId("agent-detail-status")).toHaveText("active");
  expect((await page.request.get(`/api/v1/agents/${slug}`, { headers: auth })).status()).toBe(200);
});

test("a viewer sees the inventory but no kill switch, and cannot kill through the server action", async ({ page }) => {
  expect(killActionId).not.toBe("");
  await signInAs(page, "viewer");
  await page.goto(`/agents?q=${slug}`);
  await expect(page.getByTestId(`agent-row-${slug}`)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Kill/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Freeze fleet" })).toHaveCount(0);

  // Call the kill action directly with the viewer's session.
  const res = await page.request.post(`/agents/${slug}`, {
    headers: { "Next-Action": killActionId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: JSON.stringify([{ id: agentId, reason: "viewer trying to kill" }]),
  });
  expect(await res.text()).toContain("Your role may not do that");
  await page.goto(`/agents/${slug}`);
  await expect(page.getByTestId("agent-detail-status")).toHaveText("active");
});

test("inventory filters live in the URL and the CSV export follows them", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/agents");
  await page.getByLabel("Status").selectOption("active");
  await page.waitForURL(/status=active/);
  await page.getByLabel("Search").fill(slug);
  await page.getByLabel("Search").press("Enter");
  await page.waitForURL(new RegExp(`q=${slug}`));
  await expect(page.getByTestId(`agent-row-${slug}`)).toBeVisible();
  const csv = await page.request.get(`/agents/export?q=${slug}`);
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toContain("slug,name,kind");
  expect(text).toContain(slug);
});
