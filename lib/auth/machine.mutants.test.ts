import { describe, expect, it } from "vitest";
import type { Agent } from "@/db/schema";
import { AppError } from "@/lib/http/errors";
import { INTEGRATION_SCOPES } from "./tokens";
import { bearerToken, hasScope, requireActiveAgent, requireAgentCaller, requireScope, type MachineCaller } from "./machine";
import { PERMISSIONS, ROLES, can } from "./permissions";

// Written against StrykerJS survivors (npm run test:mutation auth; QUALITY.md): the pure parts
// of machine authentication and the role table, checked exactly.

const req = (authorization?: string) => ({ header: (n: string) => (n === "authorization" ? authorization : undefined) });
const integration = (scopes: string[]): MachineCaller => ({ kind: "integration", tokenId: "t", tokenPrefix: "gci_x", name: "ci", scopes });
const agentCaller = { kind: "agent", tokenId: "t", tokenPrefix: "gat_x", agent: { slug: "a", status: "active" } as Agent } as MachineCaller;

function thrown(fn: () => unknown): AppError | undefined {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  return undefined;
}

describe("bearerToken", () => {
  it("takes the one token after the scheme, any case, with surrounding spaces", () => {
    expect(bearerToken(req("Bearer gat_abc"))).toBe("gat_abc");
    expect(bearerToken(req("bearer   gat_abc  "))).toBe("gat_abc");
    expect(bearerToken(req("BEARER\tgat_abc"))).toBe("gat_abc");
  });
  it("refuses anything else", () => {
    expect(bearerToken(req())).toBeUndefined();
    expect(bearerToken(req(""))).toBeUndefined();
    expect(bearerToken(req("Bearer"))).toBeUndefined();
    expect(bearerToken(req("Bearer "))).toBeUndefined();
    expect(bearerToken(req("Basic gat_abc"))).toBeUndefined();
    expect(bearerToken(req("xBearer gat_abc"))).toBeUndefined();
    expect(bearerToken(req("Bearer gat_abc extra"))).toBeUndefined();
    expect(bearerToken(req("Bearergat_abc"))).toBeUndefined();
  });
});

describe("scopes", () => {
  it("grants exactly the scopes a token holds, plus agents:read from agents:write", () => {
    for (const held of INTEGRATION_SCOPES)
      for (const asked of INTEGRATION_SCOPES) {
        const implied = held === asked || (held === "agents:write" && asked === "agents:read");
        expect(hasScope(integration([held]), asked)).toBe(implied);
      }
    expect(hasScope(integration([]), "agents:read")).toBe(false);
  });
  it("never grants a scope to an agent token, even one that lists scopes", () => {
    for (const s of INTEGRATION_SCOPES) expect(hasScope({ ...agentCaller, scopes: [s] } as unknown as MachineCaller, s)).toBe(false);
  });
  it("requireScope answers 403 forbidden naming the scope, and passes when held", () => {
    expect(thrown(() => requireScope(integration(["audit:read"]), "audit:read"))).toBeUndefined();
    const e = thrown(() => requireScope(integration(["audit:read"]), "events:write"));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ status: 403, code: "forbidden" });
    expect(e!.message).toContain('"events:write"');
  });
});

describe("agent checks", () => {
  it("requireActiveAgent: 403 agent_suspended / agent_retired naming the agent; active passes", () => {
    expect(thrown(() => requireActiveAgent({ slug: "bot", status: "active" }))).toBeUndefined();
    const s = thrown(() => requireActiveAgent({ slug: "bot", status: "suspended" }));
    expect(s).toMatchObject({ status: 403, code: "agent_suspended" });
    expect(s!.message).toContain("bot");
    const r = thrown(() => requireActiveAgent({ slug: "bot", status: "retired" }));
    expect(r).toMatchObject({ status: 403, code: "agent_retired" });
    expect(r!.message).toContain("bot");
  });
  it("requireAgentCaller: returns the agent caller, 403 for an integration token", () => {
    expect(requireAgentCaller(agentCaller)).toBe(agentCaller);
    const e = thrown(() => requireAgentCaller(integration(["agents:write"])));
    expect(e).toMatchObject({ status: 403, code: "forbidden" });
    expect(e!.message).toBe("This route takes an agent token.");
  });
});

describe("role table", () => {
  // The whole matrix, so that widening or narrowing any permission is a deliberate test change.
  const expected: Record<string, string[]> = {
    "dashboard:view": ["admin", "security_lead", "approver", "eng_manager", "viewer"],
    "agents:manage": ["admin", "eng_manager"],
    "agents:kill": ["admin", "security_lead", "approver"],
    "agents:resume": ["admin", "security_lead"],
    "agents:review": ["admin", "security_lead", "eng_manager"],
    "agents:tokens": ["admin", "eng_manager"],
    "fleet:freeze": ["admin", "security_lead"],
    "approvals:decide": ["admin", "security_lead", "approver"],
    "violations:triage": ["admin", "security_lead"],
    "policies:edit": ["admin", "security_lead"],
    "audit:export": ["admin", "security_lead"],
    "audit:verify": ["admin", "security_lead"],
    "settings:manage": ["admin"],
  };
  it("is exactly the documented matrix", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(expected).sort());
    for (const [p, roles] of Object.entries(expected))
      expect(
        ROLES.filter((r) => can(r, p as keyof typeof PERMISSIONS)),
        p,
      ).toEqual(roles);
  });
  it("refuses an unknown role string and an empty one", () => {
    expect(can("root" as never, "dashboard:view")).toBe(false);
    expect(can("" as never, "dashboard:view")).toBe(false);
  });
});
