import { runProcess, type ProcessRun } from "./process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The real Codex CLI from npm (`@openai/codex`, native binary). */
export const CODEX_BIN = path.resolve(process.cwd(), "node_modules/.bin/codex");

export interface CodexRun extends ProcessRun {
  /** `codex exec --json` events, one per stdout line that parsed */
  events: { type?: string; [k: string]: unknown }[];
}

export interface RunCodexOptions {
  /** the work dir: the agent's repository (created if missing) */
  cwd: string;
  prompt: string;
  /** the stand-in Responses API's base URL (startResponsesStandIn().url) */
  modelUrl: string;
  /** written to $CODEX_HOME/hooks.json (Codex reads the same shape as Claude Code's `hooks`) */
  hooks?: object;
  /** extra environment (GATEHOUSE_*); nothing else leaks in from the test process */
  env?: Record<string, string>;
  /** false: run without --dangerously-bypass-hook-trust, as a user who never reviewed the hook in /hooks */
  bypassHookTrust?: boolean;
  timeoutMs?: number;
}

/** A TOML string (basic string, escaped). */
const toml = (s: string) => JSON.stringify(s);

/**
 * Runs `codex exec` once, offline: CODEX_HOME is a fresh temp dir (no user config, no login),
 * the model provider is a `-c model_providers.standin` entry whose base_url is the stand-in
 * (wire_api "responses"), commands run without Codex's own sandbox or approval prompts, so the
 * only gate left is the PreToolUse hook under test. `--dangerously-bypass-hook-trust` runs the
 * hooks.json written here without the interactive /hooks review (an administrator pins them in
 * requirements.toml instead, where they are trusted by policy: docs/agents.md).
 */
export async function runCodex(o: RunCodexOptions): Promise<CodexRun> {
  fs.mkdirSync(o.cwd, { recursive: true });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-codex-home-"));
  const codexHome = path.join(home, ".codex");
  fs.mkdirSync(codexHome, { recursive: true });
  if (o.hooks) fs.writeFileSync(path.join(codexHome, "hooks.json"), JSON.stringify(o.hooks, null, 2));
  const env = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    CODEX_HOME: codexHome,
    LANG: "C.UTF-8",
    SHELL: "/bin/bash",
    RUST_LOG: "error",
    ...o.env,
  } as unknown as NodeJS.ProcessEnv; // built from scratch: the test machine's own variables stay out
  const args = [
    "exec",
    "--json",
    "--skip-git-repo-check",
    "--ephemeral",
    ...(o.bypassHookTrust === false ? [] : ["--dangerously-bypass-hook-trust"]),
    "-s",
    "danger-full-access",
    "-c",
    'approval_policy="never"',
    "-c",
    'model="gpt-5-codex"',
    "-c",
    'model_provider="standin"',
    "-c",
    `model_providers.standin={ name = "stand-in", base_url = ${toml(o.modelUrl)}, wire_api = "responses", requires_openai_auth = false }`,
    "-C",
    o.cwd,
    o.prompt,
  ];
  const run = await runProcess(CODEX_BIN, args, { cwd: o.cwd, env, timeoutMs: o.timeoutMs });
  fs.rmSync(home, { recursive: true, force: true });
  const events: CodexRun["events"] = [];
  for (const line of run.stdout.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    try {
      events.push(JSON.parse(line));
    } catch {
      /* not an event line */
    }
  }
  return { ...run, events };
}
