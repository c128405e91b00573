import type { Page } from "@playwright/test";
import { seriousViolations } from "./axe";
import { expect, signInAs, test, HYDRATION_TIMEOUT } from "./fixtures";
import { startIn, switchTheme } from "./theme";

// A policy change as a reviewed draft, as the security lead makes it: rules as rows beside the
// YAML, live validation, a replay against the recorded demo traffic, the diff against the active
// version. Nothing here saves (policies.spec.ts saves; a saved policy is global state).

/** The YAML block of one rule, from its `- id:` line to the next rule. */
async function ruleBlock(page: Page, id: string) {
  const yaml = await page.getByLabel("Policy file (YAML)").inputValue();
  const start = yaml.indexOf(`- id: ${id}\n`);
  expect(start, `rule ${id} in the YAML`).toBeGreaterThanOrEqual(0);
  const next = yaml.indexOf("\n  - id: ", start + 1);
  return yaml.slice(start, next < 0 ? undefined : next);
}

async function openEditor(page: Page) {
  await page.goto("/policies?tab=edit");
  // typing before React hydrates the editor would be overwritten by its state
  await expect(page.locator("form[data-hydrated][data-testid=policy-editor]")).toBeAttached({ timeout: HYDRATION_TIMEOUT });
  await expect(page.getByTestId("rule-row").first()).toBeVisible();
  await expect(page.getByTestId("draft-no-changes")).toBeVisible();
}

test("a gated rule's approvers are rows too: named people and N of M land in the YAML, and too many approvals is named", async ({ page }) => {
  await signInAs(page, "security_lead");
  await openEditor(page);
  // the demo's production rule names its approvers
  await expect(page.locator('[data-testid=rule-row][data-rule-id="gate-production"] summary', { hasText: /^Approvers:/ })).toHaveText(
    "Approvers: 2 of team platform, role security_lead · escalates after 30 min to role admin",
  );
  const row = page.locator('[data-testid=rule-row][data-rule-id="gate-dependencies"]');
  await row.locator("summary", { hasText: /^Approvers:/ }).click();
  await row.getByLabel(/^people/).fill("approver@acme.test\nsecurity@acme.test");
  await row.getByLabel(/^people/).blur();
  await row.getByLabel(/^approvals needed/).fill("2");
  await row.getByLabel(/^approvals needed/).blur();
  expect(await ruleBlock(page, "gate-dependencies")).toMatch(/approvers:\n\s+people:\n\s+- approver@acme.test\n\s+- security@acme.test\n\s+required: 2/);
  await expect(row.locator("summary", { hasText: /^Approvers:/ })).toHaveText("Approvers: 2 of approver@acme.test, security@acme.test");
  await expect(page.getByTestId("policy-valid")).toContainText("Valid:");
  await row.getByLabel(/^approvals needed/).fill("3");
  await row.getByLabel(/^approvals needed/).blur();
  await expect(page.getByTestId("policy-issues")).toContainText("3 approvals required but only 2 people named");
});

test("rows and YAML stay in sync both ways, validation is live, and the diff against the active version follows the draft", async ({ page }) => {
  await signInAs(page, "security_lead");
  await openEditor(page);
  const yaml = page.getByLabel("Policy file (YAML)");

  // row → YAML: the tier select rewrites the rule in the file
  await page.getByLabel("Tier of free-read", { exact: true }).selectOption("gated");
  expect(await ruleBlock(page, "free-read")).toMatch(/tier: gated/);
  await expect(page.getByTestId("draft-diff")).toContainText("+     tier: gated");
  await expect(page.getByTestId("draft-diff")).toContainText("-     tier: free");

  // YAML → row: a priority typed into the file shows in the row
  const text = await yaml.inputValue();
  await yaml.fill(text.replace(/(- id: free-read\n(?:.*\n)*?\s+priority: )\d+/, (_m, head: string) => `${head}7`));
  await expect(page.getByLabel("Priority of free-read", { exact: true })).toHaveValue("7");

  // a match pattern typed in the row (with spaces, one per line) lands in the YAML on blur
  const row = page.locator('[data-testid=rule-row][data-rule-id="free-read"]');
  await row.locator("summary", { hasText: /^Match:/ }).click();
  await row.getByLabel(/^commands/).fill("cat *\nhead -n *");
  await row.getByLabel(/^commands/).blur();
  expect(await ruleBlock(page, "free-read")).toMatch(/commands:\n\s+- cat \*\n\s+- head -n \*/);

  // live validation: an invalid tier is named with its rule before anything is saved
  await yaml.fill((await yaml.inputValue()).replace("tier: forbidden", "tier: sometimes"));
  await expect(page.getByTestId("policy-issues")).toContainText(/rules\[\d+\]\.tier/);
  await expect(page.getByTestId("policy-issues")).toContainText("rule forbid-secret-read");
  await expect(page.getByRole("button", { name: "Replay the draft" })).toBeDisabled();
  // the row shows the invalid value, and choosing a tier there fixes the file
  await page.getByLabel("Tier of forbid-secret-read", { exact: true }).selectOption("forbidden");
  await expect(page.getByTestId("policy-issues")).toHaveCount(0);
  await expect(page.getByTestId("policy-valid")).toContainText("Valid:");

  // a syntax error: the rows say why they cannot be edited, and come back once fixed
  const good = await yaml.inputValue();
  await yaml.fill(`${good}\nrules: [\n`);
  await expect(page.getByTestId("rule-rows-unavailable")).toBeVisible();
  await yaml.fill(good);
  await expect(page.getByTestId("rule-row").first()).toBeVisible();

  await page.getByRole("button", { name: "Revert" }).click();
  await expect(page.getByTestId("draft-no-changes")).toBeVisible();
});

test("a draft that gates a command the agents run freely is replayed against the recorded traffic: allow → gated, per rule and agent, with examples", async ({
  page,
}) => {
  test.setTimeout(180_000); // the replay decides thousands of recorded calls twice on 2 shared cores
  await signInAs(page, "security_lead");
  await openEditor(page);

  // the unchanged draft changes nothing
  await page.getByLabel("Window", { exact: true }).selectOption("7");
  await page.getByRole("button", { name: "Replay the draft" }).click();
  await expect(page.getByTestId("replay-changed")).toHaveText("Nothing would change.", { timeout: 90_000 });
  await expect(page.getByTestId("replay-result")).toContainText(/Replayed [\d,]+ recorded decisions/);
  expect(Number((await page.getByTestId("replay-result").locator("strong").first().textContent())!.replace(/,/g, ""))).toBeGreaterThan(0);

  // a new rule, made in the rows: gate `npm test` ahead of the free tests rule
  const rows = page.getByTestId("rule-row");
  const before = await rows.count();
  await page.getByRole("button", { name: "Add rule" }).click();
  await expect(rows).toHaveCount(before + 1);
  const added = rows.last();
  await added.getByLabel("Id of new-rule-1", { exact: true }).fill("gate-npm-test-e2e");
  await added.getByLabel("Id of new-rule-1", { exact: true }).press("Enter");
  const rule = page.locator('[data-testid=rule-row][data-rule-id="gate-npm-test-e2e"]');
  await rule.getByLabel("Priority of gate-npm-test-e2e", { exact: true }).fill("5");
  await rule.locator("summary", { hasText: /^Match:/ }).click();
  await rule.getByLabel(/^commands/).fill("npm test*");
  await rule.getByLabel(/^commands/).blur();
  expect(await ruleBlock(page, "gate-npm-test-e2e")).toMatch(
    /tier: gated[\s\S]*priority: 5[\s\S]*action_types:\n\s+- shell\.exec\n\s+commands:\n\s+- npm test\*/,
  );
  await expect(page.getByTestId("draft-diff")).toContainText("+   - id: gate-npm-test-e2e");
  await expect(page.getByTestId("replay-stale")).toBeVisible();

  await page.getByRole("button", { name: "Replay the draft" }).click();
  await expect(page.getByTestId("replay-stale")).toHaveCount(0, { timeout: 90_000 });
  await expect(page.getByTestId("replay-changed")).toHaveText(/^[\d,]+ would be decided differently\.$/);
  // only tightening: every change is allow → gated
  const transitions = page.getByTestId("replay-transitions").locator("tbody tr");
  await expect(transitions).toHaveCount(1);
  await expect(transitions.first()).toHaveAttribute("data-from", "allow");
  await expect(transitions.first()).toHaveAttribute("data-to", "ask");
  await expect(page.getByTestId("replay-by-rule")).toContainText("gate-npm-test-e2e");
  await expect(page.getByTestId("replay-by-agent").locator("tbody tr").first()).toBeVisible();
  const examples = page.getByTestId("replay-examples").locator("tbody tr");
  await expect(examples.first()).toContainText("npm test");
  await expect(examples.first()).toContainText("→ gate-npm-test-e2e");
});

test("the first policy version offers no diff link; later ones do", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/policies?tab=versions");
  const versions = page.getByTestId("policy-version");
  const first = versions.filter({ has: page.getByText("Version 1", { exact: true }) });
  await expect(first).toHaveCount(1);
  await expect(first.getByText(/Diff against/)).toHaveCount(0);
  const second = versions.filter({ has: page.getByText("Version 2", { exact: true }) });
  await expect(second.getByText("Diff against version 1")).toBeVisible();
});

test("the policy editor with a replay passes axe, in the light theme and the dark", async ({ page }) => {
  test.setTimeout(180_000);
  // one replay, audited in both themes (e2e/theme.ts: the theme is the class on <html>)
  await startIn(page, "light");
  await signInAs(page, "admin");
  await openEditor(page);
  await page.getByLabel("Tier of free-read", { exact: true }).selectOption("gated");
  await page.getByLabel("Window", { exact: true }).selectOption("1");
  await page.getByRole("button", { name: "Replay the draft" }).click();
  await expect(page.getByTestId("replay-result")).toBeVisible({ timeout: 90_000 });
  await page.locator('[data-testid=rule-row][data-rule-id="free-read"] summary', { hasText: /^Match:/ }).click();
  const violations: string[] = [];
  for (const theme of ["light", "dark"] as const) {
    await switchTheme(page, theme);
    const bad = await seriousViolations(page);
    violations.push(
      ...bad.map(
        (v) =>
          `${theme}: ${v.id}: ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 5)
            .join(", ")}`,
      ),
    );
  }
  expect(violations).toEqual([]);
});
