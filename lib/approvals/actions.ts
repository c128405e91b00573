"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db";
import { authedAction } from "@/lib/auth/action";
import { personActor } from "@/lib/auth/actor";
import { killAgent } from "@/lib/registry/lifecycle";
import { bulkDeny, decideApproval } from "./queries";
import { bulkDenySchema, decideSchema, killFromQueueSchema } from "./schemas";

/**
 * Approve or deny one request, as this person's decision. Who may decide (segregation of duties,
 * the rule's named approvers, N of M) is enforced in decideApproval (mayDecide's rule, under the
 * request's lock). `status` stays pending until the approvals needed are in.
 */
export const decideApprovalAction = authedAction("approvals:decide", decideSchema, async (input, user) => {
  const row = await decideApproval(await getDb(), input, personActor(user));
  revalidatePath("/approvals");
  return { id: row.id, status: row.status, approvals: row.approvals, approvalsRequired: row.approvalsRequired };
});

export const bulkDenyAction = authedAction("approvals:decide", bulkDenySchema, async (input, user) => {
  const results = await bulkDeny(await getDb(), input.ids, input.reason, personActor(user));
  revalidatePath("/approvals");
  return { denied: results.filter((r) => r.ok).length, skipped: results.filter((r) => !r.ok) };
});

/** The kill switch for the requesting agent, from the queue (the registry's killAgent). */
export const killAgentFromQueueAction = authedAction("agents:kill", killFromQueueSchema, async (input, user) => {
  const r = await killAgent(await getDb(), input.agentId, input.reason, personActor(user));
  revalidatePath("/approvals");
  return { agent: r.agent.slug, cancelledApprovals: r.cancelledApprovals };
});
