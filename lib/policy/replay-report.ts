// The report of a policy replay: recorded decisions decided again under the active policy and
// under a draft, and what would change. Pure (no DB): lib/policy/replay.ts feeds it.
import type { DecisionValue } from "./types";

/** One recorded decision, decided again under both policies. */
export interface ReplayOutcome {
  decisionId: string;
  agentSlug: string;
  at: Date;
  /** a one-line description of the action (command, resource or endpoint) */
  summary: string;
  actionType: string;
  /** what was recorded at the time (for reference: scopes and policies may have moved since) */
  recorded: DecisionValue;
  before: { decision: DecisionValue; ruleId: string | null };
  after: { decision: DecisionValue; ruleId: string | null };
}

export type TransitionKey = `${DecisionValue}>${DecisionValue}`;

export interface ReplayExample {
  decisionId: string;
  agentSlug: string;
  at: string;
  summary: string;
  actionType: string;
  recorded: DecisionValue;
  from: DecisionValue;
  to: DecisionValue;
  ruleBefore: string | null;
  ruleAfter: string | null;
}

export interface ReplayGroup {
  key: string;
  changed: number;
  transitions: Partial<Record<TransitionKey, number>>;
}

export interface ReplayReport {
  window: { from: string; to: string; days: number };
  /** recorded decisions read (newest first, up to the cap) */
  scanned: number;
  /** the cap stopped the scan before the start of the window */
  truncated: boolean;
  /** decisions whose agent no longer exists (not replayed) */
  skipped: number;
  /** decisions whose outcome differs between the active policy and the draft */
  changed: number;
  /** same outcome, but another rule decides it */
  ruleOnly: number;
  transitions: { from: DecisionValue; to: DecisionValue; count: number }[];
  /** by the rule that decides under the draft (a "(default)" key when no rule does) */
  byRule: ReplayGroup[];
  byAgent: ReplayGroup[];
  examples: ReplayExample[];
}

export const DEFAULT_RULE_KEY = "(no rule: default tier or scope)";
const EXAMPLES_PER_TRANSITION = 5;
const MAX_EXAMPLES = 20;
const MAX_GROUPS = 50;
// most permissive first, so "allow>ask" reads before "ask>deny"
const ORDER: DecisionValue[] = ["allow", "ask", "deny"];

/** Folds the outcomes (newest first) into the report. */
export function buildReplayReport(
  outcomes: Iterable<ReplayOutcome>,
  meta: { from: Date; to: Date; days: number; truncated: boolean; skipped: number },
): ReplayReport {
  let scanned = meta.skipped;
  let changed = 0;
  let ruleOnly = 0;
  const transitions = new Map<TransitionKey, number>();
  const byRule = new Map<string, ReplayGroup>();
  const byAgent = new Map<string, ReplayGroup>();
  const perTransition = new Map<TransitionKey, number>();
  const examples: ReplayExample[] = [];
  const bump = (groups: Map<string, ReplayGroup>, key: string, t: TransitionKey) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, changed: 0, transitions: {} }));
    g.changed++;
    g.transitions[t] = (g.transitions[t] ?? 0) + 1;
  };
  for (const o of outcomes) {
    scanned++;
    if (o.before.decision === o.after.decision) {
      if (o.before.ruleId !== o.after.ruleId) ruleOnly++;
      continue;
    }
    changed++;
    const t: TransitionKey = `${o.before.decision}>${o.after.decision}`;
    transitions.set(t, (transitions.get(t) ?? 0) + 1);
    // by the rule that decides under the draft: the one a reviewer has to look at
    bump(byRule, o.after.ruleId ?? DEFAULT_RULE_KEY, t);
    bump(byAgent, o.agentSlug, t);
    const shown = perTransition.get(t) ?? 0;
    if (shown < EXAMPLES_PER_TRANSITION && examples.length < MAX_EXAMPLES) {
      perTransition.set(t, shown + 1);
      examples.push({
        decisionId: o.decisionId,
        agentSlug: o.agentSlug,
        at: o.at.toISOString(),
        summary: o.summary,
        actionType: o.actionType,
        recorded: o.recorded,
        from: o.before.decision,
        to: o.after.decision,
        ruleBefore: o.before.ruleId,
        ruleAfter: o.after.ruleId,
      });
    }
  }
  const rank = (d: DecisionValue) => ORDER.indexOf(d);
  const groups = (m: Map<string, ReplayGroup>) =>
    [...m.values()].sort((a, b) => b.changed - a.changed || a.key.localeCompare(b.key, "en", { numeric: true })).slice(0, MAX_GROUPS);
  return {
    window: { from: meta.from.toISOString(), to: meta.to.toISOString(), days: meta.days },
    scanned,
    truncated: meta.truncated,
    skipped: meta.skipped,
    changed,
    ruleOnly,
    transitions: [...transitions.entries()]
      .map(([k, count]) => {
        const [from, to] = k.split(">") as [DecisionValue, DecisionValue];
        return { from, to, count };
      })
      .sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to)),
    byRule: groups(byRule),
    byAgent: groups(byAgent),
    examples,
  };
}

/** "allow", "gated", "deny": how the UI names the three decisions. */
export const DECISION_LABEL: Record<DecisionValue, string> = { allow: "allow", ask: "gated", deny: "deny" };
