import { checkScope } from "@/lib/registry/scope";
import type { CompiledPolicy } from "./compile";
import { normaliseAction } from "./normalise";
import { TIER_DECISION, type EvaluationInput, type EvaluationResult } from "./types";

/**
 * The decision, in the order of the design: unknown or non-active agent → deny; fleet frozen →
 * deny; outside the scope allowlist → deny (named by a matching forbidden rule if any); first enabled enforce rule by priority that
 * matches; otherwise the default tier. Dry-run rules met before the deciding rule are
 * recorded with what they would have decided, and never decide.
 */
export function evaluate(input: EvaluationInput, policy: CompiledPolicy): EvaluationResult {
  const base = { policy_version: policy.version, dry_run: [] as EvaluationResult["dry_run"] };
  const { agent } = input;
  const action = normaliseAction(input.action);
  if (!agent) return { ...base, decision: "deny", reason: "Unknown agent.", rule_id: null, tier: null, basis: "unknown_agent" };
  if (agent.status !== "active") {
    const reason = agent.status === "suspended" ? "The agent is suspended (kill switch)." : "The agent is retired.";
    return { ...base, decision: "deny", reason, rule_id: null, tier: null, basis: "inactive_agent" };
  }
  if (input.fleetFrozen)
    return { ...base, decision: "deny", reason: "The whole fleet is frozen (kill switch).", rule_id: null, tier: null, basis: "fleet_frozen" };
  const scope = checkScope(agent.scope, action, input.now);
  if (!scope.allowed) {
    // forbidden > outside scope (issue 14): a forbidden rule that matches names the attempt for
    // what it is (reading ~/.aws/credentials is a secret read, not just a path off the list).
    const forbidden = policy.rulesFor(action.type).find((r) => r.tier === "forbidden" && !r.dryRun && r.test(action, agent));
    if (forbidden)
      return {
        ...base,
        decision: "deny",
        reason: `${TIER_LABEL.forbidden} by rule ${forbidden.id}${forbidden.description ? `: ${forbidden.description}` : ""}`,
        rule_id: forbidden.id,
        tier: "forbidden",
        basis: "rule",
      };
    return {
      ...base,
      decision: "deny",
      reason: `Outside the agent's scope: ${scope.reason}`,
      rule_id: null,
      tier: null,
      basis: "out_of_scope",
      scope: { dimension: String(scope.dimension), value: String(scope.value) },
    };
  }
  const dryRun: EvaluationResult["dry_run"] = [];
  for (const rule of policy.rulesFor(action.type)) {
    if (!rule.test(action, agent)) continue;
    if (rule.dryRun) {
      dryRun.push({ rule_id: rule.id, decision: rule.decision });
      continue;
    }
    const what = rule.description ? `: ${rule.description}` : "";
    return {
      ...base,
      dry_run: dryRun,
      decision: rule.decision,
      reason: `${TIER_LABEL[rule.tier]} by rule ${rule.id}${what}`,
      rule_id: rule.id,
      tier: rule.tier,
      basis: "rule",
    };
  }
  const tier = policy.defaultTier;
  return {
    ...base,
    dry_run: dryRun,
    decision: TIER_DECISION[tier],
    reason: `No rule matched; the default tier is ${tier}.`,
    rule_id: null,
    tier,
    basis: "default",
  };
}

const TIER_LABEL = { free: "Free", gated: "Gated (needs a human approval)", forbidden: "Forbidden" } as const;
