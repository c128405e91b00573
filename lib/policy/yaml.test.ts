import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, lineDiff, parsePolicyYaml, policyToYaml, validatePolicy } from "./index";

describe("policy file", () => {
  it("round-trips the default policy through YAML", () => {
    const v = validatePolicy(DEFAULT_POLICY);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const back = parsePolicyYaml(policyToYaml(v.document));
    expect(back).toEqual({ ok: true, document: v.document });
  });
  it("points at the faulty rule, field and line", () => {
    const text = `default_tier: gated
rules:
  - id: a
    tier: free
    priority: 1
  - id: b
    tier: maybe
    priority: 2
  - id: c
    tier: free
    match:
      tools: Bash
`;
    const r = parsePolicyYaml(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const tier = r.issues.find((i) => i.path === "rules[1].tier");
    expect(tier).toMatchObject({ ruleId: "b", line: 7 });
    expect(r.issues.find((i) => i.path === "rules[2].match.tools")).toMatchObject({ ruleId: "c", line: 12 });
  });
  it("reports syntax errors and duplicate ids", () => {
    const bad = parsePolicyYaml("rules: [\n");
    expect(bad.ok).toBe(false);
    const dup = validatePolicy({
      rules: [
        { id: "x", tier: "free" },
        { id: "x", tier: "gated" },
      ],
    });
    expect(dup.ok || dup.issues[0].path).toBe("rules[1].id");
  });
  it("diffs two versions line by line", () => {
    const d = lineDiff("a\nb\nc", "a\nB\nc");
    expect(d).toContain("- b");
    expect(d).toContain("+ B");
  });
});
