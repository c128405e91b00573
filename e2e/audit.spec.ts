import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { test, expect, signInAs } from "./fixtures";

// Creates its own data (an integration token through the settings UI, then events over the
// machine API), so it runs in parallel with other specs and does not depend on demo contents.
test("filter the explorer to one agent's session, open an event, export CSV and JSONL", async ({ page }) => {
  const agent = `e2e-audit-${randomUUID().slice(0, 8)}`;
  const session = `sess-${randomUUID().slice(0, 8)}`;
  await signInAs(page, "admin");

  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(`e2e audit ${agent}`);
  await page.getByRole("checkbox", { name: "events:write" }).check();
  await page.getByRole("checkbox", { name: "audit:read" }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^gci_/);

  const t0 = Date.now();
  const events = [
    { type: "prompt", payload: { prompt: "Add a retry to the payment client" } },
    { type: "tool.pre", action: { type: "file.write", tool: "Edit", resource: "src/payments/client.ts" } },
    {
      type: "tool.post",
      action: { type: "file.write", tool: "Edit", resource: "src/payments/client.ts" },
      outcome: "success",
      payload: { diff: "+ retries: 3" },
    },
    { type: "tool.post", action: { type: "shell.exec", tool: "Bash", command: "npm test" }, outcome: "failure", payload: { stdout: "1 failed" } },
  ].map((e, i) => ({ id: randomUUID(), time: new Date(t0 + i * 1000).toISOString(), agent, session_id: session, ...e }));
  // a second session of the same agent that the filter must leave out
  events.push({ id: randomUUID(), time: new Date(t0).toISOString(), agent, session_id: `${session}-other`, type: "tool.pre" } as (typeof events)[number]);
  const res = await page.request.post("/api/v1/events", { headers: { authorization: `Bearer ${token}` }, data: { events } });
  expect(res.status()).toBe(202);
  expect((await res.json()).accepted).toBe(5);

  await page.goto("/audit");
  await page.getByLabel("Agent").fill(agent);
  await page.getByLabel("Session").fill(session);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`agent=${agent}.*session=${session}|session=${session}.*agent=${agent}`));
  await expect(page.getByTestId("audit-row")).toHaveCount(4);

  // newest first: the failed npm test is on top
  await page
    .getByTestId("audit-row")
    .first()
    .getByRole("link", { name: /Open event/ })
    .click();
  await expect(page.getByRole("heading", { name: /Event #\d+/ })).toBeVisible();
  await expect(page.getByTestId("event-payload")).toContainText("1 failed");
  await page.getByRole("link", { name: /timeline/ }).click();
  await expect(page.getByTestId("timeline-step")).toHaveCount(4);
  await page.goBack();
  await page.getByRole("link", { name: "← Back to the audit trail" }).click();
  await expect(page.getByTestId("audit-row")).toHaveCount(4);

  for (const format of ["CSV", "JSONL"] as const) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: `Export ${format}` }).click()]);
    const text = fs.readFileSync((await download.path())!, "utf8");
    if (format === "CSV") {
      const rows = text.trim().split("\r\n");
      expect(rows[0]).toContain("seq,id,time");
      expect(rows).toHaveLength(5);
      expect(rows.slice(1).every((r) => r.includes(session) && r.includes(agent))).toBe(true);
    } else {
      const lines = text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(lines).toHaveLength(4);
      expect(lines.map((l) => l.type)).toEqual(["prompt", "tool.pre", "tool.post", "tool.post"]);
      expect(lines.every((l) => l.agent === agent && l.session_id === session)).toBe(true);
    }
  }
});
