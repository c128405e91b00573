import { expect, signInAs, test, HYDRATION_TIMEOUT } from "./fixtures";

test("a security lead edits the policy as YAML: errors point at the rule, saving makes a new version; the simulator shows the deciding rule", async ({
  page,
}) => {
  await signInAs(page, "security_lead");
  await page.goto("/policies");
  await expect(page.getByTestId("policy-rule").first()).toBeVisible();

  await page.goto("/policies?tab=edit");
  // typing before React hydrates the editor would be overwritten by its state
  await expect(page.locator("form[data-hydrated][data-testid=policy-editor]")).toBeAttached({ timeout: HYDRATION_TIMEOUT });
  const editor = page.getByLabel("Policy file (YAML)");
  const original = await editor.inputValue();
  await editor.fill(original.replace("tier: forbidden", "tier: sometimes"));
  await page.getByRole("button", { name: "Save new version" }).click();
  await expect(page.getByTestId("policy-issues")).toContainText(/rules\[\d+\]\.tier/);
  await expect(page.getByTestId("policy-issues")).toContainText("rule forbid-secret-read");

  await editor.fill(original.replace("description: Reading code is free", "description: Reading code is free (e2e)"));
  await page.getByLabel("What changed (optional)").fill("e2e wording");
  await page.getByRole("button", { name: "Save new version" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as version" })).toBeVisible();

  await page.goto("/policies?tab=versions");
  const newest = page.getByTestId("policy-version").first();
  await expect(newest).toContainText("security@acme.test");
  await newest.getByText(/Diff against/).click();
  await expect(newest).toContainText("+ ");

  await page.goto("/policies?tab=simulate");
  await page.getByLabel("Action type").fill("secret.read");
  await page.getByRole("button", { name: "Simulate" }).click();
  await expect(page.getByTestId("sim-result")).toContainText("deny");

  // A shell line is decided as its simple commands: the table shows each and marks the one that decided.
  await page.getByLabel("Action type").fill("shell.exec");
  await page.getByLabel(/^Command/).fill("ls -la; cat .env");
  await page.getByRole("button", { name: "Simulate" }).click();
  const actions = page.getByTestId("sim-actions");
  await expect(actions).toContainText("Derived actions (2)");
  await expect(actions.locator("tr[aria-current=true]")).toContainText("file.read");
  await expect(actions.locator("tr[aria-current=true]")).toContainText("forbid-secret-files");
});

test("a viewer sees the rules but not the editor", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/policies");
  await expect(page.getByTestId("policy-rule").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
});
