// Minimal valid-looking requests for every machine route, shared by the authorization
// matrix and the fuzzers. Test-only. A route without a sample here still gets called (no
// body for GET, `{}` otherwise), so a new route is never silently skipped.
import { randomUUID } from "node:crypto";
import { signBody } from "@/lib/github/signature";
import { DEFAULT_POLICY } from "@/lib/policy/default-policy";
import type { CallerKind } from "./access-table";
import type { SecurityFixture } from "./fixtures";

export const WEBHOOK_SECRET = "security-matrix-webhook-secret";

export function routeKey(r: { method: string; path: string }) {
  return `${r.method} ${r.path}`;
}

/** A valid body per JSON route; functions get a fresh value each call (unique ids, slugs). */
export function sampleBody(key: string, fx: SecurityFixture): unknown {
  const uniq = randomUUID().slice(0, 8);
  switch (key) {
    case "POST /api/v1/teams":
      return { slug: `team-${uniq}`, name: `Team ${uniq}` };
    case "POST /api/v1/agents":
      return {
        slug: `agent-${uniq}`,
        name: `Agent ${uniq}`,
        role: "code-review",
        team: fx.team.slug,
        sponsor: fx.sponsor.email,
        model: "claude-sonnet-4-5",
        toolchain: "claude-code 2.0",
        scope: { repositories: ["acme/*"] },
      };
    case "POST /api/v1/agents/:id/tokens":
      return { ttl_seconds: 3600 };
    case "POST /api/v1/agents/:id/kill":
    case "POST /api/v1/agents/:id/resume":
      return { reason: "security matrix" };
    case "POST /api/v1/decisions":
      return { action: { type: "file.read", tool: "Read", repository: "acme/payments", resource: "src/index.ts" } };
    case "POST /api/hooks/claude-code":
      return {
        session_id: `s-${uniq}`,
        hook_event_name: "PreToolUse",
        cwd: "/work/repo",
        tool_name: "Read",
        tool_input: { file_path: "/work/repo/src/index.ts" },
      };
    case "POST /api/hooks/cursor":
      return {
        conversation_id: `c-${uniq}`,
        hook_event_name: "beforeReadFile",
        workspace_roots: ["/work/repo"],
        file_path: "/work/repo/src/index.ts",
        content: "",
      };
    case "POST /api/hooks/copilot":
      return {
        sessionId: `s-${uniq}`,
        timestamp: 1764849600000,
        cwd: "/work/repo",
        toolName: "view",
        toolArgs: JSON.stringify({ path: "/work/repo/src/index.ts" }),
      };
    case "PUT /api/v1/policies":
      return DEFAULT_POLICY;
    case "POST /api/v1/events":
      return {
        events: [
          { id: randomUUID(), type: "tool.post", agent: fx.a.agent.slug, action: { type: "file.read", tool: "Read" }, outcome: "success", payload: { n: 1 } },
        ],
      };
    case "POST /api/v1/ci/runs":
      return { repository: "acme/payments", commit_sha: "abcdef1234567", gate: "unit", status: "passed" };
    case "POST /api/v1/defects":
      return { repository: "acme/payments", title: `Defect ${uniq}`, severity: "low", found: "post_merge" };
    case "POST /api/webhooks/github":
      return { action: "opened", zen: "security matrix" };
  }
  return undefined;
}

/** Further valid bodies that take another path through the same route. */
export function extraSamples(key: string, fx: SecurityFixture): unknown[] {
  if (key === "POST /api/hooks/claude-code")
    return [
      { session_id: "s-post", hook_event_name: "PostToolUse", tool_name: "Edit", tool_input: { file_path: "src/a.ts" }, tool_response: { ok: true } },
      { session_id: "s-end", hook_event_name: "SessionEnd", reason: "exit" },
    ];
  if (key === "POST /api/v1/events") return [{ events: [{ id: randomUUID(), type: "tool.post", agent: fx.b.agent.slug, payload: { tool_input: { a: 1 } } }] }];
  return [];
}

export interface BuiltRequest {
  method: string;
  path: string;
  raw?: string;
  headers: Record<string, string>;
}

/** The path with its params pointing at A's resources (C's own for the suspended caller). */
export function concretePath(path: string, caller: CallerKind, fx: SecurityFixture): string {
  const own = caller === "agent_suspended" ? fx.c : fx.a;
  const approval = caller === "agent_suspended" ? fx.approvalC : fx.approvalA;
  let p = path.replace(/:([a-zA-Z_]+)/g, () => (path.startsWith("/api/v1/approvals/") ? approval : own.agent.id));
  // A gated hook call must not hold the matrix for 20 s waiting for a human.
  if (path === "/api/hooks/claude-code") p += "?wait_seconds=0";
  return p;
}

export function buildRequest(route: { method: string; path: string }, caller: CallerKind, fx: SecurityFixture, body?: unknown): BuiltRequest {
  const key = routeKey(route);
  const value = body !== undefined ? body : sampleBody(key, fx);
  const raw = value === undefined ? (route.method === "GET" ? undefined : "{}") : JSON.stringify(value);
  const headers: Record<string, string> = {};
  if (raw !== undefined) headers["content-type"] = "application/json";
  const token = caller === "none" ? undefined : fx.tokens[caller];
  if (token) headers.authorization = `Bearer ${token}`;
  if (route.path === "/api/webhooks/github" || caller === "github_signature" || caller === "github_bad_signature") {
    headers["x-github-event"] = "issues";
    headers["x-github-delivery"] = randomUUID();
    if (caller === "github_signature") headers["x-hub-signature-256"] = signBody(WEBHOOK_SECRET, raw ?? "");
    if (caller === "github_bad_signature") headers["x-hub-signature-256"] = signBody("not-the-secret", raw ?? "");
  }
  return { method: route.method, path: concretePath(route.path, caller, fx), raw, headers };
}
