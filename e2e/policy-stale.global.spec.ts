import { expect, signInAs, test, HYDRATION_TIMEOUT } from "./fixtures";

// Two security leads edit the policy at once. The second to save edited a version that is no
// longer the newest: her save is refused with the reason (she has not reviewed the other's
// changes), nothing is lost from her draft, and after a reload she saves on top of the newest.
// Saving changes the global policy, so this spec runs in the `global-state` project.
test("saving a draft of a superseded version is refused with the reason; after a reload it saves", async ({ browser }) => {
  const open = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, "security_lead");
    await page.goto("/policies?tab=edit");
    await expect(page.locator("form[data-hydrated][data-testid=policy-editor]")).toBeAttached({ timeout: HYDRATION_TIMEOUT });
    return { context, page, editor: page.getByLabel("Policy file (YAML)") };
  };
  const first = await open();
  const second = await open();
  const base = Number((await first.page.getByText(/^Editing a draft of version \d+/).textContent())?.match(/version (\d+)/)?.[1]);
  expect(base).toBeGreaterThan(0);
  await expect(second.page.getByText(`Editing a draft of version ${base}.`)).toBeVisible();

  const original = await first.editor.inputValue();
  await first.editor.fill(original.replace("description: Reading code is free", "description: Reading code is free (first)"));
  await first.page.getByRole("button", { name: "Save new version" }).click();
  await expect(first.page.getByRole("status").filter({ hasText: `Saved as version ${base + 1}` })).toBeVisible();

  const draft = original.replace("description: Reading code is free", "description: Reading code is free (second)");
  await second.editor.fill(draft);
  await second.page.getByRole("button", { name: "Save new version" }).click();
  await expect(second.page.getByTestId("policy-issues")).toContainText(`Version ${base + 1} became active after you started editing version ${base}`);
  await expect(second.editor).toHaveValue(draft);

  await second.page.reload();
  await expect(second.page.locator("form[data-hydrated][data-testid=policy-editor]")).toBeAttached({ timeout: HYDRATION_TIMEOUT });
  await expect(second.page.getByText(`Editing a draft of version ${base + 1}.`)).toBeVisible();
  await expect(second.editor).toHaveValue(/Reading code is free \(first\)/);
  await second.editor.fill((await second.editor.inputValue()).replace("Reading code is free (first)", "Reading code is free (second)"));
  await second.page.getByRole("button", { name: "Save new version" }).click();
  await expect(second.page.getByRole("status").filter({ hasText: `Saved as version ${base + 2}` })).toBeVisible();

  await Promise.all([first.context.close(), second.context.close()]);
});
