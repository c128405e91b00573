// Running one planned action of a session through the policy: the decision, an approval
// request when the policy asks (decided, denied, expired, cancelled or still pending), the tool
// result, and the violations the attempt raises.
import { computeRisk } from "@/lib/approvals/risk";
import { describeGroup, eligibility, requestSpec, type ApproverSnapshot } from "@/lib/approvals/eligibility";
import type { AuditInput } from "@/lib/audit/record";
import { evaluate } from "@/lib/policy/evaluate";
import type { EvaluationResult } from "@/lib/policy/types";
import { APPROVAL_TTL, DAY, MIN, SEC, humanAct } from "./constants";
import type { Plans } from "./session-plans";
import type { AgentRec, EventWorld, Planned, SeqRef, SessionState, UserRec } from "./types";

export type Outcome = "allow" | "ask-approved" | "ask-denied" | "ask-expired" | "ask-pending" | "ask-cancelled" | "deny" | "skipped";

const agentSnap = (a: AgentRec, t: number) => ({
  status: (t >= a.activeUntil && a.status !== "active" ? a.status : "active") as "active" | "suspended" | "retired",
  role: a.role,
  kind: a.kind,
  scope: a.scope,
});
const recentViolations = (a: AgentRec, t: number) => a.recentHits.filter((x) => x <= t && x > t - DAY).length;

/** `run` (one action), `gap` (think time) and `retries` (a persistent agent retrying a denied action) for one session. */
export function makeRunner(st: SessionState, w: EventWorld, plans: Plans) {
  const { re, NOW, stream } = w;
  const { users, deciders } = w.people;
  const { policyAt } = w.policy;
  const { a, sch, sid, cwd } = st;
  const { testPath } = plans;
  const hit = (h: Parameters<typeof w.violations.hit>[0]) => w.violations.hit(h);
  // who may decide a request with this spec (named approvers, issue 21): one draw, as before
  const eligibleFor = (initiator: string | null, approvers: ApproverSnapshot | null) =>
    deciders.filter(
      (u) =>
        u.email !== initiator &&
        eligibility(
          { initiatedBy: initiator, initiators: [], approvers, escalatedAt: null, status: "pending" },
          { ...u, teamSlug: u.teamSlug, disabled: false },
        ).ok,
    );
  const deciders2 = (initiator: string | null, approvers: ApproverSnapshot | null) => re.pick(eligibleFor(initiator, approvers));
  /** a second distinct eligible person, drawn from no RNG (the next one in the list) */
  const secondDecider = (first: UserRec, initiator: string | null, approvers: ApproverSnapshot | null) => {
    const opts = eligibleFor(initiator, approvers);
    const i = opts.findIndex((u) => u.email === first.email);
    return [...opts.slice(i + 1), ...opts.slice(0, i)].find((u) => u.email !== first.email) ?? null;
  };
  const toolUseId = () => `toolu_01${re.hex(22)}`;
  const run = (plan: Planned, force?: "pending" | "cancel"): { outcome: Outcome; ref?: SeqRef; result?: EvaluationResult } => {
    const action = plan.action;
    if (st.t > NOW) {
      st.open = true;
      return { outcome: "skipped" };
    }
    let approvalId: string | null = null;
    let decidedAtApproved = 0;
    const result = evaluate({ agent: agentSnap(a, st.t), action, fleetFrozen: false, now: new Date(st.t) }, policyAt(st.t));
    const reportsOnly = !a.hooks && result.decision === "allow" && (action.type === "file.read" || (action.type === "shell.exec" && re.chance(0.7)));
    const tu = toolUseId();
    const base = {
      ...st.common(),
      actionType: action.type,
      tool: action.tool ?? null,
      branch: action.branch ?? null,
      environment: action.environment ?? null,
      resource: action.resource ?? action.endpoint ?? null,
      command: action.command ?? null,
      endpoint: action.endpoint ?? null,
    };
    let ref: SeqRef | undefined;
    if (reportsOnly) {
      st.emit({
        ...base,
        actorKind: "agent",
        type: "tool.pre",
        time: new Date(st.t),
        payload: { tool_name: plan.tool, tool_use_id: tu, tool_input: plan.input },
      });
    } else {
      const decisionId = re.uuid();
      let status: Outcome = result.decision === "allow" ? "allow" : result.decision === "deny" ? "deny" : "ask-approved";
      ref = { seq: 0 };
      if (result.decision === "ask") {
        approvalId = re.uuid();
        const expiresAt = st.t + APPROVAL_TTL;
        if (force === "pending" || expiresAt > NOW) status = "ask-pending";
        else if (force === "cancel" && st.t < a.activeUntil) status = "ask-cancelled";
        else
          status = re.weighted([
            ["ask-approved", 72],
            ["ask-denied", 14],
            ["ask-expired", 14],
          ] as const);
        const risk = computeRisk({ tier: result.tier, action, recentViolations: recentViolations(a, st.t) });
        const spec = requestSpec(policyAt(st.t).approversFor(result.rule_id));
        const decider = deciders2(sch.initiatedBy, spec.approvers);
        const waited = Math.min(APPROVAL_TTL - MIN, re.logNormal(4 * MIN, 0.8));
        const decidedAt =
          status === "ask-approved" || status === "ask-denied"
            ? st.t + waited
            : status === "ask-cancelled"
              ? a.activeUntil
              : status === "ask-expired"
                ? expiresAt
                : null;
        if (status === "ask-approved") decidedAtApproved = decidedAt!;
        const reason =
          status === "ask-approved"
            ? re.pick([
                "Looks fine, scoped to this ticket",
                "Approved: matches the change request",
                "OK for staging",
                "Reviewed the diff, go ahead",
                "Approved during the release window",
              ])
            : status === "ask-denied"
              ? re.pick([
                  "Not during the freeze",
                  "Too broad: ask for the single package instead",
                  "Needs a ticket first",
                  "Wrong environment",
                  "Let a human do this one",
                ])
              : status === "ask-expired"
                ? "Expired without a decision (default deny)"
                : status === "ask-cancelled"
                  ? "Cancelled: agent suspended (kill switch)"
                  : null;
        stream.pendingApprovals.push({
          id: approvalId,
          decisionId,
          agentId: a.id,
          sessionId: sid,
          initiatedBy: sch.initiatedBy,
          actionType: action.type,
          action,
          resource: action.resource ?? action.endpoint ?? null,
          command: action.command ?? null,
          justification: typeof plan.input.description === "string" ? `${st.promptText} — ${plan.input.description}` : st.promptText,
          ruleId: result.rule_id,
          policyVersion: result.policy_version,
          risk,
          status:
            status === "ask-approved"
              ? "approved"
              : status === "ask-denied"
                ? "denied"
                : status === "ask-expired"
                  ? "expired"
                  : status === "ask-cancelled"
                    ? "cancelled"
                    : "pending",
          decidedBy: status === "ask-approved" || status === "ask-denied" ? decider.id : status === "ask-cancelled" ? a.statusChangedBy : null,
          decidedByLabel:
            status === "ask-approved" || status === "ask-denied"
              ? decider.email
              : status === "ask-cancelled"
                ? (users.find((u) => u.id === a.statusChangedBy)?.email ?? null)
                : status === "ask-expired"
                  ? "system"
                  : null,
          decidedAt: decidedAt ? new Date(decidedAt) : null,
          reason,
          expiresAt: new Date(expiresAt),
          createdAt: new Date(st.t),
          ...spec,
        });
        // N of M: the approvals before the deciding one (a pending request gets its first, so the
        // demo has requests at 1 of 2); each is a decision row and an approval.partial event
        const first = spec.approvalsRequired > 1 ? secondDecider(decider, sch.initiatedBy, spec.approvers) : null;
        const partialAt =
          status === "ask-approved" ? st.t + (decidedAt! - st.t) / 2 : status === "ask-pending" ? st.t + Math.min(waited, (NOW - st.t) / 2) : null;
        if (first && partialAt !== null && partialAt <= NOW) {
          stream.pendingApprovalDecisions.push({
            id: decisionRowId(approvalId, "a"),
            approvalId,
            userId: first.id,
            email: first.email,
            decision: "approve",
            reason: "Fine by me; needs a second approver",
            createdAt: new Date(partialAt),
          });
          stream.push({
            ...base,
            ...humanAct(first),
            type: "approval.partial",
            decisionId,
            ruleId: result.rule_id,
            policyVersion: result.policy_version,
            approvalId,
            outcome: "pending",
            time: new Date(partialAt),
            payload: {
              reason: "Fine by me; needs a second approver",
              risk,
              approvals: 1,
              approvals_required: spec.approvalsRequired,
              approved_by: [first.email],
            },
          });
        }
        // a waiting request past its rule's escalation wait has escalated (the sweep would have)
        const esc = spec.approvers?.escalation;
        const escalatedAt = esc && status === "ask-pending" ? st.t + esc.after_seconds * SEC : null;
        if (escalatedAt !== null && escalatedAt <= NOW && escalatedAt < expiresAt) {
          stream.pendingApprovals[stream.pendingApprovals.length - 1].escalatedAt = new Date(escalatedAt);
          stream.push({
            ...base,
            actorKind: "system",
            type: "approval.escalate",
            ruleId: result.rule_id,
            policyVersion: result.policy_version,
            approvalId,
            outcome: "escalated",
            time: new Date(escalatedAt),
            payload: { after_seconds: esc!.after_seconds, escalated_to: describeGroup(esc), waited_ms: escalatedAt - st.t },
          });
        }
        if ((status === "ask-approved" || status === "ask-denied") && decidedAt) {
          stream.pendingApprovalDecisions.push({
            id: decisionRowId(approvalId, "b"),
            approvalId,
            userId: decider.id,
            email: decider.email,
            decision: status === "ask-approved" ? "approve" : "deny",
            reason,
            createdAt: new Date(decidedAt),
          });
        }
        if (decidedAt && decidedAt <= NOW) {
          const approvalEvent: AuditInput =
            status === "ask-approved" || status === "ask-denied"
              ? {
                  ...base,
                  ...humanAct(decider),
                  type: status === "ask-approved" ? "approval.approve" : "approval.deny",
                  decision: status === "ask-approved" ? "allow" : "deny",
                  decisionId,
                  ruleId: result.rule_id,
                  policyVersion: result.policy_version,
                  approvalId,
                  outcome: status === "ask-approved" ? "approved" : "denied",
                  time: new Date(decidedAt),
                  payload: { reason, risk, waited_ms: Math.round(decidedAt - st.t) },
                }
              : status === "ask-expired"
                ? {
                    ...base,
                    actorKind: "system",
                    type: "approval.expire",
                    decision: "deny",
                    approvalId,
                    outcome: "expired",
                    time: new Date(decidedAt),
                    payload: { expires_at: new Date(expiresAt).toISOString() },
                  }
                : {
                    ...base,
                    actorKind: "human",
                    actorUserId: a.statusChangedBy,
                    actorLabel: users.find((u) => u.id === a.statusChangedBy)?.email ?? null,
                    type: "approval.cancel",
                    approvalId,
                    outcome: "cancelled",
                    time: new Date(decidedAt),
                    payload: { reason: "agent suspended (kill switch)" },
                  };
          // human/system acts are not part of the session's own sequence: they go straight to the heap
          stream.push(approvalEvent);
        }
      }
      // the decision is its audit event (emitted below); `decisions` is a view over those
      stream.decisions++;
      st.emit(
        {
          ...base,
          actorKind: "agent",
          type: "decision",
          time: new Date(st.t),
          decision: result.decision,
          decisionId,
          ruleId: result.rule_id,
          policyVersion: result.policy_version,
          approvalId,
          outcome: result.decision === "deny" ? "blocked" : null,
          payload: {
            source: a.hooks ? "hook" : "api",
            reason: result.reason,
            ...(result.dry_run.length ? { dry_run: result.dry_run } : {}),
            ...(a.hooks ? { hook: { event: "PreToolUse", tool_name: plan.tool, tool_use_id: tu, cwd, tool_input: plan.input } } : { tool_input: plan.input }),
          },
        },
        ref,
      );
      if (result.decision === "deny") {
        const at = st.t;
        if (result.basis === "out_of_scope" && result.scope)
          hit({
            kind: "scope_violation",
            severity: /^prod/.test(action.environment ?? "") ? "high" : "medium",
            agent: a,
            agentId: a.id,
            title: `${a.slug} tried to act outside its scope (${result.scope.dimension})`,
            explanation: `${action.type} on ${result.scope.dimension} "${result.scope.value}" was denied: ${result.reason}`,
            at,
            evidence: [ref],
            details: { action, dimension: result.scope.dimension, value: result.scope.value },
          });
        else if (result.basis === "rule" && result.tier === "forbidden")
          hit({
            kind: "forbidden_attempt",
            severity: /^(secret|iam|access|permission)|deploy/.test(action.type) ? "critical" : "high",
            agent: a,
            agentId: a.id,
            title: `${a.slug} attempted a forbidden action (${result.rule_id})`,
            explanation: `${action.type} was denied by rule ${result.rule_id}: ${result.reason}`,
            at,
            evidence: [ref],
            details: { action, rule_id: result.rule_id, policy_version: result.policy_version },
          });
        else if (result.basis === "inactive_agent")
          hit({
            kind: "suspended_agent_activity",
            severity: "high",
            agent: a,
            agentId: a.id,
            title: `Suspended agent ${a.slug} is still acting`,
            explanation: `${action.type} after the kill switch (${new Date(a.activeUntil).toISOString().slice(0, 16)}Z) was denied`,
            at,
            evidence: [ref],
            details: { action, status: a.status },
          });
        return { outcome: "deny", ref, result };
      }
      if (status !== "allow" && status !== "ask-approved") {
        return { outcome: status, ref, result };
      }
      if (status === "ask-approved") st.t = decidedAtApproved + re.int(1, 5) * SEC;
    }
    // the tool runs
    st.t += plan.execMs;
    if (st.t > NOW) {
      st.open = true;
      return { outcome: "allow", ref, result };
    }
    const failed = re.chance(plan.failP);
    const redact = sch.scenario === "redaction" && !st.leaky && action.type === "shell.exec" && !failed && !st.events.some((e) => (e.ev.redactions ?? 0) > 0);
    const pref2 = redact ? { seq: 0 } : undefined;
    const response = redact
      ? {
          stdout: `AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key]\nGITHUB_TOKEN=[REDACTED:github-token]\nNODE_ENV=development`,
          stderr: "",
          interrupted: false,
          isImage: false,
        }
      : failed
        ? {
            stdout: "",
            stderr: action.type === "shell.exec" ? `FAIL ${testPath()}\n  AssertionError: expected 3 to equal 4` : "Error: ENOENT: no such file or directory",
            interrupted: false,
            isImage: false,
          }
        : plan.response;
    st.emit(
      {
        ...base,
        actorKind: "agent",
        type: failed ? "tool.failure" : "tool.post",
        time: new Date(st.t),
        approvalId,
        decision: result.decision === "ask" ? "allow" : null,
        outcome: failed ? "failure" : "success",
        redactions: redact ? 2 : 0,
        payload: {
          hook_event_name: failed ? "PostToolUseFailure" : "PostToolUse",
          tool_name: plan.tool,
          tool_use_id: tu,
          tool_input: plan.input,
          tool_response: response,
          ...(plan.bytesOut ? { bytes_out: plan.bytesOut } : {}),
        },
      },
      pref2,
    );
    if (redact && pref2)
      hit({
        kind: "secret_exposure",
        severity: "high",
        agent: a,
        agentId: a.id,
        title: `Secrets redacted from ${a.slug}'s tool output`,
        explanation: `The output of "${action.command}" contained an AWS access key and a GitHub token; both were redacted before storage`,
        at: st.t,
        evidence: [pref2],
        details: { redactions: ["aws-access-key", "github-token"], tool: plan.tool },
      });
    return { outcome: "allow", ref, result };
  };

  const gap = () => Math.min(10 * MIN, Math.max(2 * SEC, re.logNormal(18 * SEC, 0.9)));
  // a persistent agent retries a denied operation: persistence anomaly
  const retries = (plan: Planned, first: SeqRef | undefined, times: number) => {
    const refs = first ? [first] : [];
    for (let k = 0; k < times && st.events.length < st.budget - 4; k++) {
      st.t += re.int(20, 110) * SEC;
      const r2 = run(plan);
      if (r2.ref) refs.push(r2.ref);
    }
    if (refs.length >= 3)
      hit({
        kind: "persistence_anomaly",
        severity: refs.length >= 6 ? "critical" : "high",
        agent: a,
        agentId: a.id,
        title: `${a.slug} keeps retrying a denied operation`,
        explanation: `${plan.action.type} ${plan.action.command ?? plan.action.resource ?? plan.action.endpoint ?? ""} was denied ${refs.length} times within ${Math.ceil((refs.length * 110) / 60)} minutes`,
        at: st.t,
        evidence: refs,
        details: { action: plan.action, attempts: refs.length },
      });
  };
  return { run, gap, retries };
}

/** A decision row's id drawn from no RNG: the approval's id with its last digit set (a, b). */
function decisionRowId(approvalId: string, k: "a" | "b") {
  return `${approvalId.slice(0, -1)}${approvalId.endsWith(k) ? (k === "a" ? "c" : "d") : k}`;
}
