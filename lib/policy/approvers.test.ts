import { describe, expect, it } from "vitest";
import { compilePolicy } from "./compile";
import { validatePolicy } from "./yaml";

// A gated rule's approvers (issue 21): the format, what is refused, and what a rule without
// them means (anyone, 1 of 1 — existing policies keep their meaning).
const rule = (extra: Record<string, unknown>) => ({ rules: [{ id: "r", tier: "gated", match: { action_types: ["deploy"] }, ...extra }] });

describe("policy approvers", () => {
  it("accepts people (lower-cased), teams, roles, N of M and an escalation; the compiled policy hands them out by rule id", () => {
    const doc = rule({
      approvers: { people: ["Ann@Acme.Test", "ben@acme.test"], roles: ["security_lead"], required: 2, escalation: { after_seconds: 1800, teams: ["sre"] } },
    });
    const v = validatePolicy(doc);
    expect(v.ok).toBe(true);
    const c = compilePolicy(doc, "7");
    expect(c.approversFor("r")).toEqual({
      people: ["ann@acme.test", "ben@acme.test"],
      roles: ["security_lead"],
      required: 2,
      escalation: { after_seconds: 1800, teams: ["sre"] },
    });
    expect(c.approversFor("other")).toBeUndefined();
    expect(c.approversFor(null)).toBeUndefined();
    // no approvers: nothing to hand out (anyone, 1 of 1)
    expect(compilePolicy(rule({}), "8").approversFor("r")).toBeUndefined();
  });

  it("refuses what cannot mean anything, naming the rule and the field", () => {
    const issues = (extra: Record<string, unknown>, tier = "gated") => {
      const r = validatePolicy({ rules: [{ id: "r", tier, ...extra }] });
      return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(issues({ approvers: { people: ["a@x.test"] } }, "free")).toEqual(["rules[0].approvers: approvers apply to gated rules only (this one is free)"]);
    expect(issues({ approvers: { people: ["a@x.test"], required: 2 } })).toEqual(["rules[0].approvers.required: 2 approvals required but only 1 people named"]);
    expect(issues({ approvers: { people: ["a@x.test"], required: 2, escalation: { after_seconds: 600, people: ["b@x.test"] } } })).toEqual([]);
    expect(issues({ approvers: { people: ["a@x.test"], escalation: { after_seconds: 600 } } })).toEqual([
      "rules[0].approvers.escalation: name the people, teams or roles to escalate to",
    ]);
    expect(issues({ approvers: { required: 2, escalation: { after_seconds: 600, teams: ["sre"] } } })).toEqual([
      "rules[0].approvers.escalation: anyone may already approve: name approvers before an escalation",
    ]);
    expect(issues({ approvers: { roles: ["viewer"] } })[0]).toMatch(/^rules\[0\]\.approvers\.roles\[0\]/);
    expect(issues({ approvers: { people: ["not-an-email"] } })[0]).toMatch(/^rules\[0\]\.approvers\.people\[0\]: an email address/);
    expect(issues({ approvers: { teams: ["sre"], required: 0 } })[0]).toMatch(/^rules\[0\]\.approvers\.required/);
    expect(issues({ approvers: { teams: ["sre"], escalation: { after_seconds: 5, roles: ["admin"] } } })[0]).toMatch(
      /^rules\[0\]\.approvers\.escalation\.after_seconds/,
    );
    expect(issues({ approvers: { teams: ["sre"], quorum: 2 } })[0]).toMatch(/^rules\[0\]\.approvers/);
  });
});
