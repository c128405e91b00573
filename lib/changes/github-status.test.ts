import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { complianceVerdict, MAX_DESCRIPTION, requiredGatesFor } from "./github-status";
import { appJwt } from "./github-status-auth";
import { humanApprovalOf, isHumanReviewer, reviewStateOf } from "./reviews";

const cfg = { requiredGates: ["lint", "unit", "sast"], securityRequiredGates: ["sast", "secrets"] };
const at = (s: number) => new Date(Date.UTC(2026, 11, 4, 0, 0, s));

describe("complianceVerdict", () => {
  it("the stricter set applies only to security-adjacent changes, without duplicates", () => {
    expect(requiredGatesFor(false, cfg)).toEqual(["lint", "unit", "sast"]);
    expect(requiredGatesFor(true, cfg)).toEqual(["lint", "unit", "sast", "secrets"]);
  });
  it("pending lists missing and running gates; the latest result per gate counts", () => {
    const v = complianceVerdict(
      [
        { gate: "lint", status: "failed", at: at(1) },
        { gate: "lint", status: "passed", at: at(2) },
        { gate: "unit", status: "pending", at: at(3) },
      ],
      cfg,
      false,
      false,
    );
    expect(v).toMatchObject({ state: "pending", description: "Waiting for: sast, unit", missing: ["sast"] });
  });
  it("a failed, skipped or overridden gate is a failure", () => {
    for (const status of ["failed", "skipped", "overridden"]) {
      const runs = ["lint", "unit", "sast"].map((gate, i) => ({ gate, status: gate === "unit" ? status : "passed", at: at(i) }));
      expect(complianceVerdict(runs, cfg, false, true)).toMatchObject({ state: "failure", description: `Failed: unit (${status})` });
    }
  });
  it("success needs every gate, and a human review when security-adjacent", () => {
    const runs = ["lint", "unit", "sast", "secrets"].map((gate, i) => ({ gate, status: "passed", at: at(i) }));
    expect(complianceVerdict(runs, cfg, false, false).state).toBe("success");
    expect(complianceVerdict(runs, cfg, true, false)).toMatchObject({ state: "pending", description: "Waiting for: human review" });
    expect(complianceVerdict(runs, cfg, true, true).state).toBe("success");
  });
  it("keeps the description within GitHub's 140 characters", () => {
    const many = { requiredGates: Array.from({ length: 40 }, (_, i) => `gate-number-${i}`), securityRequiredGates: [] };
    const v = complianceVerdict([], many, false, false);
    expect(v.description.length).toBe(MAX_DESCRIPTION);
    expect(v.description.endsWith("…")).toBe(true);
  });
});

describe("reviews", () => {
  const r = (login: string, state: string, s: number, human = true) => ({ reviewerLogin: login, state, submittedAt: at(s), human });
  it("each reviewer's latest approving or change-requesting review counts; comments and bots do not", () => {
    expect(humanApprovalOf([r("ann", "approved", 1)])).toBe(true);
    expect(humanApprovalOf([r("ann", "approved", 1), r("ann", "commented", 2)])).toBe(true);
    expect(humanApprovalOf([r("ann", "approved", 1), r("bob", "changes_requested", 2)])).toBe(false);
    expect(humanApprovalOf([r("bob", "changes_requested", 1), r("bob", "approved", 2)])).toBe(true);
    expect(humanApprovalOf([r("ann", "approved", 1), r("ann", "dismissed", 2)])).toBe(false);
    expect(humanApprovalOf([r("bot", "approved", 1, false)])).toBe(false);
  });
  it("bots, known agents and the author are no human reviewers", () => {
    const change = { authorLogin: "Octocat" };
    expect(isHumanReviewer("hubot", "User", change)).toBe(true);
    expect(isHumanReviewer("octocat", "User", change)).toBe(false);
    expect(isHumanReviewer("renovate[bot]", "User", change)).toBe(false);
    expect(isHumanReviewer("someone", "Bot", change)).toBe(false);
    expect(isHumanReviewer("devin-ai-integration[bot]", null, change)).toBe(false);
    expect(reviewStateOf("APPROVED")).toBe("approved");
    expect(reviewStateOf("PENDING")).toBeUndefined();
  });
});

describe("appJwt", () => {
  it("is an RS256 JWT of the app id, valid at most 10 minutes, verifiable with the public key", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const now = Date.UTC(2026, 11, 4, 12, 0, 0);
    const jwt = appJwt("123", privateKey.export({ type: "pkcs1", format: "pem" }).toString().replace(/\n/g, "\\n"), now);
    const [h, b, s] = jwt.split(".");
    expect(JSON.parse(Buffer.from(h, "base64url").toString())).toEqual({ alg: "RS256", typ: "JWT" });
    const body = JSON.parse(Buffer.from(b, "base64url").toString());
    expect(body).toEqual({ iss: "123", iat: now / 1000 - 60, exp: now / 1000 + 540 });
    expect(verify("RSA-SHA256", Buffer.from(`${h}.${b}`), publicKey, Buffer.from(s, "base64url"))).toBe(true);
  });
});
