import { getDb } from "@/db/client";
import { defineApi, json, readJson } from "@/lib/http/api";
import {
  agentActRefusal,
  authenticateAgentCached,
  authenticateMachine,
  hasScope,
  requireAgentCaller,
  requireAgentMayAct,
  type AgentSnapshotEntry,
} from "@/lib/auth/machine";
import { badRequest, forbidden } from "@/lib/http/errors";
import { approvalView, ensureExpirySweep, getApprovalForAgent } from "@/lib/approvals/queries";
import { getActivePolicy, latestVersion, savePolicy } from "@/lib/policy/store";
import { validatePolicy } from "@/lib/policy/yaml";
import { decisionRequestSchema, type DecisionRequest } from "./schemas";
import { decide } from "./service";
import { requireOwnSession } from "./session-owner";
import { normalizeEmail } from "@/lib/approvals/initiators";
import type { SessionTouch } from "./writer";
import { claimApproval } from "@/lib/approvals/reuse";
import { z } from "zod";

/** POST /api/v1/decisions — the hot path (API.md "Decisions"). */
export const decisionsHandler = defineApi(
  async (req) => {
    const db = await getDb();
    const caller = await authenticateAgentCached(db, req);
    const body = await readJson(req, decisionRequestSchema);
    // Sessions belong to the agent that opened them: another agent's session_id is refused
    // (403 session_not_owned) before anything is recorded in that session.
    const owned = await requireOwnSession(db, caller.agent, body.session_id);
    ensureExpirySweep(db);
    // A killed or retired agent gets 200 deny (recorded like any decision), so harnesses stop cleanly.
    const { answer } = await decide(db, caller, body, { source: "api", session: apiSession(caller, body, owned === "new") });
    return json(200, answer);
  },
  // the hot path: one agent may ask thousands of times a second
  { bodyLimit: 64 * 1024, rateLimit: { perSecond: 20_000, burst: 40_000 } },
);

/** A decision names its session: the first one opens it for this agent (so no other agent can take it). */
function apiSession(caller: AgentSnapshotEntry, body: DecisionRequest, opens: boolean): SessionTouch | undefined {
  if (!body.session_id || agentActRefusal(caller.agent, caller.fleetFrozen)) return undefined;
  return { id: body.session_id, agentId: caller.agent.id, agentSlug: caller.agent.slug, initiatedBy: normalizeEmail(body.initiated_by), at: new Date(), opens };
}

/** GET /api/v1/approvals/:id — only the requesting agent's token may read it. */
export const approvalHandler = defineApi(async (req, params) => {
  const db = await getDb();
  const caller = requireAgentCaller(await authenticateMachine(db, req));
  requireAgentMayAct(caller);
  const row = await getApprovalForAgent(db, params.id ?? "", caller.agent.id);
  // The requesting agent reading "approved" is its go-ahead for that one call: the approval
  // is then used, and asking for the same action again opens a new request.
  if (row.status === "approved" && !row.usedAt && (await claimApproval(db, row.id))) row.usedAt = new Date();
  return json(200, approvalView(row));
});

function requirePolicyReader(caller: Awaited<ReturnType<typeof authenticateMachine>>) {
  if (caller.kind !== "integration") throw forbidden("This route takes an integration token.");
  if (!hasScope(caller, "policies:write") && !hasScope(caller, "agents:read"))
    throw forbidden('This token lacks the "policies:write" (or "agents:read") scope.');
  return caller;
}

/** GET /api/v1/policies — the active policy document. */
export const getPolicyHandler = defineApi(async (req) => {
  const db = await getDb();
  requirePolicyReader(await authenticateMachine(db, req));
  const active = await getActivePolicy(db);
  const row = await latestVersion(db);
  return json(200, { policy_version: String(active.version), created_at: row.createdAt.toISOString(), author: row.authorLabel, document: row.document });
});

const putSchema = z.unknown();

/**
 * PUT /api/v1/policies — the whole document (bare, or wrapped as `{document, comment}`);
 * a new version every time. 400 with the faulty rule's path in `details`.
 */
export const putPolicyHandler = defineApi(
  async (req) => {
    const db = await getDb();
    const caller = await authenticateMachine(db, req);
    if (caller.kind !== "integration" || !hasScope(caller, "policies:write")) throw forbidden('This token lacks the "policies:write" scope.');
    const raw = await readJson(req, putSchema);
    const wrapped = raw && typeof raw === "object" && "document" in raw ? (raw as { document: unknown; comment?: unknown }) : null;
    const doc = wrapped ? wrapped.document : raw;
    const comment = wrapped && typeof wrapped.comment === "string" ? wrapped.comment.slice(0, 500) : undefined;
    const v = validatePolicy(doc);
    if (!v.ok) throw badRequest("The policy document is invalid.", v.issues);
    const saved = await savePolicy(db, v.document, { userId: null, label: `token ${caller.tokenPrefix}… (${caller.name})`, kind: "system" }, comment);
    return json(200, { policy_version: String(saved.version), created_at: saved.createdAt.toISOString() });
  },
  { bodyLimit: 2 * 1024 * 1024 },
);
