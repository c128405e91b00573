import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compilePolicy, evaluate, DEFAULT_POLICY, type AgentSnapshot, type PolicyDocumentInput, type Action } from "./index";
import type { ScopeEntry } from "@/lib/registry/scope";

const now = new Date("2026-11-23T10:00:00Z");
const entry = (dimension: ScopeEntry["dimension"], pattern: string): ScopeEntry => ({ dimension, pattern, validFrom: null, validUntil: null });
const SCOPE: ScopeEntry[] = [
  entry("repository", "acme/*"),
  entry("branch", "**"),
  entry("environment", "dev"),
  entry("environment", "staging"),
  entry("environment", "prod"),
  entry("tool", "Bash"),
  entry("tool", "Edit"),
  entry("tool", "Read"),
  entry("path", "**"),
  entry("endpoint", "https://registry.npmjs.org"),
];
const agent = (over: Partial<AgentSnapshot> = {}): AgentSnapshot => ({ status: "active", role: "refactoring", kind: "claude_code", scope: SCOPE, ...over });
const policy = compilePolicy(DEFAULT_POLICY, "1");
const decide = (action: Action, a: AgentSnapshot | null = agent(), fleetFrozen = false) => evaluate({ agent: a, action, fleetFrozen, now }, policy);

describe("evaluate with the default policy", () => {
  it("reads and tests are free", () => {
    expect(decide({ type: "file.read", tool: "Read", resource: "src/a.ts" })).toMatchObject({ decision: "allow", rule_id: "free-read", policy_version: "1" });
    expect(decide({ type: "shell.exec", tool: "Bash", command: "npm test -- --run" })).toMatchObject({ decision: "allow", rule_id: "free-tests-and-checks" });
  });
  it("gates merges to protected branches, migrations, CI config and production", () => {
    expect(decide({ type: "git.merge", repository: "acme/pay", branch: "main" }).decision).toBe("ask");
    expect(decide({ type: "git.push", repository: "acme/pay", branch: "feature/x" })).toMatchObject({ decision: "allow", rule_id: "free-feature-branches" });
    expect(decide({ type: "file.write", tool: "Edit", resource: "db/migrations/0002.sql" })).toMatchObject({ decision: "ask", rule_id: "gate-migrations" });
    expect(decide({ type: "file.write", tool: "Edit", resource: ".github/workflows/ci.yml" })).toMatchObject({ decision: "ask", rule_id: "gate-ci-config" });
    expect(decide({ type: "file.write", tool: "Edit", resource: "infra/main.tf" }).decision).toBe("ask");
    expect(decide({ type: "shell.exec", tool: "Bash", command: "npm run migrate", environment: "staging" })).toMatchObject({
      decision: "ask",
      rule_id: "gate-migration-commands",
    });
  });
  it("forbids secrets, unattended production deploys and access control changes", () => {
    expect(decide({ type: "secret.read" })).toMatchObject({ decision: "deny", rule_id: "forbid-secret-read", tier: "forbidden" });
    expect(decide({ type: "file.read", tool: "Read", resource: "config/.env" })).toMatchObject({ decision: "deny", rule_id: "forbid-secret-files" });
    expect(decide({ type: "deploy", environment: "prod" })).toMatchObject({ decision: "deny", rule_id: "forbid-unattended-prod-deploy" });
    expect(decide({ type: "iam.grant" })).toMatchObject({ decision: "deny", rule_id: "forbid-access-control" });
  });
  it("gates an in-scope action no rule names (allowlist default)", () => {
    expect(decide({ type: "something.new" })).toMatchObject({ decision: "ask", rule_id: null, basis: "default" });
  });
  it("denies unknown, suspended, retired agents and a frozen fleet", () => {
    expect(decide({ type: "file.read" }, null)).toMatchObject({ decision: "deny", basis: "unknown_agent" });
    expect(decide({ type: "file.read" }, agent({ status: "suspended" }))).toMatchObject({ decision: "deny", basis: "inactive_agent" });
    expect(decide({ type: "file.read" }, agent({ status: "retired" })).decision).toBe("deny");
    expect(decide({ type: "file.read" }, agent(), true)).toMatchObject({ decision: "deny", basis: "fleet_frozen" });
  });
  it("denies out-of-scope actions before any rule", () => {
    const r = decide({ type: "file.read", repository: "other/repo" });
    expect(r).toMatchObject({ decision: "deny", basis: "out_of_scope", rule_id: null, scope: { dimension: "repository" } });
    expect(decide({ type: "network.request", endpoint: "https://evil.example.com/x" }).basis).toBe("out_of_scope");
  });
});

describe("rules", () => {
  const doc: PolicyDocumentInput = {
    default_tier: "free",
    rules: [
      { id: "later", tier: "forbidden", priority: 20, match: { tools: ["Bash"] } },
      { id: "dry", tier: "forbidden", mode: "dry_run", priority: 5, match: { action_types: ["shell.*"] } },
      { id: "first", tier: "gated", priority: 10, match: { commands: ["rm -rf *"] } },
      { id: "off", tier: "forbidden", priority: 1, enabled: false, match: {} },
      { id: "role", tier: "forbidden", priority: 2, match: { agent_roles: ["deployment"], branches: ["*", "!main"] } },
    ],
  };
  const p = compilePolicy(doc, "7");
  it("applies priority, skips disabled rules and records dry-run rules met before the deciding one", () => {
    const r = evaluate({ agent: agent(), action: { type: "shell.exec", tool: "Bash", command: "rm -rf /tmp/x" }, fleetFrozen: false, now }, p);
    expect(r).toMatchObject({ decision: "ask", rule_id: "first", dry_run: [{ rule_id: "dry", decision: "deny" }] });
    expect(evaluate({ agent: agent(), action: { type: "shell.exec", tool: "Bash", command: "ls" }, fleetFrozen: false, now }, p).rule_id).toBe("later");
  });
  it("matches agent roles and negated patterns", () => {
    const dep = agent({ role: "deployment" });
    expect(evaluate({ agent: dep, action: { type: "git.push", branch: "feature/a" }, fleetFrozen: false, now }, p).rule_id).toBe("role");
    expect(evaluate({ agent: dep, action: { type: "git.push", branch: "main" }, fleetFrozen: false, now }, p).rule_id).toBeNull();
  });
});

// ---- properties -----------------------------------------------------------------------
const tierArb = fc.constantFrom("free", "gated", "forbidden" as const);
const globArb = fc.constantFrom(
  "*",
  "**",
  "acme/*",
  "other/*",
  "main",
  "feature/*",
  "Bash",
  "Edit",
  "shell.*",
  "file.*",
  "prod",
  "dev",
  "src/**",
  "npm *",
  "!main",
);
const ruleArb = fc.record({
  id: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
  tier: tierArb,
  mode: fc.constantFrom("enforce", "dry_run" as const),
  priority: fc.integer({ min: 0, max: 100 }),
  enabled: fc.boolean(),
  match: fc.record(
    {
      action_types: fc.array(globArb, { maxLength: 2 }),
      tools: fc.array(globArb, { maxLength: 2 }),
      repositories: fc.array(globArb, { maxLength: 2 }),
      branches: fc.array(globArb, { maxLength: 2 }),
      environments: fc.array(globArb, { maxLength: 2 }),
      commands: fc.array(globArb, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
});
const docArb = fc
  .record({ default_tier: tierArb, rules: fc.uniqueArray(ruleArb, { maxLength: 12, selector: (r) => r.id }) })
  .map((d) => d as PolicyDocumentInput);
const actionArb: fc.Arbitrary<Action> = fc.record(
  {
    type: fc.constantFrom("shell.exec", "file.write", "file.read", "git.push", "deploy", "x.y"),
    tool: fc.constantFrom("Bash", "Edit", "Read", "Write"),
    repository: fc.constantFrom("acme/pay", "other/repo", "acme/web"),
    branch: fc.constantFrom("main", "feature/a", "dev"),
    environment: fc.constantFrom("dev", "staging", "prod", "qa"),
    command: fc.constantFrom("npm test", "rm -rf /", "ls"),
    resource: fc.constantFrom("src/a.ts", ".env"),
  },
  { requiredKeys: ["type"] },
);

describe("properties", () => {
  it("no rule set turns an out-of-scope action into allow", () => {
    const narrow = [entry("repository", "acme/pay"), entry("tool", "Read"), entry("environment", "dev")];
    fc.assert(
      fc.property(docArb, actionArb, (doc, action) => {
        const r = evaluate({ agent: agent({ scope: narrow }), action, fleetFrozen: false, now }, compilePolicy(doc, "p"));
        const outside =
          (action.repository != null && action.repository !== "acme/pay") ||
          (action.tool != null && action.tool !== "Read") ||
          (action.environment != null && action.environment !== "dev") ||
          action.branch != null ||
          action.resource != null;
        if (outside) expect(r.decision).toBe("deny");
      }),
      { numRuns: 300 },
    );
  });
  it("a killed or retired agent is always denied", () => {
    fc.assert(
      fc.property(docArb, actionArb, fc.constantFrom("suspended", "retired" as const), (doc, action, status) => {
        expect(evaluate({ agent: agent({ status }), action, fleetFrozen: false, now }, compilePolicy(doc, "p")).decision).toBe("deny");
      }),
      { numRuns: 200 },
    );
  });
  it("dry-run rules never change the decision", () => {
    fc.assert(
      fc.property(docArb, actionArb, (doc, action) => {
        const withoutDry = { ...doc, rules: doc.rules.filter((r) => r.mode !== "dry_run") };
        const a = evaluate({ agent: agent(), action, fleetFrozen: false, now }, compilePolicy(doc, "p"));
        const b = evaluate({ agent: agent(), action, fleetFrozen: false, now }, compilePolicy(withoutDry, "p"));
        expect([a.decision, a.rule_id]).toEqual([b.decision, b.rule_id]);
      }),
      { numRuns: 300 },
    );
  });
});
