// Small pure helpers shared by detectors.
import type { AgentContext, DetectionEvent } from "./types";

export function agentLabel(e: { agentSlug: string | null; agentId: string | null }, agent?: AgentContext): string {
  return agent?.slug ?? e.agentSlug ?? e.agentId ?? "unknown agent";
}

export function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Reads a nested field: pick(payload, "action", "endpoint"). */
export function pick(v: unknown, ...path: string[]): unknown {
  let cur: unknown = v;
  for (const p of path) {
    const o = obj(cur);
    if (!o) return undefined;
    cur = o[p];
  }
  return cur;
}

export function byteLength(v: unknown): number {
  if (v === undefined || v === null) return 0;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return Buffer.byteLength(s ?? "", "utf8");
}

/** Events an agent did or attempted (not human governance acts or system bookkeeping). */
export function isAgentEvent(e: DetectionEvent): boolean {
  return (e.actorKind ?? "agent") === "agent";
}

export function isDenied(e: DetectionEvent): boolean {
  return e.decision === "deny" || e.outcome === "blocked";
}

export function isDecision(e: DetectionEvent): boolean {
  return e.type === "decision";
}

const NETWORK_CMD = /(^|[\s;&|(])(curl|wget|nc|ncat|scp|rsync|ftp|sftp|http|https|xh|Invoke-WebRequest)\s/;
const NETWORK_TOOLS = new Set(["WebFetch", "fetch", "http"]);

export function isNetworkCall(e: DetectionEvent): boolean {
  if (e.actionType === "network.request") return true;
  if (e.tool && NETWORK_TOOLS.has(e.tool)) return true;
  return !!e.command && NETWORK_CMD.test(` ${e.command} `);
}

const SECRET_PATH =
  /(^|\/)\.env(\.[\w-]+)?$|(^|\/)\.npmrc$|(^|\/)\.netrc$|(^|\/)id_(rsa|ed25519|ecdsa)$|\.pem$|\.key$|(^|\/)credentials(\.json)?$|(^|\/)secrets?(\.[\w]+)?\.(ya?ml|json|env)$|(^|\/)\.aws\/credentials$/i;
const SECRET_CMD =
  /(^|[\s;&|])(cat|less|more|head|tail|source|\.)\s+\S*(\.env\b|\.npmrc|id_rsa|\.pem\b|credentials)|vault\s+(kv\s+get|read)|aws\s+secretsmanager\s+get-secret-value|kubectl\s+get\s+secrets?\b|gcloud\s+secrets\s+versions\s+access|printenv|op\s+read/;

export function isSecretRead(e: DetectionEvent): boolean {
  if (e.actionType === "secret.read") return true;
  if (e.resource && (e.actionType === "file.read" || e.tool === "Read" || e.type.startsWith("tool.")) && SECRET_PATH.test(e.resource)) return true;
  return !!e.command && SECRET_CMD.test(` ${e.command}`);
}

export function isFileRead(e: DetectionEvent): boolean {
  return e.actionType === "file.read" || e.tool === "Read" || e.tool === "Grep" || e.tool === "Glob";
}

/** The endpoint a network event called, from wherever the harness put it. */
export function endpointOf(e: DetectionEvent): string | undefined {
  const candidates = [
    pick(e.payload, "action", "endpoint"),
    pick(e.payload, "endpoint"),
    pick(e.payload, "url"),
    pick(e.payload, "tool_input", "url"),
    pick(e.payload, "input", "url"),
    e.resource && /^https?:\/\//i.test(e.resource) ? e.resource : undefined,
  ];
  for (const c of candidates) if (typeof c === "string" && c) return c;
  const m = e.command?.match(/https?:\/\/[^\s'"]+/i);
  return m?.[0];
}

/** Allowlist glob: `*` matches within a host label or path, `**` anything; a bare origin allows its paths. */
export function endpointAllowed(url: string, patterns: string[]): boolean {
  for (const p of patterns) {
    if (p === "*" || p === "**") return true;
    const re = new RegExp(
      "^" +
        p
          .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
          .replace(/\*\*/g, "\u0000")
          .replace(/\*/g, "[^/]*")
          .replace(/\u0000/g, ".*") +
        "$",
      "i",
    );
    if (re.test(url)) return true;
    // "https://registry.npmjs.org" allows "https://registry.npmjs.org/left-pad"
    if (!p.includes("*") && url.toLowerCase().startsWith(p.replace(/\/$/, "").toLowerCase() + "/")) return true;
    try {
      const host = new URL(url).host;
      if (re.test(host)) return true;
    } catch {
      /* not a URL: only the full-string match applies */
    }
  }
  return false;
}

/** Size of what left the machine: explicit byte counts first, else the request body in the payload. */
export function outboundSize(e: DetectionEvent): number {
  for (const k of ["bytes_out", "bytes_sent", "request_bytes", "upload_bytes"]) {
    const n = pick(e.payload, k);
    if (typeof n === "number") return n;
  }
  return Math.max(
    byteLength(pick(e.payload, "body")),
    byteLength(pick(e.payload, "request_body")),
    byteLength(pick(e.payload, "tool_input", "body")),
    byteLength(pick(e.payload, "tool_input", "data")),
  );
}

export function commandOutputSize(e: DetectionEvent): number {
  const n = pick(e.payload, "output_bytes");
  if (typeof n === "number") return n;
  return Math.max(
    byteLength(pick(e.payload, "output")),
    byteLength(pick(e.payload, "stdout")),
    byteLength(pick(e.payload, "tool_response", "stdout")),
    byteLength(pick(e.payload, "tool_response", "output")),
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} B`;
}

export function describeAction(e: DetectionEvent): string {
  const what = e.actionType ?? e.type;
  const target = e.resource ?? e.command ?? endpointOf(e);
  return target ? `${what} ${truncate(target, 80)}` : what;
}

export function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

export function groupBy<T>(items: T[], key: (t: T) => string | null | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === null || k === undefined) continue;
    const l = m.get(k);
    if (l) l.push(it);
    else m.set(k, [it]);
  }
  return m;
}
