import path from "node:path";
import picomatch from "picomatch";
import { pathGlob, wildcardMatch } from "@/lib/policy/glob";

/**
 * Scope = an allowlist per dimension (DESIGN.md "Scope (blast radius)"). PURE: no DB, no Next.
 * The decision engine (lib/policy) imports `checkScope`; keep its signature stable.
 *
 * Semantics, decided once here:
 * - An action field that is present must be allowed by at least one entry of its dimension
 *   whose time window contains `now` (validFrom inclusive, validUntil exclusive).
 * - The agent has no entry for a dimension the action uses → deny (allowlist: nothing listed,
 *   nothing allowed). Entries that exist but are all outside their window → deny, with that reason.
 * - The action does not name a dimension → that dimension does not constrain it.
 * - Field → dimension: repository, branch (a leading `refs/heads/` is ignored), environment,
 *   tool (+ command, see below), resource → path (normalised, `..` resolved; a resource that is
 *   a URL is checked as an endpoint instead), endpoint.
 * - Globs use picomatch with `{dot: true}`: `*` stays inside one `/` segment, `**` crosses them.
 *   Path patterns are the one path-glob dialect of policy rules and security-adjacent paths
 *   (lib/policy/glob.ts `pathGlob`: a pattern without `/` matches the file name in any folder,
 *   case-insensitive). Repository names and endpoint hosts compare case-insensitively (GitHub
 *   and DNS do).
 * - Tool entries are `Name` (any use of the tool) or a command family `Name(spec)`, Claude Code
 *   style: `Bash(npm run test:*)` = commands starting with `npm run test` followed by nothing,
 *   a space or `:` (so not `npm run test-evil`); otherwise `*` in spec
 *   matches any run of characters. A compound command (`a && b`, `a; b`, `a | b`) must have
 *   every part allowed; command substitution (`$(…)`, backticks) is never matched by a family.
 *   A `shell.exec` action naming a command but no tool is checked as tool `Bash`.
 * - Endpoint entries: `https://host[:port][/path-glob]` or a bare `host` (any scheme). No path
 *   (or `/`) = the whole origin; `https://api.github.com/repos/acme/**` = paths under it.
 *   `*.example.com` matches subdomains, not `example.com` itself.
 */

export const SCOPE_DIMENSIONS = ["repository", "branch", "environment", "tool", "path", "endpoint"] as const;
export type ScopeDimension = (typeof SCOPE_DIMENSIONS)[number];

export interface ScopeEntry {
  dimension: ScopeDimension;
  pattern: string;
  validFrom: Date | null;
  validUntil: Date | null;
}

export interface ActionLike {
  type: string;
  tool?: string | null;
  repository?: string | null;
  branch?: string | null;
  environment?: string | null;
  resource?: string | null;
  endpoint?: string | null;
  command?: string | null;
  /**
   * Set on actions the shell analyser derived (lib/shell): `command` is then ONE simple command
   * after quote removal, so a `;` or `|` in it was quoted text (`git commit -m "a; b"`), not a
   * second command. Raw lines are still split, and fail closed on substitutions.
   */
  source?: string;
}

export type ScopeResult = { allowed: true } | { allowed: false; dimension: string; value: string; reason: string };

/** The API/JSON shape of a scope: one list of patterns per dimension (API.md). */
export const SCOPE_KEYS: Record<ScopeDimension, ScopeListKey> = {
  repository: "repositories",
  branch: "branches",
  environment: "environments",
  tool: "tools",
  path: "paths",
  endpoint: "endpoints",
};
export type ScopeListKey = "repositories" | "branches" | "environments" | "tools" | "paths" | "endpoints";
export type ScopeLists = Record<ScopeListKey, string[]>;

export function isActive(entry: Pick<ScopeEntry, "validFrom" | "validUntil">, now: Date): boolean {
  const t = now.getTime();
  if (entry.validFrom && t < entry.validFrom.getTime()) return false;
  if (entry.validUntil && t >= entry.validUntil.getTime()) return false;
  return true;
}

// Compiled matchers are cached: the decision hot path checks the same patterns again and again.
const matcherCache = new Map<string, (s: string) => boolean>();
function cached(key: string, compile: () => (s: string) => boolean): (s: string) => boolean {
  let m = matcherCache.get(key);
  if (!m) {
    m = compile();
    if (matcherCache.size > 5000) matcherCache.clear();
    matcherCache.set(key, m);
  }
  return m;
}

const glob = (pattern: string, nocase = false) => cached(`${nocase ? "i" : "c"}:${pattern}`, () => picomatch(pattern, { dot: true, nocase }));

/** Path patterns in the one path-glob dialect (lib/policy/glob.ts `pathGlob`). */
const pathMatcher = (pattern: string) => cached(`p:${pattern}`, () => pathGlob(pattern));

function normalisePath(p: string): string {
  const n = path.posix.normalize(p.replace(/\\/g, "/"));
  return n.startsWith("./") ? n.slice(2) : n;
}

// ---- tools and command families -------------------------------------------------------

function splitToolPattern(pattern: string): { tool: string; spec: string | null } {
  const m = /^([^()]+)\((.*)\)$/s.exec(pattern.trim());
  return m ? { tool: m[1].trim(), spec: m[2].trim() } : { tool: pattern.trim(), spec: null };
}

function commandMatchesSpec(command: string, spec: string): boolean {
  if (spec === "*" || spec === ":*") return true;
  if (spec.endsWith(":*")) {
    // Prefix on a word boundary: `npm run test:*` allows `npm run test -- x`, not `npm run test-evil`.
    const prefix = spec.slice(0, -2);
    if (!command.startsWith(prefix)) return false;
    const rest = command.slice(prefix.length);
    return rest === "" || /^[\s:]/.test(rest) || /\s$/.test(prefix);
  }
  // Linear time (lib/policy/glob.ts); `?` is literal in a command family, as before.
  // Linear time (lib/policy/glob.ts); `?` is literal in a command family.
  return wildcardMatch(spec, command, { literalQuestion: true });
}

/** Splits a shell line into the commands it runs; null when it hides one ($(…), backticks). */
export function commandParts(command: string): string[] | null {
  if (/`|\$\(|<\(|>\(/.test(command)) return null;
  return command
    .split(/&&|\|\||;|\||\n|&/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function checkTool(entries: ScopeEntry[], tool: string, command: string | null, simple: boolean): boolean {
  // An MCP tool (`mcp__server__tool`) is also allowed by its server's entry `mcp__server`.
  const mcpServer = /^mcp__(.+?)__/.exec(tool)?.[0].slice(0, -2);
  const parsed = entries.map((e) => splitToolPattern(e.pattern)).filter((p) => glob(p.tool)(tool) || (mcpServer !== undefined && p.tool === mcpServer));
  if (parsed.some((p) => p.spec === null)) return true; // plain `Name`: any use of the tool
  if (command === null) return false; // only families listed, and no command to check
  const specs = parsed.map((p) => p.spec as string);
  const parts = simple ? [command] : commandParts(command);
  if (!parts || parts.length === 0) return specs.includes("*");
  return parts.every((part) => specs.some((s) => commandMatchesSpec(part, s)));
}

// ---- endpoints -------------------------------------------------------------------------

const DEFAULT_PORTS: Record<string, string> = { http: "80", https: "443", ws: "80", wss: "443" };

interface ParsedEndpoint {
  scheme: string | null;
  host: string;
  port: string;
  path: string;
}

function parsePatternEndpoint(pattern: string): ParsedEndpoint | null {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/?#:]+)(?::(\d+|\*))?(\/[^?#]*)?$/i.exec(pattern.trim());
  if (!m) return null;
  const scheme = m[1]?.toLowerCase() ?? null;
  return { scheme, host: m[2].toLowerCase(), port: m[3] ?? (scheme ? (DEFAULT_PORTS[scheme] ?? "") : "*"), path: m[4] ?? "" };
}

export function parseActionEndpoint(value: string): ParsedEndpoint | null {
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    const scheme = u.protocol.replace(/:$/, "");
    return { scheme, host: u.hostname.toLowerCase(), port: u.port || (DEFAULT_PORTS[scheme] ?? ""), path: u.pathname || "/" };
  } catch {
    return null;
  }
}

function endpointMatches(pattern: string, target: ParsedEndpoint): boolean {
  const p = parsePatternEndpoint(pattern);
  if (!p) return false;
  if (p.scheme && p.scheme !== target.scheme) return false;
  if (p.port !== "*" && p.port !== target.port) return false;
  if (!glob(p.host, true)(target.host)) return false;
  if (p.path === "" || p.path === "/") return true;
  return glob(p.path)(target.path);
}

// ---- the check -------------------------------------------------------------------------

interface Requirement {
  dimension: ScopeDimension;
  value: string;
  test: (active: ScopeEntry[]) => boolean;
}

function requirements(action: ActionLike): Requirement[] {
  const reqs: Requirement[] = [];
  const has = (v: string | null | undefined): v is string => typeof v === "string" && v.length > 0;
  if (has(action.repository)) {
    const v = action.repository.trim();
    reqs.push({ dimension: "repository", value: v, test: (es) => es.some((e) => glob(e.pattern, true)(v)) });
  }
  if (has(action.branch)) {
    const v = action.branch.replace(/^refs\/heads\//, "");
    reqs.push({ dimension: "branch", value: v, test: (es) => es.some((e) => glob(e.pattern, true)(v)) });
  }
  if (has(action.environment)) {
    const v = action.environment;
    reqs.push({ dimension: "environment", value: v, test: (es) => es.some((e) => glob(e.pattern, true)(v)) });
  }
  const tool = has(action.tool) ? action.tool : has(action.command) && action.type === "shell.exec" ? "Bash" : null;
  if (tool) {
    const command = has(action.command) ? action.command : null;
    const simple = typeof action.source === "string";
    reqs.push({ dimension: "tool", value: command ? `${tool}(${command})` : tool, test: (es) => checkTool(es, tool, command, simple) });
  }
  if (has(action.resource)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(action.resource)) reqs.push(endpointRequirement(action.resource, "endpoint"));
    else {
      const v = normalisePath(action.resource);
      // Outside the workspace (absolute, home, `..`): only an entry that names such a path
      // itself (`/tmp/**`) can allow it — never `**` or `src/**`. Overlong paths match nothing.
      const outside = v.startsWith("/") || v.startsWith("~") || v === ".." || v.startsWith("../");
      reqs.push({ dimension: "path", value: v, test: (es) => es.some((e) => pathAllowed(e.pattern, v, outside)) });
    }
  }
  if (has(action.endpoint)) reqs.push(endpointRequirement(action.endpoint, "endpoint"));
  return reqs;
}

// Module functions rather than local arrows in requirements(): the hot path runs under tsx,
// whose keepNames turns each named local arrow into a defineProperty call per decision.
function endpointRequirement(v: string, dimension: ScopeDimension): Requirement {
  const target = parseActionEndpoint(v);
  return { dimension, value: v, test: (es) => target !== null && es.some((e) => endpointMatches(e.pattern, target)) };
}

/** May the allowlist pattern cover path `v` (`outside`: absolute, home or `..`)? */
function pathAllowed(pattern: string, v: string, outside: boolean): boolean {
  const p = normalisePath(pattern);
  if (v.length > 1024) return false;
  if (outside && !(p.startsWith("/") || p.startsWith("~") || p.startsWith("../"))) return false;
  // `.` is the workspace root itself: `**` covers it (picomatch does not match ".")
  if (v === ".") return p === "**" || p === "." || p === "**/*";
  return pathMatcher(p)(v);
}

export function checkScope(entries: ScopeEntry[], action: ActionLike, now: Date): ScopeResult {
  for (const req of requirements(action)) {
    const ofDim = entries.filter((e) => e.dimension === req.dimension);
    const active = ofDim.filter((e) => isActive(e, now));
    if (ofDim.length === 0) {
      return deny(req, `no ${req.dimension} is allowlisted for this agent (anything not listed is denied)`);
    }
    if (req.test(active)) continue;
    const wouldMatch = ofDim.length > active.length && req.test(ofDim);
    return deny(
      req,
      wouldMatch
        ? `${req.dimension} "${req.value}" is allowlisted only outside the current time window`
        : `${req.dimension} "${req.value}" is not in the agent's allowlist`,
    );
  }
  return { allowed: true };
}

/** Boolean convenience over checkScope. */
export function matchesScope(entries: ScopeEntry[], action: ActionLike, now: Date): boolean {
  return checkScope(entries, action, now).allowed;
}

function deny(req: Requirement, reason: string): ScopeResult {
  return { allowed: false, dimension: req.dimension, value: req.value, reason };
}

/** API lists → entries (no time window). */
export function entriesFromLists(lists: Partial<ScopeLists>): ScopeEntry[] {
  const out: ScopeEntry[] = [];
  for (const dim of SCOPE_DIMENSIONS) {
    for (const pattern of lists[SCOPE_KEYS[dim]] ?? []) out.push({ dimension: dim, pattern, validFrom: null, validUntil: null });
  }
  return out;
}

/** Entries → API lists (time windows are not part of the list shape). */
export function listsFromEntries(entries: Pick<ScopeEntry, "dimension" | "pattern">[]): ScopeLists {
  const out: ScopeLists = { repositories: [], branches: [], environments: [], tools: [], paths: [], endpoints: [] };
  for (const e of entries) out[SCOPE_KEYS[e.dimension]].push(e.pattern);
  return out;
}

/** A pattern is usable for its dimension (for form/API validation). */
export function validatePattern(dimension: ScopeDimension, pattern: string): string | null {
  const p = pattern.trim();
  if (!p) return "empty pattern";
  if (p.length > 500) return "pattern too long";
  if (dimension === "endpoint" && !parsePatternEndpoint(p)) return "endpoint must look like https://host[/path] or host";
  if (dimension === "tool" && /[()]/.test(p) && !/^[^()]+\(.*\)$/s.test(p)) return "tool must be Name or Name(command pattern)";
  try {
    picomatch.makeRe(dimension === "tool" ? splitToolPattern(p).tool : p);
  } catch {
    return "invalid glob";
  }
  return null;
}
