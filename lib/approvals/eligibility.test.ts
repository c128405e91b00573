import { describe, expect, it } from "vitest";
import { eligibility, requestSpec, type Person } from "./eligibility";

// mayDecide's rule, pure: who may decide a request with a given approver spec.
const person = (p: Partial<Person>): Person => ({ id: "u", email: "pat@acme.test", role: "approver", teamSlug: null, disabled: false, ...p });
const req = (approvers: unknown, more: Partial<{ initiatedBy: string | null; initiators: string[]; escalatedAt: Date | null }> = {}) => ({
  initiatedBy: null,
  initiators: [],
  escalatedAt: null,
  status: "pending" as const,
  approvers,
  ...more,
});

describe("approval eligibility", () => {
  it("no spec: anyone whose role decides approvals; never a viewer, a disabled person or nobody", () => {
    expect(eligibility(req(null), person({}))).toEqual({ ok: true, as: "anyone" });
    expect(eligibility(req(null), person({ role: "viewer" }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(eligibility(req(null), person({ role: "eng_manager" }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(eligibility(req(null), person({ disabled: true }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(eligibility(req(null), null)).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("named people (any case), teams (any case) and roles; the escalation group only once escalated", () => {
    const spec = { people: ["pat@acme.test"], teams: ["SRE"], roles: ["security_lead"], escalation: { after_seconds: 600, teams: ["platform"] } };
    expect(eligibility(req(spec), person({ email: " PAT@acme.test " }))).toEqual({ ok: true, as: "named" });
    expect(eligibility(req(spec), person({ email: "kim@acme.test", teamSlug: "sre" }))).toEqual({ ok: true, as: "named" });
    expect(eligibility(req(spec), person({ email: "kim@acme.test", role: "security_lead" }))).toEqual({ ok: true, as: "named" });
    const other = person({ email: "kim@acme.test", teamSlug: "platform" });
    expect(eligibility(req(spec), other)).toMatchObject({
      ok: false,
      code: "not_an_approver",
      message: expect.stringContaining("pat@acme.test, team SRE, role security_lead"),
    });
    expect(eligibility(req(spec, { escalatedAt: new Date() }), other)).toEqual({ ok: true, as: "escalation" });
    // an admin is bound by the names like everyone
    expect(eligibility(req(spec), person({ email: "root@acme.test", role: "admin" }))).toMatchObject({ ok: false, code: "not_an_approver" });
  });

  it("the initiator never decides, named or not", () => {
    expect(eligibility(req({ people: ["pat@acme.test"] }, { initiatedBy: "pat@acme.test" }), person({}))).toMatchObject({
      ok: false,
      code: "segregation_of_duties",
    });
    expect(eligibility(req(null, { initiators: ["x@acme.test", "Pat@Acme.test"] }), person({}))).toMatchObject({ ok: false, code: "segregation_of_duties" });
  });

  it("requestSpec: a rule without approvers is anyone, 1 of 1; N of any approvers keeps N", () => {
    expect(requestSpec(undefined)).toEqual({ approvers: null, approvalsRequired: 1 });
    expect(requestSpec({ required: 2 })).toEqual({ approvers: null, approvalsRequired: 2 });
    expect(requestSpec({ people: ["a@x.test"], required: 1 })).toEqual({ approvers: { people: ["a@x.test"] }, approvalsRequired: 1 });
  });
});
