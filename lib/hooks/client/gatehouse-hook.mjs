#!/usr/bin/env node
// Gatehouse hook client — one file, no dependencies, Node 18+. Served by your Gatehouse instance
// at /api/hooks/client (its version and SHA-256 are on every agent's page).
//
// The harness runs it as a command hook: it reads the hook JSON on stdin, asks Gatehouse, and
// prints the answer in the harness's own format. For the events Gatehouse decides it FAILS
// CLOSED: anything but a valid answer in time (no token, Gatehouse unreachable, an error status,
// a malformed answer, its own deadline) prints a deny. It finishes before the harness's own
// hook timeout, because a hook the harness kills counts as "no objection" and the tool runs.
//
//   node gatehouse-hook.mjs --harness claude-code|codex|cursor|copilot [--event NAME]
//        [--timeout SECONDS] [--permission-requests decide]
//
// Settings from the environment: GATEHOUSE_URL (https://gatehouse.example.com),
// GATEHOUSE_AGENT_TOKEN (the agent's gat_… token), and optionally GATEHOUSE_REPOSITORY,
// GATEHOUSE_BRANCH, GATEHOUSE_ENVIRONMENT, GATEHOUSE_INITIATED_BY (who started the session),
// GATEHOUSE_HOOK_TIMEOUT (the harness's hook timeout in seconds; --timeout wins; default 30).
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const VERSION = "1.0.0";

const ROUTES = { "claude-code": "claude-code", codex: "claude-code", cursor: "cursor", copilot: "copilot" };
const CURSOR_DECIDED = new Set(["beforeShellExecution", "beforeMCPExecution", "beforeReadFile", "preToolUse"]);

export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) continue;
    const eq = a.indexOf("=");
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else out[a.slice(2)] = argv[i + 1] !== undefined && !argv[i + 1].startsWith("--") ? argv[++i] : "true";
  }
  return out;
}

function eventOf(harness, payload, flag) {
  if (flag) return flag;
  if (payload && typeof payload === "object") {
    if (typeof payload.hook_event_name === "string") return payload.hook_event_name;
    if (harness === "copilot") return payload.toolResult !== undefined ? "postToolUse" : payload.toolName !== undefined ? "preToolUse" : undefined;
  }
  return undefined;
}

/** Whether Gatehouse decides this event (and so a failure must deny). An unknown event is decided. */
export function isDecided(harness, event, decidePermissionRequests) {
  if (event === undefined) return true;
  if (harness === "cursor") return CURSOR_DECIDED.has(event);
  if (harness === "copilot") return event === "preToolUse" || event === "PreToolUse";
  return event === "PreToolUse" || (event === "PermissionRequest" && decidePermissionRequests);
}

/** A deny in the harness's format for this event. */
export function denyAnswer(harness, event, reason) {
  if (harness === "cursor") return { permission: "deny", user_message: reason, agent_message: reason };
  if (harness === "copilot") return { permissionDecision: "deny", permissionDecisionReason: reason };
  if (event === "PermissionRequest") return { hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "deny", message: reason } } };
  return { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: reason } };
}

const DECISIONS = new Set(["allow", "deny", "ask"]);

/** True when the answer is a well-formed decision for this harness and event. */
export function isValidDecision(harness, event, a) {
  if (!a || typeof a !== "object" || Array.isArray(a)) return false;
  if (harness === "cursor") return DECISIONS.has(a.permission);
  if (harness === "copilot") return DECISIONS.has(a.permissionDecision);
  const o = a.hookSpecificOutput;
  if (!o || typeof o !== "object") return false;
  if (event === "PermissionRequest")
    return o.hookEventName === "PermissionRequest" && !!o.decision && (o.decision.behavior === "allow" || o.decision.behavior === "deny");
  return o.hookEventName === "PreToolUse" && DECISIONS.has(o.permissionDecision);
}

/**
 * One hook call: returns what to print and the exit code. `env` and `fetchImpl` are parameters
 * so that tests can run it in-process; the CLI below passes process.env and fetch.
 */
export async function runHook({ args, input, env, fetchImpl = fetch }) {
  const harness = ROUTES[args.harness] ? args.harness : "claude-code";
  let payload;
  try {
    payload = JSON.parse(input);
  } catch {
    payload = undefined;
  }
  const event = eventOf(harness, payload, args.event);
  const decided = isDecided(harness, event, args["permission-requests"] === "decide");
  const fail = (why) =>
    decided
      ? { stdout: JSON.stringify(denyAnswer(harness, event, `Gatehouse: ${why}, so the call is denied (fail closed).`)), code: 0 }
      : { stdout: "{}", code: 0 }; // a recorded event never blocks the agent
  const timeout = Number(args.timeout ?? env.GATEHOUSE_HOOK_TIMEOUT ?? 30);
  const seconds = Number.isFinite(timeout) && timeout > 0 ? timeout : 30;
  if (!env.GATEHOUSE_URL) return fail("GATEHOUSE_URL is not set for this session");
  if (!env.GATEHOUSE_AGENT_TOKEN) return fail("GATEHOUSE_AGENT_TOKEN is not set for this session; issue a token on the agent's page");
  if (payload === undefined) return fail("the harness sent no readable hook input");
  let url;
  try {
    url = new URL(`/api/hooks/${ROUTES[harness]}`, env.GATEHOUSE_URL);
  } catch {
    return fail("GATEHOUSE_URL is not a URL");
  }
  // This process must answer ~1.5 s before the harness kills it; Gatehouse keeps its own margin inside that.
  const deadline = Math.max(0.5, seconds - 1.5);
  url.searchParams.set("timeout_seconds", String(deadline));
  if (event && harness === "copilot") url.searchParams.set("event", event);
  if (args["permission-requests"] === "decide") url.searchParams.set("permission_requests", "decide");
  const headers = { "content-type": "application/json", authorization: `Bearer ${env.GATEHOUSE_AGENT_TOKEN}`, "user-agent": `gatehouse-hook/${VERSION}` };
  const context = {
    GATEHOUSE_REPOSITORY: "x-gatehouse-repository",
    GATEHOUSE_BRANCH: "x-gatehouse-branch",
    GATEHOUSE_ENVIRONMENT: "x-gatehouse-environment",
    GATEHOUSE_INITIATED_BY: "x-gatehouse-initiated-by",
  };
  for (const [k, h] of Object.entries(context)) if (env[k]) headers[h] = env[k];
  let res;
  let text;
  try {
    res = await fetchImpl(url, { method: "POST", headers, body: input, signal: AbortSignal.timeout(deadline * 1000) });
    text = await res.text();
  } catch (e) {
    return fail(`Gatehouse could not be reached in time (${e && e.name ? e.name : "error"})`);
  }
  if (res.status !== 200) return fail(`Gatehouse answered HTTP ${res.status}`);
  let answer;
  try {
    answer = JSON.parse(text);
  } catch {
    return fail("Gatehouse's answer was not JSON");
  }
  if (decided && !isValidDecision(harness, event, answer)) return fail("Gatehouse's answer was not a decision");
  if (!decided && (!answer || typeof answer !== "object")) return { stdout: "{}", code: 0 };
  return { stdout: JSON.stringify(answer), code: 0 };
}

async function main() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const out = await runHook({ args: parseArgs(process.argv.slice(2)), input: Buffer.concat(chunks).toString("utf8"), env: process.env });
  process.stdout.write(out.stdout + "\n");
  process.exitCode = out.code;
}

function invokedDirectly() {
  try {
    return !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}
const self = invokedDirectly();
if (self) {
  main().catch(() => {
    // last resort: even a bug in this file must not let a decided call through
    process.stdout.write(
      JSON.stringify(
        denyAnswer(
          parseArgs(process.argv.slice(2)).harness ?? "claude-code",
          undefined,
          "Gatehouse: the hook client failed, so the call is denied (fail closed).",
        ),
      ) + "\n",
    );
  });
}
