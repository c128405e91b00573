import { createHash } from "node:crypto";
import { attrMap, type AttrMap, type Attrs, anyValue } from "./attributes";

/**
 * What an OTLP export means for Gatehouse (pure: no DB). Three vocabularies are read:
 * - Claude Code: metrics claude_code.{cost.usage, token.usage, session.count, lines_of_code.count,
 *   active_time.total, commit.count, pull_request.count, code_edit_tool.decision} and log events
 *   claude_code.{user_prompt, api_request, api_error, tool_result, tool_decision,
 *   assistant_response} (names and attributes as captured from the CLI, fixtures/claude-code).
 * - OpenTelemetry GenAI semantic conventions: gen_ai.client.token.usage (histogram, by
 *   gen_ai.token.type) and spans carrying gen_ai.usage.input_tokens / output_tokens.
 * - Codex: log events codex.{conversation_starts, user_prompt, api_request, sse_event,
 *   tool_decision, tool_result}; tokens from sse_event (response.completed).
 * Cost comes from metrics only (Claude Code also repeats it on api_request events; adding both
 * would count every dollar twice). Prompts are never stored, only counted.
 */

export interface Contribution {
  agentRef: string | null;
  time: Date;
  sessionId: string;
  model: string;
  kind: string;
  value: number;
}

/** A point of a cumulative sum: stored as the difference to the series' previous point. */
export interface CumulativeContribution extends Contribution {
  seriesKey: string;
  startNs: string;
}

/** A governance-relevant event, in POST /api/v1/events form (it goes into the audit trail). */
export interface AuditCandidate {
  agentRef: string | null;
  event: {
    id: string;
    time: string;
    type: string;
    agent?: string;
    session_id?: string;
    action?: { type?: string; tool?: string };
    outcome?: "success" | "failure" | "blocked";
    payload?: Record<string, unknown>;
  };
}

export interface Mapped {
  contributions: Contribution[];
  cumulative: CumulativeContribution[];
  audit: AuditCandidate[];
  /** items (data points, log records, spans) refused, and why (the first reason) */
  rejected: number;
  rejectReason: string;
  /** resource agent references seen, for integration tokens */
  agentRefs: Set<string>;
}

const AGENT_ATTRS = ["gatehouse.agent", "gen_ai.agent.id", "gen_ai.agent.name"];
const SESSION_ATTRS = ["session.id", "gen_ai.conversation.id", "conversation.id"];
const MODEL_ATTRS = ["model", "gen_ai.response.model", "gen_ai.request.model"];

function newMapped(): Mapped {
  return { contributions: [], cumulative: [], audit: [], rejected: 0, rejectReason: "", agentRefs: new Set() };
}

function reject(m: Mapped, n: number, reason: string) {
  m.rejected += n;
  if (!m.rejectReason) m.rejectReason = reason;
}

function str(a: AttrMap, keys: string[]): string {
  for (const k of keys) {
    const v = a.get(k);
    if (v !== undefined && v !== null && v !== "") return String(v).slice(0, 500);
  }
  return "";
}

/** "claude-opus-4-8[1m]" (metrics) and "claude-opus-4-8" (events) are one model. */
export function normalizeModel(model: string): string {
  const i = model.indexOf("[");
  return (i > 0 ? model.slice(0, i) : model).trim().slice(0, 200);
}

function num(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** OTLP times are nanoseconds since the epoch as decimal strings (or numbers); 0 = unset. */
export function nanosToDate(v: unknown, fallback: Date): Date {
  if (v === undefined || v === null || v === "" || v === "0" || v === 0) return fallback;
  const ms = typeof v === "string" ? Number(BigInt(v) / 1_000_000n) : Math.floor(Number(v) / 1e6);
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) && d.getUTCFullYear() >= 1970 && d.getUTCFullYear() < 3000 ? d : fallback;
}

const TOKEN_TYPES: Record<string, string> = {
  input: "tokens.input",
  output: "tokens.output",
  cacheRead: "tokens.cache_read",
  cacheCreation: "tokens.cache_creation",
  cache_read: "tokens.cache_read",
  cache_creation: "tokens.cache_creation",
};

/** The bucket kind a metric data point adds to, or null for metrics Gatehouse does not keep. */
export function metricKind(name: string, a: AttrMap): string | null {
  switch (name) {
    case "claude_code.cost.usage":
      return "cost_usd";
    case "claude_code.token.usage":
      return TOKEN_TYPES[String(a.get("type") ?? "")] ?? null;
    case "gen_ai.client.token.usage":
      return TOKEN_TYPES[String(a.get("gen_ai.token.type") ?? "")] ?? null;
    case "claude_code.session.count":
      return "sessions";
    case "claude_code.lines_of_code.count": {
      const t = a.get("type");
      return t === "added" ? "lines.added" : t === "removed" ? "lines.removed" : null;
    }
    case "claude_code.active_time.total":
      return "active_time_s";
    case "claude_code.commit.count":
      return "commits";
    case "claude_code.pull_request.count":
      return "pull_requests";
    case "claude_code.code_edit_tool.decision":
      return a.get("decision") === "reject" ? "edit_decisions.reject" : "edit_decisions.accept";
    default:
      return null;
  }
}

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

function resourceInfo(resource: unknown) {
  const a = attrMap((resource as Obj | undefined)?.attributes as Attrs);
  const ref = str(a, AGENT_ATTRS);
  return { attrs: a, agentRef: ref || null, service: str(a, ["service.name"]) };
}

function seriesKey(agentRef: string | null, resource: AttrMap, metric: string, point: AttrMap): string {
  const parts = [agentRef ?? "", metric, ...[...resource].sort(), "|", ...[...point].sort()].map((x) => JSON.stringify(x));
  return createHash("sha256").update(parts.join(",")).digest("base64url");
}

export function mapMetrics(req: Obj, now = new Date()): Mapped {
  const m = newMapped();
  for (const rm of arr(req.resourceMetrics)) {
    const res = resourceInfo(rm.resource);
    if (res.agentRef) m.agentRefs.add(res.agentRef);
    for (const sm of arr(rm.scopeMetrics))
      for (const metric of arr(sm.metrics)) {
        const name = String(metric.name ?? "");
        const data = (metric.sum ?? metric.histogram ?? metric.exponentialHistogram ?? metric.gauge ?? metric.summary) as Obj | undefined;
        const points = arr(data?.dataPoints);
        if (!metric.sum && !metric.histogram && !metric.exponentialHistogram) continue; // gauges and summaries do not add up
        const cumulative = Number(data?.aggregationTemporality ?? 0) === 2;
        for (const p of points) {
          const a = attrMap(p.attributes as Attrs);
          const kind = metricKind(name, a);
          if (!kind) continue;
          const value = metric.sum ? num(p.asDouble ?? p.asInt ?? 0) : num(p.sum ?? 0);
          if (value === undefined || value < 0) {
            reject(m, 1, `${name}: a data point without a finite, non-negative value`);
            continue;
          }
          const c: Contribution = {
            agentRef: res.agentRef,
            time: nanosToDate(p.timeUnixNano, now),
            sessionId: str(a, SESSION_ATTRS),
            model: normalizeModel(str(a, MODEL_ATTRS)),
            kind,
            value,
          };
          if (cumulative) m.cumulative.push({ ...c, seriesKey: seriesKey(res.agentRef, res.attrs, name, a), startNs: String(p.startTimeUnixNano ?? "0") });
          else m.contributions.push(c);
        }
      }
  }
  return m;
}

/** Deterministic audit ids: a re-sent export is a duplicate, not a second row. */
function eventId(parts: unknown[]): string {
  return "otel-" + createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}

const EVENT_NAME = /^[a-z_]+\.[a-z_.]+$/;

/**
 * The record's event name: its eventName or body when they are dotted names (Claude Code), else
 * the `event.name` attribute. Codex's eventName is a tracing location ("event
 * otel/src/events/session_telemetry.rs:1123"), and its name is in the attribute.
 */
function eventName(r: Obj, a: AttrMap): string {
  const explicit = String(r.eventName ?? "");
  if (EVENT_NAME.test(explicit)) return explicit;
  const body = anyValue(r.body);
  if (typeof body === "string" && EVENT_NAME.test(body)) return body;
  const attr = a.get("event.name");
  if (typeof attr === "string" && attr) return attr;
  return ""; // a plain log line (Codex's own warnings): not an event
}

export function mapLogs(req: Obj, now = new Date()): Mapped {
  const m = newMapped();
  for (const rl of arr(req.resourceLogs)) {
    const res = resourceInfo(rl.resource);
    if (res.agentRef) m.agentRefs.add(res.agentRef);
    for (const sl of arr(rl.scopeLogs))
      for (const r of arr(sl.logRecords)) {
        const a = attrMap(r.attributes as Attrs);
        const name = eventName(r, a);
        if (!name) continue;
        const time = nanosToDate(r.timeUnixNano ?? r.observedTimeUnixNano, now);
        const sessionId = str(a, SESSION_ATTRS);
        const model = normalizeModel(str(a, MODEL_ATTRS));
        const short = name.replace(/^(claude_code|codex)\./, "");
        const base = { agentRef: res.agentRef, time, sessionId, model };
        m.contributions.push({ ...base, kind: `event.${short}`, value: 1 });
        if (short === "tool_result" && String(a.get("success")) === "false") m.contributions.push({ ...base, kind: "event.tool_result.failure", value: 1 });
        if (name === "codex.sse_event" && a.get("event.kind") === "response.completed") {
          for (const [attr, kind] of [
            ["input_token_count", "tokens.input"],
            ["output_token_count", "tokens.output"],
            ["cached_token_count", "tokens.cache_read"],
          ] as const) {
            const v = num(a.get(attr));
            if (v !== undefined && v > 0) m.contributions.push({ ...base, kind, value: v });
          }
        }
        if (short === "tool_decision" || short === "api_error") {
          const tool = str(a, ["tool_name"]);
          const decision = String(a.get("decision") ?? "");
          const denied = /^(reject|denied|abort)/i.test(decision);
          const payload: Record<string, unknown> = { event: name, harness: res.service || undefined };
          for (const k of ["decision", "source", "tool_use_id", "error", "status_code", "attempt", "duration_ms", "model", "prompt.id"]) {
            const v = a.get(k);
            if (v !== undefined) payload[k] = v;
          }
          m.audit.push({
            agentRef: res.agentRef,
            event: {
              id: eventId([res.agentRef, name, sessionId, String(r.timeUnixNano ?? ""), a.get("event.sequence") ?? null, a.get("tool_use_id") ?? null]),
              time: time.toISOString(),
              type: `telemetry.${short}`,
              ...(res.agentRef ? { agent: res.agentRef } : {}),
              ...(sessionId ? { session_id: sessionId } : {}),
              action: short === "tool_decision" ? { type: "tool.decision", ...(tool ? { tool } : {}) } : { type: "model.request" },
              outcome: short === "api_error" ? "failure" : denied ? "blocked" : "success",
              payload,
            },
          });
        }
      }
  }
  return m;
}

export function mapTraces(req: Obj, now = new Date()): Mapped {
  const m = newMapped();
  for (const rs of arr(req.resourceSpans)) {
    const res = resourceInfo(rs.resource);
    if (res.agentRef) m.agentRefs.add(res.agentRef);
    for (const ss of arr(rs.scopeSpans))
      for (const s of arr(ss.spans)) {
        const a = attrMap(s.attributes as Attrs);
        const op = str(a, ["gen_ai.operation.name"]);
        const input = num(a.get("gen_ai.usage.input_tokens"));
        const output = num(a.get("gen_ai.usage.output_tokens"));
        // A GenAI span names its operation (semantic conventions). Codex's handle_responses span
        // carries gen_ai.usage.* without one, nor a session or model: its tokens are counted from
        // its codex.sse_event log records, which have both (counting the span too would double).
        if (!op) continue;
        const base = {
          agentRef: res.agentRef ?? (str(a, AGENT_ATTRS) || null),
          time: nanosToDate(s.endTimeUnixNano ?? s.startTimeUnixNano, now),
          sessionId: str(a, SESSION_ATTRS),
          model: normalizeModel(str(a, MODEL_ATTRS)),
        };
        if (base.agentRef) m.agentRefs.add(base.agentRef);
        m.contributions.push({ ...base, kind: `event.gen_ai.${(op || "span").slice(0, 60)}`, value: 1 });
        if (input !== undefined && input > 0) m.contributions.push({ ...base, kind: "tokens.input", value: input });
        if (output !== undefined && output > 0) m.contributions.push({ ...base, kind: "tokens.output", value: output });
      }
  }
  return m;
}
