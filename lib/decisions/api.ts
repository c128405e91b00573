import { getDb } from "@/lib/db";
import { defineApi, json, readJson } from "@/lib/http/api";
import { agentActRefusal, authenticateAgentCached, type AgentSnapshotEntry } from "@/lib/auth/machine";
import { ensureExpirySweep } from "@/lib/approvals/queries";
import { decisionRequestSchema, type DecisionRequest } from "./schemas";
import { decide } from "./service";
import { requireOwnSession } from "./session-owner";
import { normalizeEmail } from "@/lib/approvals/initiators";
import type { SessionTouch } from "./writer";

// The decision route's handler; the approval read is in lib/approvals/api.ts, the policy
// routes in lib/policy/api.ts.

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
