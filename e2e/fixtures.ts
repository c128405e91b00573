import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "gatehouse-demo";
export const ACCOUNTS = {
  admin: "admin@acme.test",
  security_lead: "security@acme.test",
  approver: "approver@acme.test",
  eng_manager: "manager@acme.test",
  viewer: "viewer@acme.test",
} as const;
export type DemoRole = keyof typeof ACCOUNTS;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
}

export async function signInAs(page: Page, role: DemoRole) {
  await signIn(page, ACCOUNTS[role]);
}

export const test = base;
export { expect };
