// The one declared table of who may call what (OWASP API1 BOLA, API5 BFLA). Pure data:
// lib/security/authz-matrix.int.test.ts calls every machine route with every caller kind and
// every server action with every role, and compares the answers with this table. A route in
// API_ROUTES or an action export missing here fails that test, so nothing ships undeclared.
import { PERMISSIONS, type Permission, type Role } from "@/lib/auth/permissions";
import type { IntegrationScope } from "@/lib/auth/tokens";

/**
 * Who is calling. Agent tokens: A is the agent whose resources the path names ("own"), B is
 * another active agent ("other"), C is a suspended (killed) agent calling about itself.
 * Expired/revoked tokens exist as agent tokens and as integration tokens carrying EVERY scope
 * (so it is the expiry, not a missing scope, that refuses them).
 */
export type CallerKind =
  | "none"
  | "malformed" // an Authorization header that is not a Gatehouse token
  | "unknown" // a well-formed gat_ token that was never issued
  | "expired"
  | "revoked"
  | "expired_integration"
  | "revoked_integration"
  | "agent_own"
  | "agent_other"
  | "agent_suspended"
  | `scope:${IntegrationScope}`
  | "github_signature" // a valid X-Hub-Signature-256 over the body, no bearer token
  | "github_bad_signature";

export const SCOPE_CALLERS = [
  "scope:events:write",
  "scope:ci:write",
  "scope:defects:write",
  "scope:audit:read",
  "scope:agents:read",
  "scope:agents:write",
  "scope:policies:write",
  "scope:telemetry:write",
] as const satisfies readonly CallerKind[];

export const CALLER_KINDS: readonly CallerKind[] = [
  "none",
  "malformed",
  "unknown",
  "expired",
  "revoked",
  "expired_integration",
  "revoked_integration",
  "agent_own",
  "agent_other",
  "agent_suspended",
  ...SCOPE_CALLERS,
  "github_signature",
  "github_bad_signature",
];

/** Callers that never authenticate on a bearer route: always 401 (API.md "Authentication"). */
const UNAUTHENTICATED: ReadonlySet<CallerKind> = new Set<CallerKind>([
  "none",
  "malformed",
  "unknown",
  "expired",
  "revoked",
  "expired_integration",
  "revoked_integration",
  "github_signature",
  "github_bad_signature",
]);

/** What a refused caller gets: an API.md error body, or (decisions, hooks) a 200 deny in the client's format. */
export type Refusal = { status: 401 | 403 | 404; code: string } | { status: 200; deny: "decision" | "hook" | "cursor" | "copilot" };

export interface RouteAccess {
  /** "all": public. Otherwise the caller kinds that must NOT get 401/403. */
  allow: "all" | readonly CallerKind[];
  /** bearer (default) or the GitHub webhook signature (every other caller → 401). */
  auth?: "bearer" | "github";
  /** Refusals that differ from the defaults (401 unauthenticated, 403 forbidden). */
  refuse?: Partial<Record<CallerKind, Refusal>>;
}

const AGENTS_READ = ["scope:agents:read", "scope:agents:write"] as const satisfies readonly CallerKind[];
const WRITE = ["scope:agents:write"] as const satisfies readonly CallerKind[];
const SUSPENDED: Refusal = { status: 403, code: "agent_suspended" };

function hookAccess(deny: "hook" | "cursor" | "copilot"): RouteAccess {
  const refused = CALLER_KINDS.filter((c) => c !== "agent_own" && c !== "agent_other");
  return { allow: ["agent_own", "agent_other"], refuse: Object.fromEntries(refused.map((c) => [c, { status: 200, deny }])) };
}
const OTLP: RouteAccess = { allow: ["agent_own", "agent_other", "scope:telemetry:write"], refuse: { agent_suspended: SUSPENDED } };

/** Key: "METHOD /path" exactly as in API_ROUTES. */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  "GET /api/health": { allow: "all" },

  // Registry management (API.md): agents:write writes, agents:read (or write) reads.
  "POST /api/v1/teams": { allow: WRITE },
  "GET /api/v1/teams": { allow: AGENTS_READ },
  "GET /api/v1/agents": { allow: AGENTS_READ },
  "POST /api/v1/agents": { allow: WRITE },
  // An agent token may read only its own agent, only while active.
  "GET /api/v1/agents/:id": { allow: [...AGENTS_READ, "agent_own"], refuse: { agent_suspended: SUSPENDED } },
  "POST /api/v1/agents/:id/tokens": { allow: WRITE },
  "POST /api/v1/agents/:id/kill": { allow: WRITE },
  "POST /api/v1/agents/:id/resume": { allow: WRITE },

  // Decisions: any agent decides for itself; a killed agent gets 200 deny so harnesses stop cleanly.
  "POST /api/v1/decisions": {
    allow: ["agent_own", "agent_other"],
    refuse: { agent_suspended: { status: 200, deny: "decision" } },
  },
  // Hooks decide tool calls: every refusal (no/unknown/expired/revoked token, an integration
  // token, a killed agent) is a 200 deny in the harness's own format, never a status it runs on.
  "POST /api/hooks/claude-code": hookAccess("hook"),
  "POST /api/hooks/cursor": hookAccess("cursor"),
  "POST /api/hooks/copilot": hookAccess("copilot"),
  // The hook client file holds no secret: anyone may download it.
  "GET /api/hooks/client": { allow: "all" },
  // OTLP: an agent reports its own telemetry; a collector needs telemetry:write.
  "POST /api/otlp/v1/metrics": OTLP,
  "POST /api/otlp/v1/logs": OTLP,
  "POST /api/otlp/v1/traces": OTLP,
  // Only the requesting agent reads its approval; another agent's is 404 (API.md: "404 or 403"),
  // which does not even reveal that the id exists.
  "GET /api/v1/approvals/:id": {
    allow: ["agent_own"],
    refuse: { agent_other: { status: 404, code: "not_found" }, agent_suspended: SUSPENDED },
  },
  // Reading the policy is a registry read (agents:read), writing it needs policies:write.
  "GET /api/v1/policies": { allow: ["scope:policies:write", ...AGENTS_READ] },
  "PUT /api/v1/policies": { allow: ["scope:policies:write"] },

  // Audit: agents report about themselves (the body's agent is ignored for agent tokens).
  "POST /api/v1/events": {
    allow: ["agent_own", "agent_other", "scope:events:write"],
    refuse: { agent_suspended: SUSPENDED },
  },
  "GET /api/v1/audit/verify": { allow: ["scope:audit:read"] },
  "GET /api/v1/audit/export": { allow: ["scope:audit:read"] },

  // Changes and quality.
  "POST /api/webhooks/github": { allow: ["github_signature"], auth: "github" },
  "POST /api/v1/ci/runs": { allow: ["scope:ci:write"] },
  "POST /api/v1/defects": { allow: ["scope:defects:write"] },

  // Chat (lib/chat): Slack's v0 request signature is the authentication, no bearer token opens it
  // (forged, stale and replayed signatures: lib/chat/chat.int.test.ts); with Slack not configured,
  // as here, every caller gets 404. The open link's signed `t` is its only credential: without a
  // valid one (as here) every caller gets 404, with one a 303 to the approval page.
  "POST /api/chat/slack/interactions": { allow: [], refuse: Object.fromEntries(CALLER_KINDS.map((c) => [c, { status: 404, code: "not_found" }])) },
  "GET /api/chat/open": { allow: [], refuse: Object.fromEntries(CALLER_KINDS.map((c) => [c, { status: 404, code: "not_found" }])) },
};

export type Expected = { allowed: true } | ({ allowed: false } & Refusal);

/** The declared answer for one route and caller (defaults applied). */
export function expectedAccess(routeKey: string, caller: CallerKind): Expected {
  const access = ROUTE_ACCESS[routeKey];
  if (!access) throw new Error(`${routeKey} is not declared in lib/security/access-table.ts`);
  if (access.allow === "all" || access.allow.includes(caller)) return { allowed: true };
  const declared = access.refuse?.[caller];
  if (declared) return { allowed: false, ...declared };
  if (access.auth === "github" || UNAUTHENTICATED.has(caller)) return { allowed: false, status: 401, code: "unauthorized" };
  return { allowed: false, status: 403, code: "forbidden" };
}

// ---- server actions ----

export interface ActionAccess {
  permission: Permission;
  /** Written out (not derived) so that widening a permission in permissions.ts is noticed here. */
  roles: readonly Role[];
}

const ADMIN_SEC = ["admin", "security_lead"] as const;
const MANAGE = ["admin", "eng_manager"] as const;
const KILL = ["admin", "security_lead", "approver"] as const;
const ALL_ROLES = ["admin", "security_lead", "approver", "eng_manager", "viewer"] as const;

/** Key: "<file relative to the repo>#<export>", e.g. "lib/registry/actions.ts#killAgentAction". */
export const ACTION_ACCESS: Record<string, ActionAccess> = {
  "lib/policy/actions.ts#savePolicyAction": { permission: "policies:edit", roles: ADMIN_SEC },
  "lib/policy/actions.ts#simulateAction": { permission: "dashboard:view", roles: ALL_ROLES },
  "lib/policy/actions.ts#replayDraftAction": { permission: "policies:edit", roles: ADMIN_SEC },

  "lib/violations/actions.ts#triageViolationsAction": { permission: "violations:triage", roles: ADMIN_SEC },
  "lib/violations/actions.ts#killAgentFromViolationAction": { permission: "agents:kill", roles: KILL },
  "lib/violations/actions.ts#createWebhookAction": { permission: "violations:triage", roles: ADMIN_SEC },
  "lib/violations/actions.ts#toggleWebhookAction": { permission: "violations:triage", roles: ADMIN_SEC },
  "lib/violations/actions.ts#deleteWebhookAction": { permission: "violations:triage", roles: ADMIN_SEC },

  "lib/approvals/actions.ts#decideApprovalAction": { permission: "approvals:decide", roles: KILL },
  "lib/approvals/actions.ts#bulkDenyAction": { permission: "approvals:decide", roles: KILL },
  "lib/approvals/actions.ts#killAgentFromQueueAction": { permission: "agents:kill", roles: KILL },

  "lib/registry/actions.ts#createAgentAction": { permission: "agents:manage", roles: MANAGE },
  "lib/registry/actions.ts#updateAgentAction": { permission: "agents:manage", roles: MANAGE },
  "lib/registry/actions.ts#killAgentAction": { permission: "agents:kill", roles: KILL },
  "lib/registry/actions.ts#resumeAgentAction": { permission: "agents:resume", roles: ADMIN_SEC },
  "lib/registry/actions.ts#retireAgentAction": { permission: "agents:manage", roles: MANAGE },
  "lib/registry/actions.ts#freezeFleetAction": { permission: "fleet:freeze", roles: ADMIN_SEC },
  "lib/registry/actions.ts#unfreezeFleetAction": { permission: "fleet:freeze", roles: ADMIN_SEC },
  "lib/registry/actions.ts#issueTokenAction": { permission: "agents:tokens", roles: MANAGE },
  "lib/registry/actions.ts#rotateTokenAction": { permission: "agents:tokens", roles: MANAGE },
  "lib/registry/actions.ts#revokeTokenAction": { permission: "agents:tokens", roles: MANAGE },
  "lib/registry/actions.ts#recordReviewAction": { permission: "agents:review", roles: ["admin", "security_lead", "eng_manager"] },
  "lib/registry/actions.ts#blockShadowAction": { permission: "agents:manage", roles: MANAGE },

  "lib/people/actions.ts#createTeamAction": { permission: "settings:manage", roles: ["admin"] },
  "lib/people/actions.ts#createPersonAction": { permission: "settings:manage", roles: ["admin"] },
  "lib/people/actions.ts#updatePersonAction": { permission: "settings:manage", roles: ["admin"] },
  "lib/people/actions.ts#createIntegrationTokenAction": { permission: "settings:manage", roles: ["admin"] },
  "lib/people/actions.ts#revokeIntegrationTokenAction": { permission: "settings:manage", roles: ["admin"] },

  "lib/settings/actions.ts#updateSettingsAction": { permission: "settings:manage", roles: ["admin"] },
  "lib/changes/actions.ts#testGithubStatusAction": { permission: "settings:manage", roles: ["admin"] },

  "lib/chat/actions.ts#saveSlackAction": { permission: "settings:manage", roles: ["admin"] },
  "lib/chat/actions.ts#saveTeamsAction": { permission: "settings:manage", roles: ["admin"] },
  "lib/chat/actions.ts#testSendAction": { permission: "settings:manage", roles: ["admin"] },
  "lib/chat/actions.ts#unlinkChatUserAction": { permission: "settings:manage", roles: ["admin"] },
  // anyone signed in links the chat account a signed link names to themselves
  "lib/chat/actions.ts#linkChatUserAction": { permission: "dashboard:view", roles: ALL_ROLES },

  "lib/telemetry/actions.ts#saveBudgetAction": { permission: "agents:manage", roles: MANAGE },
  "lib/telemetry/actions.ts#deleteBudgetAction": { permission: "agents:manage", roles: MANAGE },
};

/** Declared roles that disagree with permissions.ts (empty when consistent). */
export function actionTableMismatches(): string[] {
  const out: string[] = [];
  for (const [key, a] of [...Object.entries(ACTION_ACCESS), ...Object.entries(SESSION_ROUTE_ACCESS)]) {
    const want = [...(PERMISSIONS[a.permission] as readonly Role[])].sort().join(",");
    const got = [...a.roles].sort().join(",");
    if (want !== got) out.push(`${key}: declares ${got} but ${a.permission} grants ${want}`);
  }
  return out;
}

// ---- session-authenticated Next routes outside API_ROUTES ----

/** Route files under app/ that are not machine routes, with why they are allowed to exist. */
export const NON_MACHINE_ROUTE_FILES: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "next-auth's own sign-in endpoints",
  "app/api/[...path]/route.ts": "catch-all: serves API_ROUTES through Next (lib/server/next-api.ts), API.md 404 body for the rest",
};

/** Dashboard route files (app/(dashboard)/**): session-authenticated downloads and polls. */
export const DASHBOARD_ROUTE_DIR = "app/(dashboard)/";

/**
 * Routes that take a signed-in person (session cookie) instead of, or as well as, a bearer
 * token: the roles that may GET them without a token. Every app/(dashboard)/** route file must
 * be listed (by file); the machine routes declared "bearer-or-session" in API_ROUTES (by
 * "GET /path", served through the catch-all) also serve integration tokens (ROUTE_ACCESS).
 */
export const SESSION_ROUTE_ACCESS: Record<string, ActionAccess> = {
  "GET /api/v1/audit/export": { permission: "audit:export", roles: ADMIN_SEC },
  "GET /api/v1/audit/verify": { permission: "audit:verify", roles: ADMIN_SEC },
  "app/(dashboard)/agents/[id]/claude-settings/route.ts": { permission: "dashboard:view", roles: ALL_ROLES },
  "app/(dashboard)/agents/export/route.ts": { permission: "dashboard:view", roles: ALL_ROLES },
  "app/(dashboard)/approvals/export/route.ts": { permission: "dashboard:view", roles: ALL_ROLES },
  "app/(dashboard)/approvals/queue/route.ts": { permission: "dashboard:view", roles: ALL_ROLES },
  "app/(dashboard)/kpis/csv/route.ts": { permission: "dashboard:view", roles: ALL_ROLES },
  "app/(dashboard)/violations/export/route.ts": { permission: "dashboard:view", roles: ALL_ROLES },
};
