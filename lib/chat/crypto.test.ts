import { describe, expect, it } from "vitest";
import { decryptSecrets, encryptSecrets, signToken, slackSignature, verifySlackRequest, verifyToken } from "./crypto";
import { slackMessage, teamsMessage, type ApprovalForChat } from "./messages";

// Slack's published test vector (api.slack.com "Verifying requests from Slack").
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TS = "1531420618";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const SIG = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

describe("Slack request signing (v0)", () => {
  it("computes and accepts Slack's documented example within five minutes of its timestamp", () => {
    expect(slackSignature(SECRET, TS, BODY)).toBe(SIG);
    expect(verifySlackRequest(SECRET, { signature: SIG, timestamp: TS }, BODY, Number(TS) + 300)).toBe("ok");
    expect(verifySlackRequest(SECRET, { signature: SIG, timestamp: TS }, BODY, Number(TS) - 300)).toBe("ok");
  });
  it("refuses a stale or future timestamp, a changed body, another secret, missing headers", () => {
    expect(verifySlackRequest(SECRET, { signature: SIG, timestamp: TS }, BODY, Number(TS) + 301)).toBe("stale");
    expect(verifySlackRequest(SECRET, { signature: SIG, timestamp: TS }, BODY, Number(TS) - 301)).toBe("stale");
    expect(verifySlackRequest(SECRET, { signature: SIG, timestamp: TS }, `${BODY}x`, Number(TS))).toBe("forged");
    expect(verifySlackRequest("another-secret", { signature: SIG, timestamp: TS }, BODY, Number(TS))).toBe("forged");
    expect(verifySlackRequest(SECRET, { signature: SIG, timestamp: "1531420618.5" }, BODY, Number(TS))).toBe("forged");
    expect(verifySlackRequest(SECRET, { timestamp: TS }, BODY, Number(TS))).toBe("missing");
    expect(verifySlackRequest(SECRET, { signature: SIG }, BODY, Number(TS))).toBe("missing");
  });
});

describe("signed links and stored credentials", () => {
  it("a token verifies until it expires; a changed payload or signature does not", () => {
    const now = Date.UTC(2026, 11, 4);
    const t = signToken({ k: "open", a: "6f1c0c1e-2d1f-4a7e-9a4b-0c8e9f4b2a11", exp: now / 1000 + 60 });
    expect(verifyToken(t, now)).toMatchObject({ k: "open", a: "6f1c0c1e-2d1f-4a7e-9a4b-0c8e9f4b2a11" });
    expect(verifyToken(t, now + 60_000)).toBeNull();
    const [body, sig] = t.split(".");
    const forged = Buffer.from(JSON.stringify({ k: "open", a: "00000000-0000-4000-8000-000000000000", exp: now / 1000 + 60 })).toString("base64url");
    expect(verifyToken(`${forged}.${sig}`, now)).toBeNull();
    // every other last character, including those that decode to the same bytes (padding bits)
    for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".replace(sig.slice(-1), ""))
      expect(verifyToken(`${body}.${sig.slice(0, -1)}${c}`, now)).toBeNull();
    expect(verifyToken(`${body}.${sig}.x`, now)).toBeNull();
    expect(verifyToken("", now)).toBeNull();
  });
  it("credentials round-trip encrypted; a tampered ciphertext does not decrypt", () => {
    const c = encryptSecrets({ botToken: "xoxb-123-secret" });
    expect(c).not.toContain("xoxb");
    expect(decryptSecrets(c)).toEqual({ botToken: "xoxb-123-secret" });
    const [iv, tag, data] = c.split(".");
    const flipped = Buffer.from(data, "base64url");
    flipped[0] ^= 1;
    expect(() => decryptSecrets([iv, tag, flipped.toString("base64url")].join("."))).toThrow();
  });
});

describe("messages", () => {
  const a: ApprovalForChat = {
    id: "6f1c0c1e-2d1f-4a7e-9a4b-0c8e9f4b2a11",
    status: "pending",
    agentSlug: "deploy-bot",
    actionType: "shell.exec",
    command: "terraform apply <prod> & more",
    resource: null,
    justification: null,
    initiatedBy: "dev@acme.test",
    risk: 80,
    reason: null,
    decidedByLabel: null,
    expiresAt: new Date("2026-12-04T12:00:00Z"),
  };
  it("Block Kit: buttons while pending, none once decided; mrkdwn escaped", () => {
    const pending = JSON.stringify(slackMessage(a));
    expect(pending).toContain("gatehouse_approve");
    expect(pending).toContain("terraform apply &lt;prod&gt; &amp; more");
    const done = JSON.stringify(slackMessage({ ...a, status: "approved", decidedByLabel: "ann@acme.test" }));
    expect(done).not.toContain("gatehouse_approve");
    expect(done).toContain("Approved by ann@acme.test");
    expect(done).toContain("gatehouse_open");
  });
  it("Teams: an Adaptive Card with an Action.OpenUrl", () => {
    const card = teamsMessage(a).attachments[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.actions).toEqual([expect.objectContaining({ type: "Action.OpenUrl", title: "Open in Gatehouse" })]);
  });
});
