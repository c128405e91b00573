import type { DerivedAction } from "@/lib/shell/types";
import type { CompiledPolicy } from "./compile";
import { deriveActions, type DeriveContext } from "./derive";
import { evaluate } from "./evaluate";
import type { EvaluationInput, EvaluationResult, Tier } from "./types";

/** One derived action and what the policy decided for it. */
export interface ActionVerdict {
  action: DerivedAction | EvaluationInput["action"];
  decision: EvaluationResult["decision"];
  tier: Tier | null;
  basis: EvaluationResult["basis"] | "unsure";
  rule_id: string | null;
  reason: string;
}

export interface ToolCallResult extends EvaluationResult {
  /** every action the tool call was broken into, with its own verdict */
  actions: ActionVerdict[];
  /** index into `actions` of the one that decided, null when the agent itself was refused */
  decided_by: number | null;
  /** why the input could not be analysed with confidence, or null */
  unanalysable: string | null;
}

/** forbidden > outside scope > gated > free (issue 14): higher wins, the first of equals. */
function rank(r: EvaluationResult): number {
  if (r.decision === "deny") return r.basis === "out_of_scope" ? 3 : 4;
  return r.decision === "ask" ? 2 : 1;
}

const GATED_UNSURE = "Gated (needs a human approval): it cannot be analysed with confidence";

/**
 * One decision for one tool call made of several actions: each action is evaluated on its own
 * (scope, then rules), the most restrictive decides, and the reason names the sub-command.
 * Anything the analyser was unsure of is never free: a free verdict on an unsure action, or on
 * any action of an input that could not be analysed, becomes gated.
 */
export function evaluateToolCall(
  input: Omit<EvaluationInput, "action">,
  actions: (DerivedAction | EvaluationInput["action"])[],
  policy: CompiledPolicy,
  unanalysable: string | null = null,
): ToolCallResult {
  const results = actions.map((action) => ({ action, r: evaluate({ ...input, action }, policy) }));
  const first = results[0]?.r;
  if (!first || first.basis === "unknown_agent" || first.basis === "inactive_agent" || first.basis === "fleet_frozen") {
    const r = first ?? evaluate({ ...input, action: { type: "unknown" } }, policy);
    return { ...r, actions: [], decided_by: null, unanalysable };
  }
  const verdicts: ActionVerdict[] = [];
  let best = -1;
  let bestRank = 0;
  let bestResult: EvaluationResult = first;
  const dryRun: EvaluationResult["dry_run"] = [];
  results.forEach(({ action, r }, i) => {
    let res = r;
    const why = ("unsure" in action && action.unsure) || unanalysable;
    if (why && res.decision === "allow") {
      res = { ...r, decision: "ask", tier: "gated", basis: "default", reason: `${GATED_UNSURE} (${why}).` };
    }
    dryRun.push(...res.dry_run);
    verdicts.push({ action, decision: res.decision, tier: res.tier, basis: why && res !== r ? "unsure" : res.basis, rule_id: res.rule_id, reason: res.reason });
    const k = rank(res);
    if (k > bestRank) {
      best = i;
      bestRank = k;
      bestResult = res;
    }
  });
  const decider = actions[best];
  const source = "source" in decider && decider.source ? decider.source : null;
  const many = actions.length > 1;
  return {
    ...bestResult,
    reason: source && many ? `\`${source}\`: ${bestResult.reason}` : bestResult.reason,
    dry_run: dryRun,
    actions: verdicts,
    decided_by: best,
    unanalysable,
  };
}

/**
 * The decision for one tool call as the agent sent it: derive its actions (a shell line's
 * simple commands, every file of a patch), then decide them together. Needs the shell parser
 * loaded (`loadShellParser`); without it every shell line is unanalysable, so gated.
 */
export function evaluateAction(input: EvaluationInput, policy: CompiledPolicy, ctx: DeriveContext = {}): ToolCallResult {
  const { actions, unanalysable } = deriveActions(input.action, ctx);
  return evaluateToolCall(input, actions, policy, unanalysable);
}
