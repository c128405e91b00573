import fs from "node:fs";
import path from "node:path";
import { expect, test } from "../fixtures";
import { createIntegrationToken, registerAgent } from "./agent";
import { workDir } from "./claude";
import { runCodex } from "./codex";
import { startResponsesStandIn } from "./responses-stand-in";

// The real Codex CLI (@openai/codex) gated by Gatehouse, offline: its model is a stand-in for the
// OpenAI Responses API (a model provider with base_url pointing at it, wire_api "responses"), and
// its PreToolUse command hook is Gatehouse's hook client (--harness codex), downloaded from the
// instance, as docs/agents.md tells a user to install it. Every case is checked on the file
// system: did the command run?
test.describe.configure({ mode: "serial" });

const tag = Date.now().toString(36);
let token = "";
let integration = "";
let clientFile = "";

function hooks() {
  const command = `node ${JSON.stringify(clientFile)} --harness codex --timeout 30`;
  return { hooks: { PreToolUse: [{ matcher: "*", hooks: [{ type: "command", command, timeout: 30 }] }] } };
}

/** One shell call through Codex in a fresh work dir holding a fake .env; the tool result the CLI sent back. */
async function shell(baseURL: string, name: string, command: string, agentToken = token, bypassHookTrust = true, gatehouseUrl = baseURL) {
  const cwd = workDir(`codex-${name}`);
  fs.writeFileSync(path.join(cwd, ".env"), "API_KEY=not-a-real-secret\n");
  const model = await startResponsesStandIn([{ shell: command }, { text: "done" }]);
  try {
    const run = await runCodex({
      cwd,
      prompt: "run the command",
      modelUrl: model.url,
      hooks: hooks(),
      env: { GATEHOUSE_URL: gatehouseUrl, GATEHOUSE_AGENT_TOKEN: agentToken },
      bypassHookTrust,
    });
    expect(run.timedOut, run.stderr).toBe(false);
    // the CLI asked the stand-in again with the tool's result: the hook's answer, or what the command printed
    const [result] = model.toolResults();
    expect(result, `no tool result came back (tools offered: ${model.toolNames().join(", ")}; stderr: ${run.stderr.slice(-2000)})`).toBeTruthy();
    return { cwd, result, run };
  } finally {
    await model.close();
  }
}

test("setup: an agent with a Bash scope, the hook client downloaded from the instance", async ({ page, baseURL }) => {
  integration = await createIntegrationToken(page, `codex e2e ${tag}`, ["agents:write"]);
  token = (await registerAgent(page.request, integration, `rc-codex-${tag}`, { tools: ["Bash"], paths: ["**"] })).token;
  const r = await page.request.get(`${baseURL}/api/hooks/client`);
  expect(r.status()).toBe(200);
  clientFile = path.join(workDir("codex-hook-client"), "gatehouse-hook.mjs");
  fs.writeFileSync(clientFile, await r.text());
});

test("an allowed command runs", async ({ baseURL }) => {
  const { cwd, result } = await shell(baseURL!, "allowed", "echo ran > allowed.txt");
  expect(fs.readFileSync(path.join(cwd, "allowed.txt"), "utf8")).toBe("ran\n");
  expect(result.output).not.toMatch(/blocked/i);
});

test("a chained command that reads a secret does not run, not even its harmless first part", async ({ baseURL }) => {
  const { cwd, result } = await shell(baseURL!, "chained", "echo start > started.txt && cat .env > leaked.txt");
  expect(result.output).toMatch(/forbid-secret-files/);
  expect(fs.existsSync(path.join(cwd, "started.txt"))).toBe(false);
  expect(fs.existsSync(path.join(cwd, "leaked.txt"))).toBe(false);
});

test("a bad token denies instead of letting the command run", async ({ baseURL }) => {
  const { cwd, result } = await shell(baseURL!, "bad-token", "echo ran > bad-token.txt", "gat_" + "0".repeat(40));
  expect(result.output).toMatch(/not a Gatehouse agent token/);
  expect(fs.existsSync(path.join(cwd, "bad-token.txt"))).toBe(false);
});

test("a killed agent's command does not run (Codex gets a plain deny: it refuses continue:false on PreToolUse)", async ({ page, baseURL }) => {
  const killed = await registerAgent(page.request, integration, `rc-codex-kill-${tag}`, { tools: ["Bash"], paths: ["**"] });
  const k = await page.request.post(`/api/v1/agents/${killed.slug}/kill`, {
    headers: { Authorization: `Bearer ${integration}` },
    data: { reason: "e2e kill" },
  });
  expect(k.status()).toBe(200);
  const { cwd, result } = await shell(baseURL!, "killed", "echo ran > killed.txt", killed.token);
  expect(result.output).toMatch(/kill switch/);
  expect(fs.existsSync(path.join(cwd, "killed.txt"))).toBe(false);
});

test("Gatehouse unreachable: the hook client denies", async ({ baseURL }) => {
  const { cwd, result } = await shell(baseURL!, "unreachable", "echo ran > unreachable.txt", token, true, "http://127.0.0.1:9");
  expect(result.output).toMatch(/could not be reached/);
  expect(fs.existsSync(path.join(cwd, "unreachable.txt"))).toBe(false);
});

test("a hooks.json nobody trusted is skipped and the command runs (documented as open: pin the hook in requirements.toml)", async ({ baseURL }) => {
  // Codex 0.171 runs an unmanaged hook only after a person trusts its exact definition (/hooks);
  // until then it skips it without a word and the call goes ahead. docs/agents.md says so.
  const { cwd, result } = await shell(baseURL!, "untrusted", "echo start > started.txt && cat .env > leaked.txt", token, false);
  expect(result.output).not.toMatch(/blocked/i);
  expect(fs.existsSync(path.join(cwd, "leaked.txt"))).toBe(true);
});
