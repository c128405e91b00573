import { runProcess, type ProcessRun } from "./process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The real Claude Code CLI from npm (`@anthropic-ai/claude-code`, native binary). */
export const CLAUDE_BIN = path.resolve(process.cwd(), "node_modules/.bin/claude");

export interface ClaudeRun extends ProcessRun {
  /** `--output-format json` result, when the CLI printed one */
  result?: { type: string; subtype?: string; is_error?: boolean; result?: string; session_id?: string; permission_denials?: unknown[]; [k: string]: unknown };
}

export interface RunClaudeOptions {
  /** the work dir: the agent's repository (created if missing) */
  cwd: string;
  prompt: string;
  /** the stand-in model's base URL (startStandInModel().url) */
  modelUrl: string;
  /** written to <cwd>/.claude/settings.json (hooks, permissions) */
  settings?: object;
  /** extra environment (GATEHOUSE_AGENT_TOKEN, OTEL_*, …); nothing else leaks in from the test process */
  env?: Record<string, string>;
  /** default: --output-format json --allowedTools Bash,Read,Write,Edit */
  args?: string[];
  timeoutMs?: number;
}

/**
 * Runs `claude -p` once, offline: ANTHROPIC_BASE_URL points at the stand-in model, HOME is a fresh
 * temp dir (no user settings, no credentials), nonessential traffic is off. The environment is
 * built from scratch so the test machine's own variables cannot change what the CLI does.
 */
export async function runClaude(o: RunClaudeOptions): Promise<ClaudeRun> {
  fs.mkdirSync(o.cwd, { recursive: true });
  if (o.settings) {
    fs.mkdirSync(path.join(o.cwd, ".claude"), { recursive: true });
    fs.writeFileSync(path.join(o.cwd, ".claude", "settings.json"), JSON.stringify(o.settings, null, 2));
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-claude-home-"));
  const env = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    SHELL: "/bin/bash",
    ANTHROPIC_BASE_URL: o.modelUrl,
    ANTHROPIC_API_KEY: "sk-ant-stand-in",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_AUTOUPDATER: "1",
    ...o.env,
  } as unknown as NodeJS.ProcessEnv; // built from scratch: the test machine's own variables stay out
  const args = ["-p", o.prompt, ...(o.args ?? ["--output-format", "json", "--allowedTools", "Bash,Read,Write,Edit"])];
  const run = await runProcess(CLAUDE_BIN, args, { cwd: o.cwd, env, timeoutMs: o.timeoutMs });
  fs.rmSync(home, { recursive: true, force: true });
  let result: ClaudeRun["result"];
  const last = run.stdout.trim().split("\n").pop();
  try {
    result = last ? JSON.parse(last) : undefined;
  } catch {
    result = undefined;
  }
  return { ...run, result };
}

/** A fresh work dir for one run, inside the OS temp dir. */
export function workDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `gatehouse-rc-${name.replace(/[^a-z0-9-]/gi, "-")}-`));
}
