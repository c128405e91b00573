// The approvals' machine route (API.md "Approvals"): the requesting agent polls its request.
import { getDb } from "@/lib/db";
import { defineApi, json } from "@/lib/http/api";
import { authenticateMachine, requireAgentCaller, requireAgentMayAct } from "@/lib/auth/machine";
import { approvalView, getApprovalForAgent } from "./queries";
import { claimApproval } from "./reuse";

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
