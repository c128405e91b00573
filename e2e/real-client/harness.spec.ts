import fs from "node:fs";
import path from "node:path";
import { expect, test } from "../fixtures";
import { createIntegrationToken, registerAgent } from "./agent";
import { runClaude, workDir } from "./claude";
import { startStandInModel } from "./stand-in-model";

// The harness itself, against the built app: the real Claude Code CLI, driven by the stand-in
// model, asks Gatehouse through its PreToolUse HTTP hook. What the tool did is checked on disk.
test.describe.configure({ mode: "serial" });

const tag = Date.now().toString(36);
let token = "";

function hookSettings(baseURL: string) {
  const hook = (timeout: number) => ({
    type: "http",
    url: `${baseURL}/api/hooks/claude-code`,
    headers: { Authorization: "Bearer $GATEHOUSE_AGENT_TOKEN" },
    allowedEnvVars: ["GATEHOUSE_AGENT_TOKEN"],
    timeout,
  });
  return { hooks: { PreToolUse: [{ matcher: "*", hooks: [hook(30)] }], PostToolUse: [{ matcher: "*", hooks: [hook(10)] }] } };
}

test("setup: an agent with a Bash + Write scope", async ({ page }) => {
  const integration = await createIntegrationToken(page, `real-client harness ${tag}`, ["agents:write"]);
  const agent = await registerAgent(page.request, integration, `rc-harness-${tag}`, { tools: ["Bash", "Write", "Read"], paths: ["**"] });
  token = agent.token;
});

test("an allowed tool call runs; a forbidden one never touches the disk", async ({ baseURL }) => {
  const cwd = workDir("harness");
  // the CLI's Write tool takes absolute paths inside the work dir
  const model = await startStandInModel([
    { tool: "Write", input: { file_path: path.join(cwd, "notes.md"), content: "allowed\n" } },
    { tool: "Write", input: { file_path: path.join(cwd, ".env"), content: "SECRET=1\n" } },
    { text: "done" },
  ]);
  try {
    const run = await runClaude({
      cwd,
      prompt: "write the notes",
      modelUrl: model.url,
      settings: hookSettings(baseURL!),
      env: { GATEHOUSE_AGENT_TOKEN: token },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.result?.type).toBe("result");
    expect(fs.readFileSync(path.join(cwd, "notes.md"), "utf8")).toBe("allowed\n");
    expect(fs.existsSync(path.join(cwd, ".env"))).toBe(false);
    // the CLI handed Gatehouse's reason for the denial back to the model
    const results = model.toolResults();
    expect(results).toHaveLength(2);
    expect(results[1].content).toMatch(/forbid-secret-files/);
  } finally {
    await model.close();
  }
});
