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

/**
 * Caps large hook fields before they go into the audit payload: a value whose JSON text is longer
 * than `max` becomes `{ truncated, length, head }` — the text's length and its first `max`
 * characters. Without writing out that text (issue 16: a 2 MiB tool_input was stringified on the
 * event loop only to keep 32,000 characters of it): the length is counted, and the head is written
 * from a copy whose strings and lists are cut to what can reach it. JSON values as JSON.parse
 * gives them; anything else is stringified as before.
 */
export function truncateForAudit(v: unknown, max = 32_000): unknown {
  if (v === undefined) return undefined;
  if (typeof v === "string") return v.length <= max ? v : { truncated: true, length: v.length, head: v.slice(0, max) };
  const length = jsonLength(v);
  if (length === undefined) {
    const s = JSON.stringify(v);
    if (s === undefined || s.length <= max) return v;
    return { truncated: true, length: s.length, head: s.slice(0, max) };
  }
  if (length <= max) return v;
  return { truncated: true, length, head: JSON.stringify(cutTo(v, max)).slice(0, max) };
}

// JSON.stringify escapes these in a string (quote, backslash, controls, lone surrogates).
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

const isPlain = (o: object) => {
  const p = Object.getPrototypeOf(o);
  return p === Object.prototype || p === null || Array.isArray(o);
};

/** JSON.stringify(v).length for a JSON value (plain objects, arrays, strings, finite numbers, booleans, null); else undefined. */
function jsonLength(root: unknown): number | undefined {
  let n = 0;
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") n += ESCAPED.test(v) ? JSON.stringify(v).length : v.length + 2;
    else if (typeof v === "number") {
      if (!Number.isFinite(v)) return undefined;
      n += JSON.stringify(v).length;
    } else if (typeof v === "boolean") n += v ? 4 : 5;
    else if (v === null) n += 4;
    else if (typeof v === "object" && isPlain(v)) {
      if (Array.isArray(v)) {
        n += 2 + Math.max(0, v.length - 1);
        for (let i = v.length - 1; i >= 0; i--) {
          if (v[i] === undefined) return undefined; // JSON.stringify writes null: not a parsed value
          stack.push(v[i]);
        }
      } else {
        const keys = Object.keys(v);
        n += 2 + Math.max(0, keys.length - 1) + keys.length; // braces, commas, colons
        for (const k of keys) {
          const x = (v as Record<string, unknown>)[k];
          if (x === undefined) return undefined; // left out by JSON.stringify: not a parsed value
          n += ESCAPED.test(k) ? JSON.stringify(k).length : k.length + 2;
          stack.push(x);
        }
      }
    } else return undefined;
  }
  return n;
}

/**
 * A copy of a JSON value whose JSON text starts with the same `max` characters: strings cut to
 * `max` characters, lists and objects to their first `max` entries (each entry takes at least one
 * character of the text, so the ones after cannot reach its first `max`).
 */
function cutTo(root: unknown, max: number): unknown {
  // iterative: a value nested deeper than the JavaScript stack allows (JSON.stringify's native
  // stack goes further) must not throw here
  const copy = (v: unknown): unknown => {
    if (typeof v === "string") return v.length > max ? v.slice(0, max) : v;
    if (v === null || typeof v !== "object") return v;
    return Array.isArray(v) ? [] : {};
  };
  const out = copy(root);
  const todo: [unknown, unknown][] = out !== null && typeof out === "object" ? [[root, out]] : [];
  while (todo.length) {
    const [src, dst] = todo.pop()!;
    if (Array.isArray(src)) {
      for (let i = 0; i < Math.min(src.length, max); i++) {
        const c = copy(src[i]);
        (dst as unknown[]).push(c);
        if (c !== null && typeof c === "object") todo.push([src[i], c]);
      }
      continue;
    }
    let i = 0;
    for (const k of Object.keys(src as object)) {
      if (i++ >= max) break;
      const x = (src as Record<string, unknown>)[k];
      const c = copy(x);
      // a key cut to `max` characters still writes more than `max` before its value
      Object.defineProperty(dst, k.length > max ? k.slice(0, max) : k, { value: c, enumerable: true, writable: true, configurable: true });
      if (c !== null && typeof c === "object") todo.push([x, c]);
    }
  }
  return out;
}
