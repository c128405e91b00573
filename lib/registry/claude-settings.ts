import { isActive, parseActionEndpoint, type ScopeEntry } from "./scope";

/**
 * Claude Code managed-settings.json / settings.json generated from an agent's scope. PURE.
 *
 * Checked against Claude Code's settings / permissions / hooks reference (code.claude.com docs,
 * docs.anthropic.com "IAM", and the settings schema): rules are `Tool` or `Tool(specifier)`;
 * `Bash(npm run test:*)` is a prefix rule (`:*` only at the end); `Edit(...)`/`Read(...)` take
 * gitignore-style paths where `path` is relative to the working directory and `//path` is
 * absolute; `WebFetch(domain:host)` limits fetches by host (no path); evaluation is
 * deny → ask → allow with deny winning. HTTP hooks are `{type: "http", url, headers,
 * allowedEnvVars, timeout}` under `hooks.<Event>[].hooks[]` with a `matcher`; header values
 * interpolate `$VAR` only for variables listed in `allowedEnvVars`.
 *
 * The settings are a first line of defence on the developer machine; Gatehouse's PreToolUse
 * hook remains the authority (time windows, policy tiers, kill switch). Safe as exported:
 * PreToolUse runs the fail-closed hook client by default, every hook URL says its timeout
 * (`?timeout_seconds=` = the hook's `timeout`), and as managed settings only these hooks run.
 */

export const HOOK_TOKEN_ENV = "GATEHOUSE_AGENT_TOKEN";
/** Who and where: each is sent as an X-Gatehouse-* header when the session sets it (lib/hooks/context.ts). */
export const HOOK_CONTEXT_ENV = {
  GATEHOUSE_REPOSITORY: "X-Gatehouse-Repository",
  GATEHOUSE_BRANCH: "X-Gatehouse-Branch",
  GATEHOUSE_ENVIRONMENT: "X-Gatehouse-Environment",
  GATEHOUSE_INITIATED_BY: "X-Gatehouse-Initiated-By",
} as const;
/** Events recorded through HTTP hooks (SessionStart is left out: it runs command hooks only). */
export const HOOK_EVENTS = ["PreToolUse", "PostToolUse", "PostToolUseFailure", "UserPromptSubmit", "Stop", "SessionEnd"] as const;
/**
 * The PreToolUse hook's timeout. The hook client answers 1.5 s before it and tells Gatehouse
 * (`?timeout_seconds=`), which stops waiting for an approver a safe margin before that.
 */
export const GATE_TIMEOUT_SECONDS = 30;
/** Recording hooks: short, and they never block the agent. */
const RECORD_TIMEOUT_SECONDS = 10;
/** Where the hook client is installed on developer machines (served by the instance at /api/hooks/client). */
export const DEFAULT_CLIENT_PATH = "$HOME/.gatehouse/gatehouse-hook.mjs";
const TOOL_EVENTS = new Set(["PreToolUse", "PostToolUse", "PostToolUseFailure"]);
/** Built-in tools that are denied outright when the allowlist names nothing for them. */
const BUILTIN_TOOLS = ["Bash", "Edit", "Write", "NotebookEdit", "Read", "Glob", "Grep", "WebFetch", "WebSearch"] as const;
const FILE_WRITE_TOOLS = new Set(["Edit", "Write", "NotebookEdit"]);
const FILE_READ_TOOLS = new Set(["Read", "Glob", "Grep"]);

type HttpHook = { type: "http"; url: string; headers: Record<string, string>; allowedEnvVars: string[]; timeout: number };
type CommandHook = { type: "command"; command: string; timeout: number };

export interface ClaudeSettings {
  env: Record<string, string>;
  permissions: { allow: string[]; ask: string[]; deny: string[]; disableBypassPermissionsMode: "disable" };
  /** managed settings: only these hooks run (user and project hooks are ignored) */
  allowManagedHooksOnly: true;
  allowedHttpHookUrls: string[];
  httpHookAllowedEnvVars: string[];
  /** present when the scope limits MCP servers (an empty list allows none) */
  allowedMcpServers?: { serverName: string }[];
  hooks: Record<string, { matcher?: string; hooks: (HttpHook | CommandHook)[] }[]>;
}

export interface ClaudeSettingsOptions {
  /**
   * How PreToolUse asks Gatehouse. `command` (default): the hook client, which denies when
   * Gatehouse cannot be reached or answers anything but a decision. `http`: Claude Code's HTTP
   * hook, which is simpler but runs the tool when Gatehouse is unreachable or times out.
   */
  gate?: "command" | "http";
  clientPath?: string;
}

/** Our path globs are repository-relative; Claude's `//` prefix marks an absolute path. */
function claudePath(p: string): string {
  const t = p.trim().replace(/^\.\//, "");
  return t.startsWith("/") ? `/${t}` : t;
}

function toolOf(pattern: string): { tool: string; spec: string | null } {
  const m = /^([^()]+)\((.*)\)$/s.exec(pattern.trim());
  return m ? { tool: m[1].trim(), spec: m[2].trim() } : { tool: pattern.trim(), spec: null };
}

function hostOf(pattern: string): string | null {
  const bare = /^[a-z][a-z0-9+.-]*:\/\//i.test(pattern) ? pattern : `https://${pattern}`;
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(bare);
  if (!m) return null;
  if (m[1].includes("*")) return m[1]; // Claude accepts `domain:*.example.com`
  return parseActionEndpoint(bare)?.host ?? null;
}

/** Rules for one tool entry, narrowed by the path and endpoint allowlists where Claude can. */
function rulesFor(pattern: string, paths: string[], hosts: string[]): string[] {
  const { tool, spec } = toolOf(pattern);
  if (tool === "*") return []; // "any tool" has no Claude rule: the hook decides
  if (spec !== null) return [`${tool}(${spec})`];
  if (FILE_WRITE_TOOLS.has(tool) || FILE_READ_TOOLS.has(tool)) {
    if (tool === "Glob" || tool === "Grep") return [tool];
    return paths.length ? paths.map((p) => `${tool}(${claudePath(p)})`) : [];
  }
  if (tool === "WebFetch") return hosts.map((h) => `WebFetch(domain:${h})`);
  return [tool];
}

export function generateClaudeSettings(entries: ScopeEntry[], baseUrl: string, now: Date, opts: ClaudeSettingsOptions = {}): ClaudeSettings {
  const allow = new Set<string>();
  const ask = new Set<string>();
  const deny = new Set<string>();
  const current = entries.filter((e) => isActive(e, now));
  // A time-windowed entry cannot be expressed statically: ask, and let the hook check the window.
  const windowed = entries.filter((e) => e.validFrom || e.validUntil);
  const permanent = current.filter((e) => !e.validFrom && !e.validUntil);

  const paths = (list: ScopeEntry[]) => list.filter((e) => e.dimension === "path").map((e) => e.pattern);
  const hosts = (list: ScopeEntry[]) => [
    ...new Set(
      list
        .filter((e) => e.dimension === "endpoint")
        .map((e) => hostOf(e.pattern))
        .filter((h): h is string => !!h),
    ),
  ];

  for (const e of permanent.filter((x) => x.dimension === "tool")) {
    for (const r of rulesFor(e.pattern, paths(permanent), hosts(permanent))) allow.add(r);
  }
  for (const e of windowed.filter((x) => x.dimension === "tool")) {
    for (const r of rulesFor(e.pattern, paths(entries), hosts(entries))) if (!allow.has(r)) ask.add(r);
  }
  const named = new Set(entries.filter((e) => e.dimension === "tool").map((e) => toolOf(e.pattern).tool));
  if (!named.has("*")) for (const t of BUILTIN_TOOLS) if (!named.has(t)) deny.add(t);

  const base = baseUrl.replace(/\/+$/, "");
  const url = `${base}/api/hooks/claude-code`;
  const envVars = [HOOK_TOKEN_ENV, ...Object.keys(HOOK_CONTEXT_ENV)];
  const headers: Record<string, string> = { Authorization: `Bearer $${HOOK_TOKEN_ENV}` };
  for (const [v, h] of Object.entries(HOOK_CONTEXT_ENV)) headers[h] = `$${v}`;
  const http = (timeout: number): HttpHook => ({ type: "http", url: `${url}?timeout_seconds=${timeout}`, headers, allowedEnvVars: envVars, timeout });
  const gate: HttpHook | CommandHook =
    (opts.gate ?? "command") === "command"
      ? {
          type: "command",
          command: `node "${opts.clientPath ?? DEFAULT_CLIENT_PATH}" --harness claude-code --timeout ${GATE_TIMEOUT_SECONDS}`,
          timeout: GATE_TIMEOUT_SECONDS,
        }
      : http(GATE_TIMEOUT_SECONDS);
  const hooks: ClaudeSettings["hooks"] = {};
  for (const ev of HOOK_EVENTS) {
    const handler = ev === "PreToolUse" ? gate : http(RECORD_TIMEOUT_SECONDS);
    hooks[ev] = [TOOL_EVENTS.has(ev) ? { matcher: "*", hooks: [handler] } : { hooks: [handler] }];
  }
  const mcp = mcpServers(entries);

  return {
    env: { GATEHOUSE_URL: base },
    permissions: { allow: [...allow], ask: [...ask], deny: [...deny], disableBypassPermissionsMode: "disable" },
    allowManagedHooksOnly: true,
    allowedHttpHookUrls: [`${base}/api/hooks/*`],
    httpHookAllowedEnvVars: envVars,
    ...(mcp ? { allowedMcpServers: mcp.map((serverName) => ({ serverName })) } : {}),
    hooks,
  };
}

/**
 * The MCP servers the scope's tool entries name (`mcp__github__*` → github); undefined when the
 * scope allows any tool or any MCP server (`*`, `mcp__*`), so no allowlist is written.
 */
function mcpServers(entries: ScopeEntry[]): string[] | undefined {
  const names = new Set<string>();
  for (const e of entries) {
    if (e.dimension !== "tool") continue;
    const t = e.pattern.trim();
    if (t === "*" || /^mcp__\*/.test(t)) return undefined;
    const m = /^mcp__([a-zA-Z0-9_-]+?)__/.exec(t);
    if (m) names.add(m[1]);
  }
  return [...names];
}
