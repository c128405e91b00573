import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entriesFromLists } from "@/lib/registry/scope";
import { compilePolicy, evaluate, type Action, type AgentSnapshot, type PolicyRule } from "./index";

/**
 * The engine agrees with a naive reference evaluator — every enabled enforce rule sorted by
 * priority (then file order), the first that matches decides, else the default tier — on
 * generated policies and actions. The reference matches with its own tiny matchers for the
 * few patterns generated, so it shares nothing with the engine but the rule data.
 */
const TYPES = ["file.read", "file.write", "git.push", "deploy"];
const TYPE_PATTERNS = ["file.read", "file.write", "git.push", "deploy", "file.*", "*"];
const BRANCHES = ["main", "feat/a", "feat/b/c", "release"];
const BRANCH_PATTERNS = ["main", "feat/*", "**"];
const RESOURCES = ["src/a.ts", ".env", "config/prod.env", "docs/x.md"];
const RESOURCE_PATTERNS = ["src/**", "*.env", "**"];

const refMatch: Record<string, (v: string) => boolean> = {
  "*": () => true,
  "**": () => true,
  "file.*": (v) => v.startsWith("file."),
  "feat/*": (v) => v.startsWith("feat/") && !v.slice(5).includes("/"),
  "src/**": (v) => v.startsWith("src/"),
  "*.env": (v) => v.slice(v.lastIndexOf("/") + 1).endsWith(".env"),
};
const matches = (p: string, v: string) => (refMatch[p] ? refMatch[p](v) : p === v);
const field = (list: string[] | undefined, v: string | null | undefined) => !list || (v != null && v !== "" && list.some((p) => matches(p, v)));

function reference(rules: PolicyRule[], defaultTier: "free" | "gated" | "forbidden", a: Action) {
  const sorted = rules
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.enabled && r.mode === "enforce")
    .sort((x, y) => x.r.priority - y.r.priority || x.i - y.i);
  for (const { r } of sorted) {
    if (field(r.match.action_types, a.type) && field(r.match.branches, a.branch) && field(r.match.resources, a.resource)) return { tier: r.tier, rule: r.id };
  }
  return { tier: defaultTier, rule: null };
}

const agent: AgentSnapshot = { status: "active", role: "r", kind: "k", scope: entriesFromLists({ branches: ["**"], paths: ["**"], environments: ["**"] }) };
const sub = <T>(xs: T[]) => fc.option(fc.subarray(xs, { minLength: 1, maxLength: 2 }), { nil: undefined });

const ruleArb = fc.record({
  tier: fc.constantFrom("free", "gated", "forbidden" as const),
  priority: fc.integer({ min: 0, max: 8 }), // few values: ties are common
  enabled: fc.boolean(),
  mode: fc.constantFrom("enforce", "enforce", "dry_run" as const),
  action_types: sub(TYPE_PATTERNS),
  branches: sub(BRANCH_PATTERNS),
  resources: sub(RESOURCE_PATTERNS),
});
const actionArb = fc.record({
  type: fc.constantFrom(...TYPES),
  branch: fc.option(fc.constantFrom(...BRANCHES), { nil: undefined }),
  resource: fc.option(fc.constantFrom(...RESOURCES), { nil: undefined }),
});

describe("engine = naive reference evaluator", () => {
  it("agrees on generated policies and actions", { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 12 }),
        fc.constantFrom("free", "gated", "forbidden" as const),
        fc.array(actionArb, { minLength: 1, maxLength: 6 }),
        (raw, defaultTier, actions) => {
          const rules: PolicyRule[] = raw.map((r, i) => ({
            id: `r${i}`,
            tier: r.tier,
            priority: r.priority,
            enabled: r.enabled,
            mode: r.mode,
            match: {
              ...(r.action_types && { action_types: r.action_types }),
              ...(r.branches && { branches: r.branches }),
              ...(r.resources && { resources: r.resources }),
            },
          }));
          const policy = compilePolicy({ format: 2, default_tier: defaultTier, rules }, "p");
          for (const a of actions) {
            const got = evaluate({ agent, action: a, fleetFrozen: false, now: new Date() }, policy);
            const want = reference(rules, defaultTier, a);
            expect([got.tier, got.rule_id], JSON.stringify({ a, rules })).toEqual([want.tier, want.rule]);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
