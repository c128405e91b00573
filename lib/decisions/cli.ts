import type { CliCommand } from "@/lib/cli/commands";
import { runHookClient } from "./hook-client";

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of process.stdin) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString("utf8");
}

function flags(args: string[]) {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (!m) continue;
    if (m[2] !== undefined) out[m[1]] = m[2];
    else out[m[1]] = args[++i] ?? "";
  }
  return out;
}

const USAGE = `hook --url URL [--token-env NAME] [--timeout-seconds N] [--wait-seconds N] [--permission-requests decide]
      Command hook for harnesses that only run commands (Claude Code, Codex): reads the hook
      JSON on stdin, POSTs it to URL/api/hooks/claude-code with the agent token from $NAME
      (default GATEHOUSE_AGENT_TOKEN), prints the answer. A gated call waits for an approver
      until a safe margin before --timeout-seconds (default 30; keep the harness's hook timeout
      above it), or less with --wait-seconds. PreToolUse fails closed (prints deny); so does
      PermissionRequest with --permission-requests decide (else it is only recorded).`;

async function runHook(args: string[]): Promise<number> {
  const f = flags(args);
  if (!f.url) {
    console.error(`Usage: ${USAGE}`);
    return 2;
  }
  const tokenEnv = f["token-env"] || "GATEHOUSE_AGENT_TOKEN";
  const timeout = Number(f["timeout-seconds"] || 30);
  const { stdout, exitCode } = await runHookClient({
    url: f.url,
    // The token variable is named by the operator on the command line, so it is read here.
    token: process.env[tokenEnv],
    input: await readStdin(),
    waitSeconds: f["wait-seconds"] !== undefined ? Number(f["wait-seconds"]) : undefined,
    decidePermissionRequests: f["permission-requests"] === "decide",
    timeoutMs: (Number.isFinite(timeout) && timeout > 0 ? timeout : 30) * 1000,
  });
  process.stdout.write(stdout + "\n");
  return exitCode;
}

export const decisionsCommands: CliCommand[] = [{ name: "hook", usage: USAGE, run: (args) => runHook(args) }];
