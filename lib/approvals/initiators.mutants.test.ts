import { describe, expect, it } from "vitest";
import { isInitiator, normalizeEmail } from "./initiators";

// Segregation of duties rests on these two functions: each test below fails on a mutant
// StrykerJS made of them (QUALITY.md, module `approvals`).
describe("normalizeEmail", () => {
  it("gives one lower-case, trimmed form", () => {
    expect(normalizeEmail("  Dev@Acme.TEST\t")).toBe("dev@acme.test");
    expect(normalizeEmail("dev@acme.test")).toBe("dev@acme.test");
  });
  it("has no form for nothing: null, undefined, empty and blank are null (never the empty string)", () => {
    expect(normalizeEmail(null)).toBeNull();
    expect(normalizeEmail(undefined)).toBeNull();
    expect(normalizeEmail("")).toBeNull();
    expect(normalizeEmail("   ")).toBeNull();
  });
});

describe("isInitiator", () => {
  it("the session's person is the initiator whatever the case and spaces", () => {
    expect(isInitiator({ initiatedBy: "dev@acme.test" }, " DEV@acme.test ")).toBe(true);
    expect(isInitiator({ initiatedBy: " Dev@Acme.Test " }, "dev@acme.test")).toBe(true);
  });
  it("someone else is not", () => {
    expect(isInitiator({ initiatedBy: "dev@acme.test", initiators: ["ops@acme.test"] }, "boss@acme.test")).toBe(false);
    expect(isInitiator({ initiatedBy: "dev@acme.test", initiators: [] }, "boss@acme.test")).toBe(false);
    expect(isInitiator({ initiatedBy: "dev@acme.test" }, "boss@acme.test")).toBe(false);
    expect(isInitiator({ initiatedBy: "dev@acme.test", initiators: null }, "boss@acme.test")).toBe(false);
  });
  it("anyone merged in later is an initiator too, wherever they stand in the list", () => {
    const req = { initiatedBy: "dev@acme.test", initiators: ["dev@acme.test", "Ops@Acme.Test", "qa@acme.test"] };
    expect(isInitiator(req, "ops@acme.test")).toBe(true);
    expect(isInitiator(req, "QA@acme.test")).toBe(true);
    expect(isInitiator({ initiatedBy: null, initiators: ["ops@acme.test"] }, "ops@acme.test")).toBe(true);
  });
  it("a request nobody is named on has no initiator, and an approver without an email matches no one", () => {
    expect(isInitiator({ initiatedBy: null, initiators: [] }, "boss@acme.test")).toBe(false);
    expect(isInitiator({ initiatedBy: null }, "boss@acme.test")).toBe(false);
    // an empty email must not match a request whose initiator is unknown (null == null)
    expect(isInitiator({ initiatedBy: null, initiators: [] }, "")).toBe(false);
    expect(isInitiator({ initiatedBy: null, initiators: ["  "] }, " ")).toBe(false);
    expect(isInitiator({ initiatedBy: "", initiators: null }, "")).toBe(false);
  });
});
