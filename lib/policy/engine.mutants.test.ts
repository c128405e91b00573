import { describe, expect, it } from "vitest";
import { entriesFromLists } from "@/lib/registry/scope";
import { compilePolicy } from "./compile";
import { evaluate } from "./evaluate";
import { MAX_GLOB_PATH, pathGlob, patternList, wildcard, wildcardMatch } from "./glob";
import { migratePolicyDocument } from "./migrate";
import { normaliseAction, normaliseBranch, normaliseResource } from "./normalise";
import type { Action, AgentSnapshot, PolicyDocumentInput } from "./types";
import { describeIssues, formatPath, parsePolicyYaml, validatePolicy } from "./yaml";

// Edges of the policy engine that the scenario and property tests reach only by chance: each
// test fails on a StrykerJS mutant (QUALITY.md, module `policy`).
const now = new Date("2026-12-04T10:00:00Z");
const agent = (over: Partial<AgentSnapshot> = {}): AgentSnapshot => ({
  status: "active",
  role: "deployment",
  kind: "claude_code",
  scope: entriesFromLists({ repositories: ["**"], branches: ["**"], environments: ["**"], tools: ["*"], paths: ["**"], endpoints: ["*"] }),
  ...over,
});
const one = (match: Record<string, string[]>, tier: "free" | "gated" | "forbidden" = "forbidden") =>
  compilePolicy({ default_tier: "free", rules: [{ id: "r", tier, match }] } satisfies PolicyDocumentInput, "v");
const hits = (match: Record<string, string[]>, action: Action, a: AgentSnapshot = agent()) =>
  evaluate({ agent: a, action, fleetFrozen: false, now }, one(match)).rule_id === "r";

describe("compiled rules: each match field reads its own value", () => {
  it("tools (case-sensitive), commands (trimmed), endpoints and environments (any case), agent roles and kinds", () => {
    expect(hits({ tools: ["Bash"] }, { type: "x", tool: "Bash" })).toBe(true);
    expect(hits({ tools: ["Bash"] }, { type: "x", tool: "bash" })).toBe(false);
    expect(hits({ tools: ["Bash"] }, { type: "x", command: "Bash" })).toBe(false);
    expect(hits({ commands: ["npm *"] }, { type: "x", command: "  npm test  " })).toBe(true);
    expect(hits({ commands: ["npm test"] }, { type: "x", command: "NPM TEST" })).toBe(false);
    expect(hits({ endpoints: ["https://API.example.com/*"] }, { type: "x", endpoint: "https://api.EXAMPLE.com/v1" })).toBe(true);
    expect(hits({ endpoints: ["https://api.example.com/*"] }, { type: "x", resource: "https://api.example.com/v1" })).toBe(false);
    expect(hits({ environments: ["Prod*"] }, { type: "x", environment: "PRODUCTION" })).toBe(true);
    expect(hits({ environments: ["prod"] }, { type: "x", repository: "prod" })).toBe(false);
    expect(hits({ agent_roles: ["deployment"] }, { type: "x" })).toBe(true);
    expect(hits({ agent_roles: ["deployment"] }, { type: "x" }, agent({ role: "review" }))).toBe(false);
    expect(hits({ agent_kinds: ["claude_code"] }, { type: "x" })).toBe(true);
    expect(hits({ agent_kinds: ["claude_code"] }, { type: "x" }, agent({ kind: "codex" }))).toBe(false);
    expect(hits({ agent_kinds: ["deployment"] }, { type: "x" })).toBe(false);
  });
  it("repositories, branches and resources are path globs: * stays in a segment, a bare name matches the basename", () => {
    expect(hits({ repositories: ["acme/*"] }, { type: "x", repository: "acme/pay" })).toBe(true);
    expect(hits({ repositories: ["acme/*"] }, { type: "x", repository: "acme/pay/sub" })).toBe(false);
    expect(hits({ branches: ["feature/*"] }, { type: "x", branch: "feature/a/b" })).toBe(false);
    expect(hits({ branches: ["feature/**"] }, { type: "x", branch: "feature/a/b" })).toBe(true);
    expect(hits({ resources: ["*.pem"] }, { type: "x", resource: "keys/deep/server.pem" })).toBe(true);
    expect(hits({ resources: ["src/*"] }, { type: "x", resource: "src/a/b.ts" })).toBe(false);
  });
  it("a rule naming a field never matches an action without it (missing or empty), even with a match-all pattern", () => {
    for (const [field, key] of [
      ["tools", "tool"],
      ["commands", "command"],
      ["repositories", "repository"],
      ["endpoints", "endpoint"],
      ["environments", "environment"],
    ] as const) {
      expect(hits({ [field]: ["*"] }, { type: "x" })).toBe(false);
      expect(hits({ [field]: ["*"] }, { type: "x", [key]: "" })).toBe(false);
      expect(hits({ [field]: ["*"] }, { type: "x", [key]: "v" })).toBe(true);
    }
    // every named field must be present, not only the first
    expect(hits({ tools: ["*"], environments: ["*"] }, { type: "x", tool: "Bash" })).toBe(false);
    expect(hits({ tools: ["Bash"], environments: ["prod"] }, { type: "x", tool: "Bash", environment: "dev" })).toBe(false);
    expect(hits({ tools: ["Bash"], environments: ["prod"] }, { type: "x", tool: "Bash", environment: "prod" })).toBe(true);
    // an empty list does not constrain
    expect(hits({ tools: [] }, { type: "x" })).toBe(true);
  });
});

describe("compiled policy: types and order", () => {
  it("a literal action type in any case and with spaces matches the normalised type; listed twice it is one rule", () => {
    const p = compilePolicy({ default_tier: "free", rules: [{ id: "r", tier: "forbidden", match: { action_types: [" File.Read ", "file.read"] } }] }, "v");
    expect(p.rulesFor("file.read").map((r) => r.id)).toEqual(["r"]);
    expect(evaluate({ agent: agent(), action: { type: "FILE.READ" }, fleetFrozen: false, now }, p).rule_id).toBe("r");
    expect(p.rulesFor("file.write")).toEqual([]);
    const spaced = compilePolicy({ default_tier: "free", rules: [{ id: "s", tier: "forbidden", match: { action_types: [" File.Read "] } }] }, "v");
    expect(spaced.rulesFor("file.read").map((r) => r.id)).toEqual(["s"]);
  });
  it("action type patterns match in any case; an empty list matches every type", () => {
    const p = compilePolicy(
      {
        default_tier: "free",
        rules: [
          { id: "pat", tier: "forbidden", priority: 1, match: { action_types: ["File.*"] } },
          { id: "all", tier: "gated", priority: 2, match: { action_types: [] } },
        ],
      },
      "v",
    );
    expect(p.rulesFor("file.read").map((r) => r.id)).toEqual(["pat", "all"]);
    expect(p.rulesFor("git.push").map((r) => r.id)).toEqual(["all"]);
  });
  it("patterns with ? or ! are not literal types", () => {
    const p = compilePolicy(
      {
        default_tier: "free",
        rules: [
          { id: "q", tier: "forbidden", priority: 1, match: { action_types: ["file.rea?"] } },
          { id: "not", tier: "gated", priority: 2, match: { action_types: ["!file.read"] } },
        ],
      },
      "v",
    );
    expect(p.rulesFor("file.read").map((r) => r.id)).toEqual(["q"]);
    expect(p.rulesFor("file.reap").map((r) => r.id)).toEqual(["q", "not"]);
    expect(p.rulesFor("git.push").map((r) => r.id)).toEqual(["not"]);
  });
  it("literal and pattern rules interleave by priority, then file order; disabled rules are left out", () => {
    const p = compilePolicy(
      {
        default_tier: "free",
        rules: [
          { id: "b", tier: "free", priority: 5, match: { action_types: ["file.*"] } },
          { id: "a", tier: "free", priority: 5, match: { action_types: ["file.read"] } },
          { id: "c", tier: "free", priority: 1, match: { action_types: ["*"] } },
          { id: "d", tier: "free", priority: 9, match: { action_types: ["file.read"] } },
          { id: "off", tier: "forbidden", priority: 0, enabled: false, match: {} },
        ],
      },
      "v",
    );
    expect(p.rulesFor("file.read").map((r) => r.id)).toEqual(["c", "b", "a", "d"]);
    expect(p.rulesFor("file.read").map((r) => r.id)).toEqual(["c", "b", "a", "d"]); // cached: the same
    expect(p.ruleCount).toBe(5);
  });
  it("carries the document's settings and marks dry-run rules", () => {
    const p = compilePolicy(
      { format: 2, default_tier: "forbidden", approval_ttl_seconds: 600, rules: [{ id: "d", tier: "gated", mode: "dry_run", description: "x", match: {} }] },
      "v9",
    );
    expect(p).toMatchObject({ version: "v9", defaultTier: "forbidden", approvalTtlSeconds: 600, ruleCount: 1, migration: [] });
    expect(p.rulesFor("any")[0]).toMatchObject({ id: "d", tier: "gated", decision: "ask", dryRun: true, description: "x" });
    expect(compilePolicy({ rules: [{ id: "e", tier: "free" }] }, "v").rulesFor("any")[0].dryRun).toBe(false);
  });
});

describe("evaluate: reasons and bases", () => {
  const p = compilePolicy(
    {
      default_tier: "gated",
      rules: [
        { id: "no-secrets", tier: "forbidden", priority: 1, description: "never", match: { action_types: ["secret.read"] } },
        { id: "no-env", tier: "forbidden", priority: 2, match: { action_types: ["file.read"], resources: ["*.env"] } },
        { id: "dry-env", tier: "forbidden", mode: "dry_run", priority: 0, match: { resources: ["*.env"] } },
        { id: "free-read", tier: "free", priority: 5, match: { action_types: ["file.read"] } },
      ],
    },
    "v",
  );
  const run = (action: Action, a: AgentSnapshot | null = agent(), fleetFrozen = false) => evaluate({ agent: a, action, fleetFrozen, now }, p);
  it("names the agent's state when it is refused", () => {
    expect(run({ type: "x" }, null)).toMatchObject({ reason: "Unknown agent.", rule_id: null, tier: null, dry_run: [], policy_version: "v" });
    expect(run({ type: "x" }, agent({ status: "suspended" }))).toMatchObject({ reason: "The agent is suspended (kill switch).", tier: null });
    expect(run({ type: "x" }, agent({ status: "retired" }))).toMatchObject({ reason: "The agent is retired.", basis: "inactive_agent" });
    expect(run({ type: "x" }, agent(), true)).toMatchObject({ reason: "The whole fleet is frozen (kill switch).", tier: null, rule_id: null });
  });
  it("outside the scope: a forbidden rule that matches names the attempt, else the scope's reason and dimension", () => {
    const narrow = agent({ scope: entriesFromLists({ paths: ["src/**"] }) });
    expect(run({ type: "file.read", resource: "config/prod.env" }, narrow)).toEqual({
      decision: "deny",
      reason: "Forbidden by rule no-env",
      rule_id: "no-env",
      tier: "forbidden",
      basis: "rule",
      policy_version: "v",
      dry_run: [],
    });
    const out = run({ type: "file.read", resource: "docs/a.md" }, narrow);
    expect(out).toMatchObject({ decision: "deny", basis: "out_of_scope", rule_id: null, tier: null, scope: { dimension: "path", value: "docs/a.md" } });
    expect(out.reason).toMatch(/^Outside the agent's scope: path "docs\/a\.md"/);
    // a dry-run forbidden rule does not name it
    expect(run({ type: "x", resource: "a.env" }, narrow).basis).toBe("out_of_scope");
    // a forbidden rule with a description says it
    expect(run({ type: "secret.read", resource: "docs/a.md" }, narrow).reason).toBe("Forbidden by rule no-secrets: never");
  });
  it("a deciding rule's reason names its tier, id and description; dry-run rules met are listed", () => {
    expect(run({ type: "secret.read" })).toMatchObject({ reason: "Forbidden by rule no-secrets: never", basis: "rule", tier: "forbidden", decision: "deny" });
    const r = run({ type: "file.read", resource: "a.env" });
    expect(r).toMatchObject({ reason: "Forbidden by rule no-env", rule_id: "no-env", dry_run: [{ rule_id: "dry-env", decision: "deny" }] });
    expect(run({ type: "file.read", resource: "a.ts" })).toMatchObject({ decision: "allow", reason: "Free by rule free-read", dry_run: [] });
  });
  it("no rule: the default tier decides, and says so", () => {
    expect(run({ type: "x.y", resource: "a.env" })).toEqual({
      decision: "ask",
      reason: "No rule matched; the default tier is gated.",
      rule_id: null,
      tier: "gated",
      basis: "default",
      policy_version: "v",
      dry_run: [{ rule_id: "dry-env", decision: "deny" }],
    });
  });
});

describe("globs", () => {
  it("wildcard: * and ** match anything, a literal only itself, ? one character", () => {
    expect(wildcard("*")("")).toBe(true);
    expect(wildcard("**")("a/b c")).toBe(true);
    expect(wildcard("abc")("abc")).toBe(true);
    expect(wildcard("abc")("abcd")).toBe(false);
    expect(wildcard("ABC", true)("abc")).toBe(true);
    expect(wildcard("abc", true)("ABC")).toBe(true);
    expect(wildcard("ABC")("abc")).toBe(false);
    expect(wildcard("a?c")("abc")).toBe(true);
    expect(wildcard("a?c")("ac")).toBe(false);
    expect(wildcard("A?C", true)("abc")).toBe(true);
    expect(wildcard("a*c", true)("ABBC")).toBe(true);
    expect(wildcard("?")("a")).toBe(true);
    expect(wildcard("??")("ab")).toBe(true);
    expect(wildcard("??")("a")).toBe(false);
  });
  it("wildcardMatch: prefix, suffix and middle segments in order, not overlapping", () => {
    expect(wildcardMatch("ab*ba", "aba")).toBe(false);
    expect(wildcardMatch("ab*ba", "abba")).toBe(true);
    expect(wildcardMatch("a*b*c", "acb")).toBe(false);
    expect(wildcardMatch("a*b*c", "abc")).toBe(true);
    expect(wildcardMatch("*x*y*", "yx")).toBe(false);
    expect(wildcardMatch("*x*y*", "xy")).toBe(true);
    expect(wildcardMatch("*xy*", "x")).toBe(false);
    expect(wildcardMatch("a*", "")).toBe(false);
    expect(wildcardMatch("*", "")).toBe(true);
    expect(wildcardMatch("?", "")).toBe(false);
    expect(wildcardMatch("a?", "a?", { literalQuestion: true })).toBe(true);
    expect(wildcardMatch("a?", "ab", { literalQuestion: true })).toBe(false);
    expect(wildcardMatch("*a?*", "xa?", { literalQuestion: true })).toBe(true);
    expect(wildcardMatch("*a?*", "xab", { literalQuestion: true })).toBe(false);
    // a middle segment found only at the end of the value must leave room for the suffix
    expect(wildcardMatch("*ab*b", "xab")).toBe(false);
    expect(wildcardMatch("*ab*b", "xabb")).toBe(true);
  });
  it("pathGlob: a value just at the length limit is matched, one past it never", () => {
    expect(pathGlob("**")("a".repeat(MAX_GLOB_PATH))).toBe(true);
    expect(pathGlob("**")("a".repeat(MAX_GLOB_PATH + 1))).toBe(false);
  });
  it("pathGlob: an absolute path matches without its leading slash; a pattern with a slash does not match the basename", () => {
    expect(pathGlob("etc/passwd")("/etc/passwd")).toBe(true);
    expect(pathGlob("etc/passwd")("etc/passwd")).toBe(true);
    expect(pathGlob("etc/passwd")("x/etc/passwd")).toBe(false);
    expect(pathGlob("etc/passwd")("xetc/passwd")).toBe(false);
    expect(pathGlob("a/b.txt")("x/a/b.txt")).toBe(false);
    expect(pathGlob("b.txt")("x/a/b.txt")).toBe(true);
    expect(pathGlob("b.txt")("b.txt.bak")).toBe(false);
    expect(pathGlob("src/**")("/src/a.ts")).toBe(true);
    expect(pathGlob("src/**")("~/src/a.ts")).toBe(false);
  });
  it("patternList: any positive pattern, none of the negated ones; a lone ! is a pattern; only negated ones match the rest", () => {
    const m = patternList(["a*", "b*", "!ab*"], (p) => wildcard(p));
    expect(m("axe")).toBe(true);
    expect(m("bee")).toBe(true);
    expect(m("abc")).toBe(false);
    expect(m("cat")).toBe(false);
    const neg = patternList(["!main", "!release"], (p) => wildcard(p));
    expect(neg("feature")).toBe(true);
    expect(neg("main")).toBe(false);
    expect(neg("release")).toBe(false);
    const bang = patternList(["!"], (p) => wildcard(p));
    expect(bang("!")).toBe(true);
    expect(bang("x")).toBe(false);
  });
});

describe("normalise", () => {
  it("branches: the branch a ref names", () => {
    expect(normaliseBranch("refs/heads/Feature/X")).toBe("feature/x");
    expect(normaliseBranch("heads/main")).toBe("main");
    expect(normaliseBranch("+refs/heads/main:refs/heads/Dev ")).toBe("dev");
    expect(normaliseBranch(" +main")).toBe("main");
    expect(normaliseBranch("HEAD: main ")).toBe("main");
    expect(normaliseBranch("x/refs/heads/main")).toBe("x/refs/heads/main");
    expect(normaliseBranch("a+b")).toBe("a+b");
    // `git push origin :main` deletes main: the refspec's destination is the branch
    expect(normaliseBranch(":main")).toBe("main");
  });
  it("resources: paths resolved, URLs left alone", () => {
    expect(normaliseResource(" https://Example.com/a/../b ")).toBe("https://Example.com/a/../b");
    expect(normaliseResource("git+ssh://h/x/./y")).toBe("git+ssh://h/x/./y");
    expect(normaliseResource("1http://x/../y")).toBe("1http:/y"); // not a scheme: a path
    expect(normaliseResource("   ")).toBe("");
    expect(normaliseResource("./a/")).toBe("a");
    expect(normaliseResource("/")).toBe("/");
    expect(normaliseResource("/etc/")).toBe("/etc");
    expect(normaliseResource("a\\b\\..\\c")).toBe("a/c");
    expect(normaliseResource(".")).toBe(".");
    expect(normaliseResource("./")).toBe(".");
    expect(normaliseResource(".//")).toBe(".");
    expect(normaliseResource("a/..")).toBe(".");
    expect(normaliseResource("../")).toBe("..");
  });
  it("actions: every field once, absent fields stay absent", () => {
    expect(normaliseAction({ type: "X", tool: " Bash ", repository: " acme/pay ", endpoint: " https://e ", command: " ls " })).toEqual({
      type: "x",
      tool: "Bash",
      repository: "acme/pay",
      endpoint: "https://e",
      command: "ls",
    });
    expect(normaliseAction({ type: "x" })).toEqual({ type: "x" });
    expect(normaliseAction({ type: "x", branch: null, environment: null, resource: null, tool: null })).toEqual({
      type: "x",
      branch: null,
      environment: null,
      resource: null,
      tool: null,
    });
  });
});

describe("policy file errors", () => {
  it("formatPath: indexes in brackets, names dotted, the document itself named", () => {
    expect(formatPath([])).toBe("(document)");
    expect(formatPath(["rules", 3, "match", "tools", 0])).toBe("rules[3].match.tools[0]");
    expect(formatPath([0, "a"])).toBe("[0].a");
    expect(formatPath(["default_tier"])).toBe("default_tier");
  });
  it("validatePolicy names the rule only when the issue is inside one with a string id", () => {
    const r = validatePolicy({
      default_tier: "never",
      rules: [
        { id: 5, tier: "free" },
        { id: "ok", tier: "x" },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) throw new Error("unreachable");
    expect(r.issues.find((i) => i.path === "default_tier")).not.toHaveProperty("ruleId");
    expect(r.issues.find((i) => i.path === "rules[0].id")).not.toHaveProperty("ruleId");
    expect(r.issues.find((i) => i.path === "rules[1].tier")).toMatchObject({ ruleId: "ok" });
    expect(validatePolicy(null).ok).toBe(false);
    // a rule that is null (a YAML "-" with nothing after it) is an issue, not a throw
    const nul = validatePolicy({ rules: [null] });
    expect(nul.ok).toBe(false);
    if (nul.ok) throw new Error("unreachable");
    expect(nul.issues[0]).toMatchObject({ path: "rules[0]" });
    expect(nul.issues[0]).not.toHaveProperty("ruleId");
  });
  it("describeIssues: path, rule, line and message on one line each", () => {
    expect(
      describeIssues([
        { path: "rules[1].tier", ruleId: "b", line: 7, message: "bad tier" },
        { path: "(syntax)", message: "oops" },
      ]),
    ).toBe('rules[1].tier (rule "b") at line 7: bad tier\n(syntax): oops');
  });
  it("a syntax error carries its line; an alias to no anchor is an issue, not a throw", () => {
    const bad = parsePolicyYaml("default_tier: gated\nrules:\n  - id: a\n    tier: [free\n");
    expect(bad.ok).toBe(false);
    if (bad.ok) throw new Error("unreachable");
    expect(bad.issues[0].path).toBe("(syntax)");
    expect(bad.issues[0].line).toBe(5); // the unclosed [ of line 4 is found at the end of the text
    expect(bad.issues[0].message).not.toContain("\n");
    const dup = parsePolicyYaml("default_tier: gated\ndefault_tier: free\nrules: []\n");
    expect(dup).toEqual({ ok: false, issues: [{ path: "(syntax)", message: "Map keys must be unique", line: 2 }] });
    const alias = parsePolicyYaml("rules: *nothing\n");
    expect(alias.ok).toBe(false);
    if (alias.ok) throw new Error("unreachable");
    expect(alias.issues[0].path).toBe("(syntax)");
    expect(alias.issues[0].message).toMatch(/alias/i); // the whole first line, not a character of it
  });
  it("an issue deep in a rule points at the line of the deepest node the YAML has", () => {
    const text = "rules:\n  - id: a\n    tier: free\n    match:\n      tools:\n        - Bash\n        - 7\n";
    const r = parsePolicyYaml(text);
    expect(r.ok).toBe(false);
    if (r.ok) throw new Error("unreachable");
    expect(r.issues[0]).toMatchObject({ path: "rules[0].match.tools[1]", ruleId: "a", line: 7 });
    // a missing field points at its rule
    const m = parsePolicyYaml("rules:\n  - id: a\n\n  - id: b\n    priority: 1\n");
    if (m.ok) throw new Error("unreachable");
    expect(m.issues.find((i) => i.path === "rules[1].tier")).toMatchObject({ ruleId: "b", line: 4 });
  });
});

describe("format migration", () => {
  it("leaves what is not a document, a current document and an unknown format alone", () => {
    for (const raw of [null, "x", [1], 5]) expect(migratePolicyDocument(raw)).toEqual({ document: raw, changes: [] });
    const current = { format: 2, rules: [] };
    expect(migratePolicyDocument(current).document).toBe(current);
    const future = { format: 3, rules: [] };
    expect(migratePolicyDocument(future)).toEqual({ document: future, changes: [] });
    const odd = { format: "1", rules: [] };
    expect(migratePolicyDocument(odd)).toEqual({ document: odd, changes: [] });
  });
  it("format 1: only rules naming shell.exec with commands lose their action_types", () => {
    const doc = {
      format: 1,
      rules: [
        { id: "a", match: { action_types: ["shell.exec", "git.push"], commands: ["ls*"] } },
        { id: "b", match: { action_types: ["git.push"], commands: ["git*"] } },
        { id: "c", match: { action_types: ["shell.exec"] } },
        { id: "d", match: { commands: ["x"] } },
        { id: "e" },
        null,
        { id: "f", match: { action_types: "shell.exec", commands: ["x"] } },
      ],
    };
    const { document, changes } = migratePolicyDocument(doc);
    const rules = (document as { rules: unknown[] }).rules;
    expect((document as { format: number }).format).toBe(2);
    expect(rules[0]).toEqual({ id: "a", match: { commands: ["ls*"] } });
    expect(rules.slice(1)).toEqual(doc.rules.slice(1));
    expect(changes).toEqual([
      "Format 1 → 2: commands match simple commands (program and arguments), not the whole shell line.",
      "rules[0] (a): action_types [shell.exec, git.push] removed — its commands now match each simple command of a shell line, whatever action it becomes",
    ]);
  });
  it("a document without a format is format 1; rules that are not a list stay as they are", () => {
    const { document, changes } = migratePolicyDocument({ rules: "none" });
    expect(document).toEqual({ rules: "none", format: 2 });
    expect(changes).toHaveLength(1);
  });
});
