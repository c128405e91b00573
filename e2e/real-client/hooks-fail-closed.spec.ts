import fs from "node:fs";
import path from "node:path";
import { expect, signInAs, test } from "../fixtures";
import { createIntegrationToken, registerAgent, type RegisteredAgent } from "./agent";
import { runClaude, workDir } from "./claude";
import { startStandInModel } from "./stand-in-model";

// The real Claude Code CLI, configured from Gatehouse's own generated settings (the agent page's
// download), against the built app. Every case is checked on the file system: did the tool run?
test.describe.configure({ mode: "serial" });

const tag = Date.now().toString(36);
const SCOPE = { tools: ["Bash", "Write", "Read"], paths: ["**"] };
let integration = "";
let agent: RegisteredAgent;
let shortLived: RegisteredAgent;
let shortLivedAt = 0;
let clientFile = "";

/** The generated settings, with the hook client at the path this test downloaded it to. */
async function generatedSettings(page: import("@playwright/test").Page, slug: string, gate: "command" | "http" = "command") {
  const r = await page.request.get(`/agents/${slug}/claude-settings${gate === "http" ? "?gate=http" : ""}`);
  expect(r.status()).toBe(200);
  const text = (await r.text()).replaceAll("$HOME/.gatehouse/gatehouse-hook.mjs", clientFile);
  return JSON.parse(text) as { env: Record<string, string>; hooks: Record<string, { hooks: Record<string, unknown>[] }[]> };
}

/** One Write of `name` into a fresh work dir, through the CLI; returns whether the file exists after. */
async function tryWrite(settings: object, token: string, name: string, opts: { file?: string; timeoutMs?: number } = {}) {
  const cwd = workDir(`hooks-${name}`);
  const file = path.join(cwd, opts.file ?? "notes.md");
  const model = await startStandInModel([{ tool: "Write", input: { file_path: file, content: "ran\n" } }, { text: "done" }]);
  try {
    const run = await runClaude({
      cwd,
      prompt: "write the notes",
      modelUrl: model.url,
      settings,
      env: { GATEHOUSE_AGENT_TOKEN: token },
      timeoutMs: opts.timeoutMs,
    });
    return { ran: fs.existsSync(file), run, model, results: model.toolResults() };
  } finally {
    await model.close();
  }
}

test("setup: agents registered over the API, the hook client downloaded from the instance", async ({ page, baseURL }) => {
  integration = await createIntegrationToken(page, `hooks e2e ${tag}`, ["agents:write"]);
  agent = await registerAgent(page.request, integration, `rc-hooks-${tag}`, SCOPE);
  shortLived = await registerAgent(page.request, integration, `rc-hooks-ttl-${tag}`, SCOPE, { ttlSeconds: 60 });
  shortLivedAt = Date.now();
  const r = await page.request.get(`${baseURL}/api/hooks/client`);
  expect(r.status()).toBe(200);
  clientFile = path.join(workDir("hook-client"), "gatehouse-hook.mjs");
  fs.writeFileSync(clientFile, await r.text());
});

test("the generated settings let an allowed call run", async ({ page }) => {
  await signInAs(page, "admin");
  const settings = await generatedSettings(page, agent.slug);
  const { ran, results } = await tryWrite(settings, agent.token, "allowed");
  expect(ran).toBe(true);
  expect(results[0]?.is_error).toBeFalsy();
});

test("an unknown or revoked-looking token denies instead of letting the call run", async ({ page }) => {
  await signInAs(page, "admin");
  const settings = await generatedSettings(page, agent.slug);
  const { ran, results } = await tryWrite(settings, "gat_" + "0".repeat(40), "unknown-token");
  expect(ran).toBe(false);
  expect(results[0]?.content).toMatch(/not a Gatehouse agent token/);
  // the HTTP gate too: Gatehouse answers 200 deny, not a 401 the CLI would ignore
  const http = await generatedSettings(page, agent.slug, "http");
  const viaHttp = await tryWrite(http, "gat_" + "0".repeat(40), "unknown-token-http");
  expect(viaHttp.ran).toBe(false);
});

test("Gatehouse unreachable: the hook client blocks; the HTTP hook lets the call run (documented as open)", async ({ page, baseURL }) => {
  await signInAs(page, "admin");
  const dead = "http://127.0.0.1:9";
  const settings = await generatedSettings(page, agent.slug);
  settings.env.GATEHOUSE_URL = dead;
  const closed = await tryWrite(settings, agent.token, "unreachable-client");
  expect(closed.ran).toBe(false);
  expect(closed.results[0]?.content).toMatch(/could not be reached/);
  const open = JSON.parse(JSON.stringify(await generatedSettings(page, agent.slug, "http")).replaceAll(new URL(baseURL!).origin, dead));
  const viaHttp = await tryWrite(open, agent.token, "unreachable-http");
  expect(viaHttp.ran).toBe(true); // Claude Code treats a failed HTTP hook as non-blocking: the reason the client exists
});

test("a hook timeout shorter than the approval wait: the gated call is denied in time, never run", async ({ page }) => {
  await signInAs(page, "admin");
  const settings = await generatedSettings(page, agent.slug, "http");
  const pre = settings.hooks.PreToolUse[0].hooks[0] as { url: string; timeout: number };
  pre.url = pre.url.replace(/timeout_seconds=\d+/, "timeout_seconds=3") + "&wait_seconds=10";
  pre.timeout = 3;
  // a workflow file is gated by the default policy
  const { ran, results } = await tryWrite(settings, agent.token, "timeout", { file: ".github/workflows/ci.yml" });
  expect(ran).toBe(false);
  expect(results[0]?.content).toMatch(/still pending after 1 s \(the hook times out after 3 s\)/);
});

test("the kill switch ends the session, not only the call", async ({ page }) => {
  await signInAs(page, "admin");
  const killed = await registerAgent(page.request, integration, `rc-hooks-kill-${tag}`, SCOPE);
  const k = await page.request.post(`/api/v1/agents/${killed.slug}/kill`, {
    headers: { Authorization: `Bearer ${integration}` },
    data: { reason: "e2e kill" },
  });
  expect(k.status()).toBe(200);
  const settings = await generatedSettings(page, killed.slug);
  const { ran, model, results } = await tryWrite(settings, killed.token, "killed");
  expect(ran).toBe(false);
  // continue:false stops the agent (already at UserPromptSubmit): the model never gets a tool
  // result to go on from — with a deny alone, the CLI would send the denial back as one
  expect(results).toHaveLength(0);
  expect(model.requests.filter((r) => (r.tools?.length ?? 0) > 0).length).toBeLessThanOrEqual(1);
});

/** Starts a gated Write (a workflow file) through the CLI without waiting for it to finish. */
async function gatedWrite(settings: object, token: string, name: string, env: Record<string, string> = {}) {
  const cwd = workDir(`hooks-${name}`);
  const file = path.join(cwd, ".github/workflows/release.yml");
  const model = await startStandInModel([{ tool: "Write", input: { file_path: file, content: "ran\n" } }, { text: "done" }]);
  const run = runClaude({ cwd, prompt: "add the release workflow", modelUrl: model.url, settings, env: { GATEHOUSE_AGENT_TOKEN: token, ...env } });
  return { file, model, run };
}

test("approval granted within the wait: the gated call runs", async ({ page }) => {
  await signInAs(page, "admin");
  const settings = await generatedSettings(page, agent.slug);
  const g = await gatedWrite(settings, agent.token, "approved");
  try {
    await page.context().clearCookies();
    await signInAs(page, "security_lead");
    await page.goto("/approvals");
    const item = page.getByTestId("approval-item").filter({ hasText: agent.slug }).filter({ hasText: "release.yml" });
    await expect(item).toBeVisible({ timeout: 20_000 });
    await item.getByRole("button", { name: /wants/ }).click();
    await page.keyboard.press("a");
    await page.getByLabel("Reason").fill("e2e: release workflow ok");
    await page.getByRole("button", { name: "Approve", exact: true }).last().click();
    await g.run;
    expect(fs.readFileSync(g.file, "utf8")).toBe("ran\n");
  } finally {
    await g.model.close();
  }
});

test("a gated request initiated by the approver cannot be approved by them, and does not run", async ({ page }) => {
  await signInAs(page, "admin");
  const settings = await generatedSettings(page, agent.slug);
  const g = await gatedWrite(settings, agent.token, "self-approval", { GATEHOUSE_INITIATED_BY: "Approver@acme.test" });
  try {
    await page.context().clearCookies();
    await signInAs(page, "approver");
    await page.goto("/approvals");
    const item = page.getByTestId("approval-item").filter({ hasText: agent.slug }).filter({ hasText: "release.yml" });
    await expect(item).toBeVisible({ timeout: 20_000 });
    await expect(item.getByRole("button", { name: "Approve" })).toBeDisabled();
    await expect(item).toContainText("someone else must decide");
    const run = await g.run;
    expect(fs.existsSync(g.file)).toBe(false);
    expect(g.model.toolResults()[0]?.content).toMatch(/waits in the Gatehouse queue/);
    expect(run.code).not.toBeNull();
  } finally {
    await g.model.close();
  }
});

test("an expired token denies (tokens expire; the agent is not left ungoverned)", async ({ page }) => {
  await signInAs(page, "admin");
  const settings = await generatedSettings(page, shortLived.slug);
  const left = shortLivedAt + 61_000 - Date.now();
  if (left > 0) await page.waitForTimeout(left); // the shortest token lifetime the API issues is 60 s
  const { ran, results } = await tryWrite(settings, shortLived.token, "expired");
  expect(ran).toBe(false);
  expect(results[0]?.content).toMatch(/token has expired/);
});
