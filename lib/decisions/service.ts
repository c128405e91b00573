import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { evaluateAction, type ToolCallResult } from "@/lib/policy/combine";
import { cutOversized, oversizedReason } from "./oversized";
import type { DeriveContext } from "@/lib/policy/derive";
import { loadShellParser } from "@/lib/shell/parser";
import { getActivePolicy } from "@/lib/policy/store";
import type { Action, EvaluationResult } from "@/lib/policy/types";
import { computeRisk } from "@/lib/approvals/risk";
import { actionKey, approvedReason, claimApproval, findReusableApproval } from "@/lib/approvals/reuse";
import { addInitiator } from "@/lib/approvals/queries";
import { normalizeEmail } from "@/lib/approvals/initiators";
import { requestSpec } from "@/lib/approvals/eligibility";
import type { AgentSnapshotEntry } from "./agent-cache";
import type { DecisionAnswer, DecisionRequest } from "./schemas";
import { writerFor, type SessionTouch, type WriteItem } from "./writer";
import { SessionTaken, sessionNotOwned } from "./session-owner";
import type { ViolationInput } from "./violations";

export const NOT_RECORDED_REASON = "The decision could not be recorded, so it is denied (fail closed).";

export interface DecideOptions {
  source: "api" | "hook";
  /** extra audit payload (the hook's tool input, …) */
  payload?: Record<string, unknown>;
  session?: SessionTouch;
  /** what the tool call's actions are derived with (the hook's cwd, every file of a patch) */
  context?: DeriveContext;
  /** Narrows the policy's result before it is recorded (hooks: the missing-repository rule). */
  adjust?: (result: ToolCallResult, action: Action) => ToolCallResult;
}

export interface DecideOutcome {
  answer: DecisionAnswer;
  result: ToolCallResult;
  recorded: boolean;
}

function clean(a: DecisionRequest["action"]): Action {
  const out: Action = { type: a.type };
  for (const k of ["tool", "repository", "branch", "environment", "resource", "command", "endpoint"] as const) {
    const v = a[k];
    if (typeof v === "string" && v.length) out[k] = v;
  }
  return out;
}

/**
 * The decision: evaluate the active policy for this agent and action, record the decision
 * (its audit event: the `decisions` view reads those), the approval request (ask) and any
 * violation in one group commit, and
 * only then answer. If recording fails the answer is deny: never allow what was not recorded.
 */
export async function decide(db: Db, caller: AgentSnapshotEntry, req: DecisionRequest, opts: DecideOptions): Promise<DecideOutcome> {
  const now = new Date();
  // H16 (issue 16): fields too long to check in budget are cut to their head; the answer is deny
  const { action, cut } = cutOversized(clean(req.action));
  // one form for every stored initiator: segregation of duties compares them (lib/approvals/initiators)
  req = { ...req, initiated_by: normalizeEmail(req.initiated_by) };
  const active = await getActivePolicy(db);
  const { agent } = caller;
  // Loaded once per process; if it cannot load, shell lines are unanalysable and so never free.
  await loadShellParser().catch(() => undefined);
  const evaluated = evaluateAction(
    { agent: { status: agent.status, role: agent.role, kind: agent.kind, scope: caller.scope }, action, fleetFrozen: caller.fleetFrozen, now },
    active.compiled,
    opts.context,
  );
  const adjusted = opts.adjust ? opts.adjust(evaluated, action) : evaluated;
  const result: ToolCallResult = cut.length ? { ...adjusted, decision: "deny", reason: oversizedReason(cut) } : adjusted;
  const decisionId = randomUUID();
  const answer: DecisionAnswer = {
    decision: result.decision,
    decision_id: decisionId,
    reason: result.reason,
    rule_id: result.rule_id,
    policy_version: result.policy_version,
  };
  const item: WriteItem = { audit: [] };
  let approvalId: string | null = null;
  let reused: "pending" | "approved" | undefined;
  if (result.decision === "ask") {
    const key = actionKey(action);
    const prior = await findReusableApproval(db, agent.id, key, active.approvalTtlSeconds, now).catch(() => undefined);
    // An approval never covers a call its own approver initiated (segregation of duties).
    const selfApproved = prior?.status === "approved" && !!req.initiated_by && normalizeEmail(prior.decidedByLabel) === req.initiated_by;
    if (prior?.status === "approved" && !selfApproved && (await claimApproval(db, prior.id).catch(() => false))) {
      // Approved after an earlier call gave up waiting: this identical call runs under it, once.
      reused = "approved";
      approvalId = prior.id;
      answer.decision = "allow";
      answer.reason = approvedReason(prior.id, prior.decidedByLabel, prior.reason);
      answer.approval_id = prior.id;
    } else if (prior?.status === "pending" && (await addInitiator(db, prior.id, req.initiated_by).catch(() => false))) {
      // The same request is already waiting in the queue: no second one. Its initiators now
      // include this call's person, so they cannot approve it (a failed merge opens a new one).
      reused = "pending";
      approvalId = prior.id;
      answer.approval_id = prior.id;
      answer.expires_at = prior.expiresAt.toISOString();
    } else {
      approvalId = randomUUID();
      const expiresAt = new Date(now.getTime() + active.approvalTtlSeconds * 1000);
      answer.approval_id = approvalId;
      answer.expires_at = expiresAt.toISOString();
      item.approval = {
        id: approvalId,
        decisionId,
        agentId: agent.id,
        sessionId: req.session_id ?? null,
        initiatedBy: req.initiated_by ?? null,
        initiators: req.initiated_by ? [req.initiated_by] : [],
        actionType: action.type,
        action,
        resource: action.resource ?? action.endpoint ?? null,
        command: action.command ?? null,
        justification: req.justification ?? null,
        ruleId: result.rule_id,
        policyVersion: result.policy_version,
        risk: computeRisk({ tier: result.tier, action, recentViolations: caller.recentViolations }),
        expiresAt,
        createdAt: now,
        actionKey: key,
        // who approves and how many (the rule's approvers, recorded with the request)
        ...requestSpec(active.compiled.approversFor(result.rule_id)),
      };
    }
  }
  item.audit.push({
    actorKind: "agent",
    type: "decision",
    time: now,
    agentId: agent.id,
    agentSlug: agent.slug,
    initiatedBy: req.initiated_by ?? null,
    sessionId: req.session_id ?? null,
    actionType: action.type,
    tool: action.tool ?? null,
    repository: action.repository ?? null,
    branch: action.branch ?? null,
    environment: action.environment ?? null,
    resource: action.resource ?? action.endpoint ?? null,
    command: action.command ?? null,
    endpoint: action.endpoint ?? null,
    decision: answer.decision,
    decisionId,
    ruleId: result.rule_id,
    policyVersion: result.policy_version,
    approvalId,
    outcome: answer.decision === "deny" ? "blocked" : null,
    payload: {
      source: opts.source,
      reason: answer.reason,
      ...(reused ? { approval_reused: reused } : {}),
      ...(result.dry_run.length ? { dry_run: result.dry_run } : {}),
      // every action the call was broken into, and the one that decided
      ...(result.actions.length ? { actions: auditActions(result), decided_by: result.decided_by } : {}),
      ...(result.unanalysable ? { unanalysable: result.unanalysable } : {}),
      ...(req.justification ? { justification: req.justification } : {}),
      ...(action.endpoint && action.resource ? { endpoint: action.endpoint } : {}),
      ...opts.payload,
    },
  });
  const decider = result.decided_by !== null ? result.actions[result.decided_by]?.action : undefined;
  const violation = violationFor(result, caller, decider ? { ...stripDerived(decider), command: decider.command ?? action.command } : action);
  if (violation) item.violation = { ...violation, evidence: 0, at: now };
  if (opts.session) item.session = opts.session;
  try {
    await writerFor(db).write(item);
    return { answer, result, recorded: true };
  } catch (err) {
    // Another agent opened this call's new session first (a race the route's check could not
    // see): refused as any foreign session is, nothing was written.
    if (err instanceof SessionTaken) throw sessionNotOwned();
    // First line only: the driver's message goes on to list the parameters.
    console.error("[gatehouse] decision not recorded:", (err instanceof Error ? err.message : String(err)).split("\n")[0]);
    const denied: DecisionAnswer = {
      decision: "deny",
      decision_id: decisionId,
      reason: NOT_RECORDED_REASON,
      rule_id: result.rule_id,
      policy_version: result.policy_version,
    };
    return { answer: denied, result, recorded: false };
  }
}

const stripDerived = (a: Action & { source?: string; unsure?: string; upload?: boolean; force?: boolean }): Action => {
  const { source: _s, unsure: _u, upload: _p, force: _f, ...rest } = a;
  return rest;
};

/** The derived actions for the audit payload: fields that are set, and each verdict. */
function auditActions(r: ToolCallResult) {
  return r.actions.slice(0, 100).map((v) => {
    const a: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v.action))
      if (val !== undefined && val !== null && val !== "") a[k] = typeof val === "string" && val.length > 500 ? val.slice(0, 500) + "…" : val;
    return { ...a, decision: v.decision, rule_id: v.rule_id, basis: v.basis };
  });
}

function violationFor(result: EvaluationResult, caller: AgentSnapshotEntry, action: Action): ViolationInput | undefined {
  const { agent } = caller;
  if (result.basis === "out_of_scope" && result.scope) {
    return {
      kind: "scope_violation",
      severity: "high",
      agentId: agent.id,
      agentSlug: agent.slug,
      title: `${agent.slug} tried to act outside its scope (${result.scope.dimension})`,
      explanation: `${action.type} on ${result.scope.dimension} "${result.scope.value}" was denied: ${result.reason}`,
      group: result.scope.dimension,
      details: { action, dimension: result.scope.dimension, value: result.scope.value },
    };
  }
  if (result.basis === "rule" && result.tier === "forbidden") {
    return {
      kind: "forbidden_attempt",
      severity: /^(secret|iam|access|permission)|deploy/.test(action.type) ? "critical" : "high",
      agentId: agent.id,
      agentSlug: agent.slug,
      title: `${agent.slug} attempted a forbidden action (${result.rule_id})`,
      explanation: `${action.type} was denied by rule ${result.rule_id}: ${result.reason}`,
      group: result.rule_id ?? "forbidden",
      details: { action, rule_id: result.rule_id, policy_version: result.policy_version },
    };
  }
  return undefined;
}
