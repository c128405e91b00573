import { describe, expect, it } from "vitest";
import { parsePolicyYaml } from "@/lib/policy/yaml";
import { applyRuleEdit, approversSummary, freshRuleId, patternsFromText, readRuleRows, type RuleEdit } from "./yaml-edit";

const FILE = `# our policy
default_tier: gated
rules:
  # reading is fine
  - id: free-read
    tier: free
    priority: 500
    match:
      action_types:
        - file.read
  - id: gate-merges
    tier: gated
    mode: dry_run
    match:
      action_types: [git.merge]
      branches: [main]
`;

const NO_APPROVERS = { people: [], teams: [], roles: [], required: null, escalation: { after_seconds: null, people: [], teams: [], roles: [] } };

describe("the structured editor over the YAML", () => {
  it("edits a gated rule's approvers (N of M, escalation) into a valid file, and removes them when emptied", () => {
    let t = applyRuleEdit(FILE, { op: "approvers", index: 1, field: "people", values: ["ann@acme.test", " ", "ben@acme.test"] })!;
    t = applyRuleEdit(t, { op: "required", index: 1, value: 2 })!;
    t = applyRuleEdit(t, { op: "approvers", index: 1, field: "teams", escalation: true, values: ["sre"] })!;
    t = applyRuleEdit(t, { op: "escalate-after", index: 1, seconds: 1800 })!;
    const parsed = parsePolicyYaml(t);
    expect(parsed.ok && parsed.document.rules[1].approvers).toEqual({
      people: ["ann@acme.test", "ben@acme.test"],
      required: 2,
      escalation: { teams: ["sre"], after_seconds: 1800 },
    });
    const rows = readRuleRows(t);
    expect(rows.ok && approversSummary(rows.rules[1].approvers)).toBe("2 of ann@acme.test, ben@acme.test · escalates after 30 min to team sre");
    expect(t).toContain("# reading is fine");
    const clear: RuleEdit[] = [
      { op: "escalate-after", index: 1, seconds: null },
      { op: "approvers", index: 1, field: "teams", escalation: true, values: [] },
      { op: "required", index: 1, value: null },
      { op: "approvers", index: 1, field: "people", values: [] },
    ];
    for (const e of clear) t = applyRuleEdit(t, e)!;
    expect(t).not.toContain("approvers");
    expect(readRuleRows(t)).toMatchObject({ ok: true, rules: [{}, { approvers: NO_APPROVERS }] });
  });

  it("reads rules as rows with the schema's defaults where a key is absent", () => {
    const r = readRuleRows(FILE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rules).toEqual([
      {
        id: "free-read",
        tier: "free",
        priority: 500,
        mode: "enforce",
        enabled: true,
        description: "",
        match: { action_types: ["file.read"] },
        approvers: NO_APPROVERS,
      },
      {
        id: "gate-merges",
        tier: "gated",
        priority: null,
        mode: "dry_run",
        enabled: true,
        description: "",
        match: { action_types: ["git.merge"], branches: ["main"] },
        approvers: NO_APPROVERS,
      },
    ]);
  });

  it("writes an edit back in place: comments and other rules stay, the result reads back as the edit", () => {
    const out = applyRuleEdit(FILE, { op: "set", index: 0, field: "tier", value: "gated" })!;
    expect(out).toContain("# our policy");
    expect(out).toContain("# reading is fine");
    const rows = readRuleRows(out);
    expect(rows.ok && rows.rules[0].tier).toBe("gated");
    expect(rows.ok && rows.rules[1]).toMatchObject({ id: "gate-merges", mode: "dry_run" });
    const parsed = parsePolicyYaml(out);
    expect(parsed.ok && parsed.document.rules[0].tier).toBe("gated");
  });

  it("sets and clears priority, mode, enabled and match patterns", () => {
    let t = applyRuleEdit(FILE, { op: "priority", index: 1, value: 5 })!;
    t = applyRuleEdit(t, { op: "set", index: 1, field: "mode", value: "enforce" })!;
    t = applyRuleEdit(t, { op: "enabled", index: 0, value: false })!;
    t = applyRuleEdit(t, { op: "match", index: 1, field: "commands", patterns: ["git merge *", "* --no-ff"] })!;
    t = applyRuleEdit(t, { op: "match", index: 1, field: "branches", patterns: [] })!;
    const r = readRuleRows(t);
    expect(r.ok && r.rules[1]).toMatchObject({ priority: 5, mode: "enforce", match: { action_types: ["git.merge"], commands: ["git merge *", "* --no-ff"] } });
    expect(r.ok && r.rules[1].match.branches).toBeUndefined();
    expect(r.ok && r.rules[0].enabled).toBe(false);
    t = applyRuleEdit(t, { op: "priority", index: 1, value: null })!;
    expect(t).not.toMatch(/priority: 5\n/);
    expect(t).toMatch(/priority: 500\n/);
  });

  it("adds a valid gated rule with an unused id and removes a rule", () => {
    const rows = readRuleRows(FILE);
    const id = freshRuleId(rows.ok ? rows.rules : []);
    expect(id).toBe("new-rule-1");
    let t = applyRuleEdit(FILE, { op: "add", id })!;
    expect(parsePolicyYaml(t).ok).toBe(true);
    const after = readRuleRows(t);
    expect(after.ok && freshRuleId(after.rules)).toBe("new-rule-2");
    t = applyRuleEdit(t, { op: "remove", index: 0 })!;
    const r = readRuleRows(t);
    expect(r.ok && r.rules.map((x) => x.id)).toEqual(["gate-merges", "new-rule-1"]);
  });

  it("refuses to edit a file with a syntax error or out-of-range rows, and says why it cannot show rows", () => {
    expect(applyRuleEdit("rules: [\n", { op: "add", id: "x" })).toBeNull();
    expect(applyRuleEdit(FILE, { op: "remove", index: 9 })).toBeNull();
    const r = readRuleRows("rules: [\n");
    expect(r.ok).toBe(false);
    expect(readRuleRows("default_tier: free\n").ok).toBe(false);
  });

  it("keeps patterns with commas and spaces, one per line", () => {
    expect(patternsFromText("* --force*\n\nrm -rf {a,b}\n")).toEqual(["* --force*", "rm -rf {a,b}"]);
  });
});
