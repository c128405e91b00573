import fs from "node:fs";
import path from "node:path";
import { expect, signInAs, test } from "./fixtures";
import { createIntegrationToken, registerAgent, type RegisteredAgent } from "./real-client/agent";
import { runClaude, workDir } from "./real-client/claude";
import { startStandInModel } from "./real-client/stand-in-model";
import { formatUsd } from "../lib/telemetry/format";

// The real Claude Code CLI (offline, against the stand-in model) exports its OpenTelemetry to
// the built app; its cost and tokens appear on the agent's page. A budget below that cost then
// raises budget_exceeded, suspends the agent, and its next hook decision is a deny.
// the real CLI runs three times and the machine is shared: generous per-test time
test.describe.configure({ mode: "serial", timeout: 240_000 });

const tag = Date.now().toString(36);
let agent: RegisteredAgent;
let firstCost = 0;
let sessionId = "";

function telemetryEnv(baseURL: string, token: string): Record<string, string> {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_ENDPOINT: `${baseURL}/api/otlp`,
    OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${token}`,
    OTEL_METRIC_EXPORT_INTERVAL: "1000",
    OTEL_LOGS_EXPORT_INTERVAL: "500",
  };
}

function hookSettings(baseURL: string) {
  const hook = {
    type: "http",
    url: `${baseURL}/api/hooks/claude-code`,
    headers: { Authorization: "Bearer $GATEHOUSE_AGENT_TOKEN" },
    allowedEnvVars: ["GATEHOUSE_AGENT_TOKEN"],
    timeout: 30,
  };
  return { hooks: { PreToolUse: [{ matcher: "*", hooks: [hook] }] } };
}

test("setup: a registered agent", async ({ page }) => {
  const integration = await createIntegrationToken(page, `telemetry e2e ${tag}`, ["agents:write"]);
  agent = await registerAgent(page.request, integration, `otel-e2e-${tag}`, { tools: ["Bash", "Write", "Read"], paths: ["**"] });
});

test("the CLI's own cost and tokens appear on the agent's page", async ({ page, baseURL }) => {
  const cwd = workDir("telemetry");
  const model = await startStandInModel([{ tool: "Write", input: { file_path: path.join(cwd, "notes.md"), content: "hello\n" } }, { text: "done" }]);
  try {
    const run = await runClaude({ cwd, prompt: "write the notes", modelUrl: model.url, env: telemetryEnv(baseURL!, agent.token) });
    expect(run.code, run.stderr).toBe(0);
    firstCost = Number(run.result?.total_cost_usd);
    expect(firstCost).toBeGreaterThan(0);
    sessionId = String(run.result?.session_id ?? "");
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
  } finally {
    await model.close();
  }
  await signInAs(page, "eng_manager");
  await page.goto(`/agents/${agent.slug}`);
  const section = page.getByTestId("cost-section");
  await expect(section.getByTestId("cost-total")).toHaveText(formatUsd(firstCost));
  await expect(section.getByTestId("cost-tokens")).not.toHaveText("0");
  // the model's row in the sortable table, and a CSV of it
  const byModel = section.getByTestId("cost-by-model");
  await expect(byModel.getByRole("cell", { name: /^claude-/ }).first()).toBeVisible();
  await expect(byModel.getByRole("link", { name: "CSV" })).toHaveAttribute("href", /^data:text\/csv/);
  // the session's timeline shows what it cost (the OpenTelemetry session id is the CLI's)
  await page.goto(`/audit/sessions/${sessionId}`);
  await expect(page.getByTestId("session-cost-total")).toHaveText(formatUsd(firstCost));
  await expect(page.getByTestId("session-cost-output")).not.toHaveText("0");
});

test("a budget below that cost raises budget_exceeded, suspends, and the next hook decision is a deny", async ({ page, baseURL }) => {
  await signInAs(page, "admin");
  await page.goto(`/agents/${agent.slug}`);
  const panel = page.getByTestId("budget-panel");
  await panel.getByLabel("Limit (USD)").fill((firstCost / 2).toFixed(6));
  await panel.getByLabel("Suspend the agent when exceeded").check();
  await panel.getByRole("button", { name: "Set budget" }).click();
  await expect(panel.getByTestId("budget-agent")).toContainText(`of ${formatUsd(Number((firstCost / 2).toFixed(6)))} this month`);

  // more spend arrives: the budget is measured, the threshold crossed, the agent suspended
  const cwd = workDir("telemetry-budget");
  const model = await startStandInModel([{ text: "nothing to do" }]);
  try {
    const run = await runClaude({ cwd, prompt: "say hi", modelUrl: model.url, env: telemetryEnv(baseURL!, agent.token) });
    expect(run.code, run.stderr).toBe(0);
  } finally {
    await model.close();
  }
  await page.reload();
  await expect(page.getByTestId("agent-detail-status")).toHaveText("suspended");
  await page.goto(`/violations?kind=budget_exceeded`);
  await expect(page.getByRole("link", { name: new RegExp(`Agent ${agent.slug} exceeded its budget`) }).first()).toBeVisible();

  // the next hook decision for this agent is a deny: the tool never runs
  const cwd2 = workDir("telemetry-denied");
  const model2 = await startStandInModel([{ tool: "Write", input: { file_path: path.join(cwd2, "after.md"), content: "x\n" } }, { text: "done" }]);
  try {
    const run = await runClaude({
      cwd: cwd2,
      prompt: "write after",
      modelUrl: model2.url,
      settings: hookSettings(baseURL!),
      env: { GATEHOUSE_AGENT_TOKEN: agent.token },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(fs.existsSync(path.join(cwd2, "after.md"))).toBe(false);
    expect(model2.toolResults()[0].content).toMatch(/suspended/i);
  } finally {
    await model2.close();
  }
});
