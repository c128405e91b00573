import { migratePolicyDocument } from "./migrate";
import { pathGlob, patternList, wildcard, type Matcher } from "./glob";
import {
  MATCH_FIELDS,
  policyDocumentSchema,
  type ApproverSpec,
  TIER_DECISION,
  type Action,
  type AgentSnapshot,
  type DecisionValue,
  type PolicyDocument,
  type PolicyRule,
  type RuleMatch,
  type Tier,
} from "./types";

type Field = keyof RuleMatch;

// Which action/agent value each match field reads, and which glob flavour it uses.
const FIELD_VALUE: Record<Field, (a: Action, agent: AgentSnapshot) => string | null | undefined> = {
  action_types: (a) => a.type,
  tools: (a) => a.tool,
  repositories: (a) => a.repository,
  branches: (a) => a.branch,
  environments: (a) => a.environment,
  resources: (a) => a.resource,
  commands: (a) => a.command?.trim(),
  endpoints: (a) => a.endpoint,
  agent_roles: (_a, g) => g.role,
  agent_kinds: (_a, g) => g.kind,
};
const PATH_FIELDS = new Set<Field>(["repositories", "branches", "resources"]);
// Fields whose domain is case-insensitive (the values arrive lower-cased by normaliseAction).
const NOCASE_FIELDS = new Set<Field>(["action_types", "environments", "endpoints"]);
const matcherFor = (f: Field) => (PATH_FIELDS.has(f) ? pathGlob : NOCASE_FIELDS.has(f) ? (p: string) => wildcard(p, true) : (p: string) => wildcard(p));

export interface CompiledRule {
  id: string;
  tier: Tier;
  decision: DecisionValue;
  dryRun: boolean;
  priority: number;
  order: number;
  description?: string;
  /** Matches the action type (checked once per type when the candidate list is built). */
  typeMatches(actionType: string): boolean;
  /** Every other condition of the rule. */
  test(action: Action, agent: AgentSnapshot): boolean;
}

export interface CompiledPolicy {
  version: string;
  document: PolicyDocument;
  defaultTier: Tier;
  approvalTtlSeconds?: number;
  /** Enabled rules in evaluation order for one action type (cached). */
  rulesFor(actionType: string): CompiledRule[];
  ruleCount: number;
  /** what loading migrated (an older format), empty when nothing */
  migration: string[];
  /** who approves what the rule asks for; undefined = anyone who may decide approvals, 1 of 1 */
  approversFor(ruleId: string | null | undefined): ApproverSpec | undefined;
}

function compileRule(rule: PolicyRule, order: number): CompiledRule {
  const checks: { read: (a: Action, g: AgentSnapshot) => string | null | undefined; m: Matcher }[] = [];
  for (const f of MATCH_FIELDS) {
    const list = rule.match[f];
    if (f === "action_types" || !list || list.length === 0) continue;
    checks.push({ read: FIELD_VALUE[f], m: patternList(list, matcherFor(f)) });
  }
  const types = rule.match.action_types;
  const typeMatcher = types && types.length ? patternList(types, matcherFor("action_types")) : () => true;
  return {
    id: rule.id,
    tier: rule.tier,
    decision: TIER_DECISION[rule.tier],
    dryRun: rule.mode === "dry_run",
    priority: rule.priority,
    order,
    description: rule.description,
    typeMatches: typeMatcher,
    // A rule naming a field does not match an action that lacks that field: presence is
    // checked for every field first (cheap), the globs after.
    test: (a, g) => {
      for (const c of checks) {
        const v = c.read(a, g);
        if (v == null || v === "") return false;
      }
      for (const c of checks) if (!c.m(c.read(a, g) as string)) return false;
      return true;
    },
  };
}

const byPriority = (a: CompiledRule, b: CompiledRule) => a.priority - b.priority || a.order - b.order;

/**
 * Compiles a validated document once per policy version: globs become matchers and rules are
 * indexed by literal action type, so an evaluation only visits the rules that can match.
 */
export function compilePolicy(input: PolicyDocument | unknown, version: string): CompiledPolicy {
  const migrated = migratePolicyDocument(input);
  const document = policyDocumentSchema.parse(migrated.document);
  const exact = new Map<string, CompiledRule[]>();
  const generic: CompiledRule[] = [];
  document.rules.forEach((r, i) => {
    if (!r.enabled) return;
    const c = compileRule(r, i);
    const types = r.match.action_types;
    const literal = types && types.length > 0 && types.every((t) => !/[*?!]/.test(t));
    if (literal) for (const t of new Set(types.map((x) => x.trim().toLowerCase()))) (exact.get(t) ?? exact.set(t, []).get(t)!).push(c);
    else generic.push(c);
  });
  generic.sort(byPriority);
  const cache = new Map<string, CompiledRule[]>();
  const approvers = new Map(document.rules.flatMap((r) => (r.approvers ? [[r.id, r.approvers] as const] : [])));
  return {
    version,
    document,
    defaultTier: document.default_tier,
    approvalTtlSeconds: document.approval_ttl_seconds,
    ruleCount: document.rules.length,
    migration: migrated.changes,
    approversFor: (ruleId) => (ruleId ? approvers.get(ruleId) : undefined),
    rulesFor(type) {
      let list = cache.get(type);
      if (!list) {
        // Candidates for this type, filtered by their action_types once, in evaluation order.
        const own = exact.get(type) ?? [];
        list = [...own, ...generic.filter((r) => r.typeMatches(type))].sort(byPriority);
        // Unknown dotted types are open-ended: keep the cache bounded.
        if (cache.size < 10_000) cache.set(type, list);
      }
      return list;
    },
  };
}
