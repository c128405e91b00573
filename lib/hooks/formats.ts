import type { HookInput } from "@/lib/decisions/hook-mapping";
import { permissionRequestAnswer, preToolUseAnswer } from "@/lib/decisions/hook-mapping";

/**
 * Each harness's hook wire format: which events Gatehouse decides, how their payload maps to the
 * Claude-shaped HookInput the decision path reads, and how an answer is written so that the
 * client obeys it. PURE. Field names from each client's published hook reference and real
 * payloads (fixtures in lib/decisions/fixtures/):
 *
 * - Claude Code 2.1: `hook_event_name`, `tool_name`, `tool_input`; PreToolUse answers
 *   `hookSpecificOutput.permissionDecision`, PermissionRequest `decision.behavior`; any answer may
 *   carry `continue: false` + `stopReason`, which ends the session.
 * - Codex (same names plus `turn_id`, `model`): refuses `continue`/`stopReason` on PreToolUse and
 *   PermissionRequest ("returned unsupported continue:false" in codex 0.171), so it never gets them.
 * - Cursor: `hook_event_name` beforeShellExecution {command, cwd}, beforeMCPExecution
 *   {tool_name, tool_input (JSON text), url | command}, beforeReadFile {file_path}, preToolUse
 *   {tool_name, tool_input}; common `conversation_id`, `workspace_roots`, `user_email`; answers
 *   `{permission: "allow" | "deny", user_message, agent_message}`.
 * - GitHub Copilot CLI / coding agent (`.github/hooks/*.json`, camelCase events): preToolUse
 *   {sessionId, timestamp, cwd, toolName, toolArgs (JSON text)}; answers top-level
 *   `{permissionDecision, permissionDecisionReason}`; other events' output is ignored.
 */

export type Harness = "claude-code" | "cursor" | "copilot";

export interface Verdict {
  decision: "allow" | "deny";
  reason: string;
  /** the agent is stopped (kill switch): end the session where the client can */
  stop?: string;
}

/** Who and where, as far as the payload says (headers and query parameters come first). */
export interface PayloadContext {
  initiatedBy?: string;
  repository?: string;
  branch?: string;
  environment?: string;
}

export interface HarnessFormat {
  harness: Harness;
  /** The event a payload names; read from raw JSON so even a payload that fails validation is answered in kind. */
  eventOf(raw: unknown): string | undefined;
  /** Whether this event is decided (fails closed) rather than recorded. */
  decides(event: string | undefined, query: URLSearchParams): boolean;
  /** The Claude-shaped input the decision path and the audit trail read. */
  toHookInput(raw: Record<string, unknown>, event: string): HookInput;
  payloadContext(raw: Record<string, unknown>): PayloadContext;
  /** The answer to a decided event (an unknown event is answered as the harness's main gate). */
  answer(event: string | undefined, v: Verdict, raw: unknown): unknown;
  /** The answer to a recorded event; `stop` when the agent is killed. */
  recorded(event: string | undefined, stop: string | undefined, raw: unknown): unknown;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** Tool arguments that arrive as JSON text (Cursor MCP, Copilot) become an object. */
function argsOf(v: unknown): Record<string, unknown> {
  if (typeof v === "string") {
    try {
      return obj(JSON.parse(v)) ?? { value: v };
    } catch {
      return { value: v };
    }
  }
  return obj(v) ?? {};
}

const isCodex = (raw: unknown) => typeof obj(raw)?.turn_id === "string";

export const claudeCodeFormat: HarnessFormat = {
  harness: "claude-code",
  eventOf: (raw) => str(obj(raw)?.hook_event_name),
  decides(event, query) {
    if (event === undefined || event === "PreToolUse") return true;
    return event === "PermissionRequest" && query.get("permission_requests") === "decide";
  },
  toHookInput: (raw) => raw as HookInput,
  payloadContext: () => ({}),
  answer(event, v, raw) {
    const base = event === "PermissionRequest" ? permissionRequestAnswer(v.decision, v.reason) : preToolUseAnswer(v.decision, v.reason);
    if (!v.stop || isCodex(raw)) return base;
    return { continue: false, stopReason: v.stop, ...base };
  },
  recorded: (_event, stop, raw) => (stop && !isCodex(raw) ? { continue: false, stopReason: stop } : {}),
};

/** Cursor's gating events, mapped to Claude tool names so that hookToAction and the scope read them alike. */
function cursorInput(raw: Record<string, unknown>, event: string): HookInput {
  const roots = Array.isArray(raw.workspace_roots) ? raw.workspace_roots.filter((r): r is string => typeof r === "string") : [];
  const cwd = str(raw.cwd) ?? roots[0];
  const common = { hook_event_name: event, session_id: str(raw.conversation_id) ?? str(raw.session_id), cwd, model: raw.model };
  switch (event) {
    case "beforeShellExecution":
      return { ...common, tool_name: "Bash", tool_input: { command: str(raw.command) ?? "" } };
    case "beforeReadFile":
      return { ...common, tool_name: "Read", tool_input: { file_path: str(raw.file_path) ?? "" } };
    case "beforeMCPExecution": {
      const server = str(raw.server) ?? str(raw.url) ?? str(raw.command) ?? "cursor";
      const safe = server
        .replace(/^[a-z]+:\/\//i, "")
        .replace(/[^a-z0-9_-]+/gi, "_")
        .slice(0, 60);
      return { ...common, tool_name: `mcp__${safe}__${str(raw.tool_name) ?? "unknown"}`, tool_input: argsOf(raw.tool_input) };
    }
    case "preToolUse": {
      const tool = str(raw.tool_name) ?? "unknown";
      const input = argsOf(raw.tool_input);
      return { ...common, tool_use_id: str(raw.tool_use_id), tool_name: CURSOR_TOOLS[tool] ?? tool, tool_input: input };
    }
  }
  return { ...common, tool_name: str(raw.tool_name), tool_input: obj(raw.tool_input) };
}

/** Cursor's agent tools under the names the policy knows (Claude Code's). */
const CURSOR_TOOLS: Record<string, string> = {
  Shell: "Bash",
  Read: "Read",
  Write: "Write",
  Edit: "Edit",
  StrReplace: "Edit",
  Delete: "Write",
  Grep: "Grep",
  Glob: "Glob",
  WebFetch: "WebFetch",
};

const CURSOR_DECIDED = new Set(["beforeShellExecution", "beforeMCPExecution", "beforeReadFile", "preToolUse"]);

export const cursorFormat: HarnessFormat = {
  harness: "cursor",
  eventOf: (raw) => str(obj(raw)?.hook_event_name),
  decides: (event) => event === undefined || CURSOR_DECIDED.has(event),
  toHookInput: cursorInput,
  payloadContext: (raw) => ({ initiatedBy: str(raw.user_email) }),
  answer: (_event, v) => ({
    permission: v.decision,
    user_message: v.stop ? `${v.reason} ${v.stop}` : v.reason,
    agent_message: v.stop ? `${v.reason} ${v.stop} Stop working on this task.` : v.reason,
  }),
  recorded: () => ({}),
};

/** Copilot's tool names (bash, view, create, edit, …) under the policy's names. */
const COPILOT_TOOLS: Record<string, string> = {
  bash: "Bash",
  shell: "Bash",
  powershell: "Bash",
  view: "Read",
  read: "Read",
  create: "Write",
  write: "Write",
  edit: "Edit",
  str_replace: "Edit",
  glob: "Glob",
  grep: "Grep",
  web_fetch: "WebFetch",
};

function copilotInput(raw: Record<string, unknown>, event: string): HookInput {
  const tool = str(raw.toolName) ?? str(raw.tool_name);
  const args = argsOf(raw.toolArgs ?? raw.tool_input);
  const name = tool ? (COPILOT_TOOLS[tool.toLowerCase()] ?? tool) : undefined;
  // Copilot names the file `path`; the decision path reads Claude's `file_path`
  const input = typeof args.path === "string" && !args.file_path ? { ...args, file_path: args.path } : args;
  return {
    hook_event_name: event,
    session_id: str(raw.sessionId) ?? str(raw.session_id),
    cwd: str(raw.cwd),
    tool_name: name,
    tool_input: name ? input : undefined,
    tool_response: raw.toolResult,
  };
}

export const copilotFormat: HarnessFormat = {
  harness: "copilot",
  // the event is not in Copilot's payload: the hook client names it (?event=) or the payload's shape does
  eventOf: (raw) =>
    str(obj(raw)?.hook_event_name) ??
    str(obj(raw)?.hookEventName) ??
    (obj(raw)?.toolResult !== undefined ? "postToolUse" : obj(raw)?.toolName !== undefined ? "preToolUse" : undefined),
  decides: (event) => event === undefined || event === "preToolUse" || event === "PreToolUse",
  toHookInput: copilotInput,
  payloadContext: () => ({}),
  answer: (_event, v) => ({ permissionDecision: v.decision, permissionDecisionReason: v.stop ? `${v.reason} ${v.stop}` : v.reason }),
  recorded: () => ({}),
};
