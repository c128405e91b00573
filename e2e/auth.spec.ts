import { test, expect, signIn, signInAs, ACCOUNTS, type DemoRole } from "./fixtures";

const ROLE_LABEL: Record<DemoRole, string> = {
  admin: "Admin",
  security_lead: "Security lead",
  approver: "Approver",
  eng_manager: "Engineering manager",
  viewer: "Viewer",
};

test.describe("sign-in and roles", () => {
  for (const role of Object.keys(ACCOUNTS) as DemoRole[]) {
    test(`${role} signs in and sees the views of that role`, async ({ page }) => {
      await signIn(page, ACCOUNTS[role]); // through the sign-in page
      await expect(page.getByTestId("current-role")).toHaveText(ROLE_LABEL[role]);
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link", { name: "Overview" })).toBeVisible();
      if (role === "admin") await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
      else await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
      // overview shows real numbers from the demo database
      await expect(page.getByTestId("stat-active-agents")).not.toHaveText("0");
    });
  }

  test("a viewer who types an admin URL is refused", async ({ page }) => {
    await signInAs(page, "viewer");
    const res = await page.goto("/settings/people");
    expect(res?.status()).toBe(403);
    await expect(page.getByTestId("forbidden")).toBeVisible();
    await expect(page.getByText("admin@acme.test")).toHaveCount(0);
  });

  test("signed-out visitors are sent to the sign-in page", async ({ page }) => {
    await page.goto("/settings/people");
    await expect(page).toHaveURL(/\/signin/);
  });

  test.describe("refused sign-in", () => {
    // next-auth answers the credentials POST with 401, which the browser logs as a failed resource
    test.use({ allowedConsoleErrors: [/Failed to load resource: the server responded with a status of 401/] });
    test("a wrong password gets a clear refusal", async ({ page }) => {
      await page.goto("/signin");
      await page.getByLabel("Email").fill(`nobody-${Date.now()}@acme.test`);
      await page.getByLabel("Password").fill("definitely-wrong");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.locator("#signin-error")).toHaveText("Wrong email or password.");
    });
  });

  test("disabling a person ends their session on their next request and refuses their sign-in", async ({ browser }) => {
    const email = `temp-${Date.now()}@acme.test`;
    const password = "temporary-password-123";
    const admin = await (await browser.newContext()).newPage();
    await signInAs(admin, "admin");
    await admin.goto("/settings/people");
    await admin.getByLabel("Email").fill(email);
    await admin.getByLabel("Name", { exact: true }).fill("Temp Person");
    await admin.getByLabel("Role", { exact: true }).selectOption("approver");
    await admin.getByLabel("Password (optional)").fill(password);
    await admin.getByRole("button", { name: "Add person" }).click();
    await expect(admin.getByTestId(`person-${email}`)).toBeVisible();

    const person = await (await browser.newContext()).newPage();
    await signIn(person, email, password);
    await expect(person.getByTestId("current-role")).toHaveText("Approver");

    // a role change applies on the next request, without signing in again
    await admin.getByLabel(`Role of ${email}`).selectOption("viewer");
    await expect(admin.getByLabel(`Role of ${email}`)).toHaveValue("viewer");
    await expect
      .poll(async () => {
        await person.reload();
        return person.getByTestId("current-role").textContent();
      })
      .toBe("Viewer");

    await admin.getByTestId(`person-${email}`).getByRole("button", { name: "Disable" }).click();
    await expect(admin.getByTestId(`person-${email}`).getByText("Disabled")).toBeVisible();

    await person.reload();
    await expect(person).toHaveURL(/\/signin/);
    await person.getByLabel("Email").fill(email);
    await person.getByLabel("Password").fill(password);
    await person.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(person.locator("#signin-error")).toHaveText(/account is disabled/);
  });

  test("an admin creates an integration token that is shown once, then revokes it", async ({ page }) => {
    await signInAs(page, "admin");
    await page.goto("/settings/tokens");
    const name = `ci-${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("events:write").check();
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!;
    expect(token).toMatch(/^gci_[0-9A-Za-z]{32}$/);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText(token.slice(0, 12));
    await page.reload();
    await expect(page.getByText(token)).toHaveCount(0);
    page.once("dialog", (d) => d.accept());
    await page
      .getByRole("row", { name: new RegExp(name) })
      .getByRole("button", { name: "Revoke" })
      .click();
    await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Revoked");
  });
});
