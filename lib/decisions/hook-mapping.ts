import type { Action } from "@/lib/policy/types";

/**
 * Claude Code / Codex hook input (the JSON is accepted unchanged; unknown fields pass).
 * Field names from the Claude Code hooks reference and Codex hooks docs: common
 * `session_id`, `transcript_path`, `cwd`, `permission_mode`, `hook_event_name`; tool events
 * add `tool_name`, `tool_input`, `tool_use_id`, PostToolUse `tool_response`,
 * PostToolUseFailure `error`; UserPromptSubmit `prompt`; SessionStart `source`; SessionEnd
 * `reason`; Stop `stop_hook_active`; Codex adds `turn_id` and `model`.
 */
export interface HookInput {
  hook_event_name: string;
  session_id?: string;
  transcript_path?: string;
  cwd?: string;
  permission_mode?: string;
  tool_name?: string;
  tool_input?: Record<string, unknown>;
  tool_use_id?: string;
  tool_response?: unknown;
  error?: unknown;
  prompt?: string;
  source?: string;
  reason?: string;
  [k: string]: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length ? v : undefined);

/** Absolute paths inside the session's working directory become repository-relative. */
export function relativePath(p: string | undefined, cwd: string | undefined): string | undefined {
  if (!p) return undefined;
  if (cwd && p.startsWith(cwd.endsWith("/") ? cwd : cwd + "/")) return p.slice(cwd.length + (cwd.endsWith("/") ? 0 : 1));
  return p;
}

const TYPE_SAFE = (s: string) => s.replace(/[^a-z0-9_-]+/gi, "_").replace(/^_+|_+$/g, "") || "unknown";

/**
 * Every file a Codex apply_patch touches: `*** Add File:`, `*** Update File:` (and its
 * `*** Move to:`) are writes, `*** Delete File:` deletes. Line by line, no regex over the patch.
 */
export function patchFiles(patch: string | undefined): { path: string; op: "write" | "delete" }[] {
  const out: { path: string; op: "write" | "delete" }[] = [];
  if (!patch) return out;
  for (const line of patch.split("\n")) {
    if (!line.startsWith("*** ")) continue;
    for (const [prefix, op] of [
      ["*** Add File: ", "write"],
      ["*** Update File: ", "write"],
      ["*** Move to: ", "write"],
      ["*** Delete File: ", "delete"],
    ] as const) {
      if (line.startsWith(prefix)) {
        const p = line.slice(prefix.length).trim();
        if (p && out.length < 1000) out.push({ path: p, op });
      }
    }
  }
  return out;
}

const patchTarget = (patch: string | undefined) => patchFiles(patch)[0]?.path;

/**
 * What the decision derives a tool call's actions with: the session's cwd (shell paths
 * resolve against it) and every file of a patch, made repository-relative like the resource.
 */
export function hookContext(h: HookInput): { cwd?: string; files?: { path: string; op: "write" | "delete" }[] } {
  const cwd = typeof h.cwd === "string" && h.cwd.startsWith("/") ? h.cwd : undefined;
  if (h.tool_name !== "apply_patch") return { cwd };
  const input = h.tool_input ?? {};
  const files = patchFiles(str(input.command) ?? str(input.patch) ?? str(input.input)).map((f) => ({ ...f, path: relativePath(f.path, cwd) ?? f.path }));
  return { cwd, files };
}

/** Maps a tool call to the action the policy decides on. */
export function hookToAction(h: HookInput): Action {
  const tool = h.tool_name ?? "unknown";
  const input = h.tool_input ?? {};
  const cwd = h.cwd;
  switch (tool) {
    case "Bash":
    case "shell":
    case "local_shell":
      return { type: "shell.exec", tool: "Bash", command: str(input.command) ?? (Array.isArray(input.command) ? input.command.join(" ") : undefined) };
    case "Write":
    case "Edit":
    case "MultiEdit":
      return { type: "file.write", tool, resource: relativePath(str(input.file_path), cwd) };
    case "NotebookEdit":
      return { type: "file.write", tool, resource: relativePath(str(input.notebook_path) ?? str(input.file_path), cwd) };
    case "apply_patch":
      return { type: "file.write", tool, resource: relativePath(patchTarget(str(input.command) ?? str(input.patch) ?? str(input.input)), cwd) };
    case "Read":
      return { type: "file.read", tool, resource: relativePath(str(input.file_path), cwd) };
    case "Glob":
    case "Grep":
    case "LS":
      return { type: "file.read", tool, resource: relativePath(str(input.path), cwd) };
    case "WebFetch":
      return { type: "network.request", tool, endpoint: str(input.url) };
    case "WebSearch":
      return { type: "network.search", tool };
  }
  const mcp = /^mcp__(.+?)__(.+)$/.exec(tool);
  if (mcp) return { type: `mcp.${TYPE_SAFE(mcp[1])}.${TYPE_SAFE(mcp[2])}`, tool };
  return { type: `tool.${TYPE_SAFE(tool).toLowerCase()}`, tool };
}

/** Audit event type for the non-decision hook events. */
export function hookEventType(event: string): string {
  const known: Record<string, string> = {
    PostToolUse: "tool.post",
    PostToolUseFailure: "tool.failure",
    SessionStart: "session.start",
    SessionEnd: "session.end",
    UserPromptSubmit: "prompt",
    Stop: "turn.stop",
    SubagentStop: "subagent.stop",
    Notification: "notification",
    PreCompact: "context.compact",
    PermissionRequest: "permission.request",
  };
  // own keys only: "__proto__" or "constructor" must not find Object's (lib/security fuzzing)
  return (Object.hasOwn(known, event) ? known[event] : undefined) ?? `hook.${TYPE_SAFE(event.replace(/([a-z])([A-Z])/g, "$1_$2")).toLowerCase()}`;
}

export interface PreToolUseAnswer {
  hookSpecificOutput: { hookEventName: "PreToolUse"; permissionDecision: "allow" | "deny" | "ask"; permissionDecisionReason: string };
}

export function preToolUseAnswer(decision: "allow" | "deny" | "ask", reason: string): PreToolUseAnswer {
  return { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: decision, permissionDecisionReason: reason } };
}

export interface PermissionRequestAnswer {
  hookSpecificOutput: { hookEventName: "PermissionRequest"; decision: { behavior: "allow" } | { behavior: "deny"; message: string } };
}

/**
 * The PermissionRequest output (Claude Code, Codex): allow or deny on the person's behalf. Only
 * `behavior` and, for a denial, `message`: Codex refuses decisions carrying fields it does not
 * support yet (`updatedInput`, `updatedPermissions`, `interrupt: true`).
 */
export function permissionRequestAnswer(decision: "allow" | "deny", reason: string): PermissionRequestAnswer {
  return {
    hookSpecificOutput: {
      hookEventName: "PermissionRequest",
      decision: decision === "allow" ? { behavior: "allow" } : { behavior: "deny", message: reason },
    },
  };
}

/** Caps large hook fields before they go into the audit payload. */
export function truncateForAudit(v: unknown, max = 32_000): unknown {
  if (v === undefined) return undefined;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  if (s === undefined || s.length <= max) return v;
  return { truncated: true, length: s.length, head: s.slice(0, max) };
}
