import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Keys for the chat integration, derived from the instance's NEXTAUTH_SECRET (which
 * lib/server/secrets.ts makes persistent): one for the stored credentials, one for the
 * signed links. Rotating NEXTAUTH_SECRET invalidates both (re-enter the credentials).
 */
function key(purpose: "config" | "links"): Buffer {
  const secret = env().NEXTAUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set: chat credentials and links cannot be protected");
  return createHash("sha256").update(`gatehouse-chat-${purpose}\0${secret}`).digest();
}

/** AES-256-GCM: iv.tag.ciphertext, base64url each. */
export function encryptSecrets(value: Record<string, string>): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key("config"), iv);
  const data = Buffer.concat([c.update(JSON.stringify(value), "utf8"), c.final()]);
  return [iv, c.getAuthTag(), data].map((b) => b.toString("base64url")).join(".");
}

export function decryptSecrets(stored: string): Record<string, string> {
  const [iv, tag, data] = stored.split(".").map((s) => Buffer.from(s, "base64url"));
  const d = createDecipheriv("aes-256-gcm", key("config"), iv);
  d.setAuthTag(tag);
  return JSON.parse(Buffer.concat([d.update(data), d.final()]).toString("utf8")) as Record<string, string>;
}

/** Shows that a credential is set without showing it: the first 4 and last 2 characters at most. */
export function maskSecret(s: string | undefined): string | null {
  if (!s) return null;
  if (s.length <= 10) return "••••";
  return `${s.slice(0, 4)}…${s.slice(-2)}`;
}

export type LinkToken = { k: "link"; p: "slack"; w: string; u: string; n?: string; exp: number } | { k: "open"; a: string; exp: number };

/** A signed, expiring token: base64url(JSON).base64url(HMAC-SHA256). */
export function signToken(payload: LinkToken): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${createHmac("sha256", key("links")).update(body).digest("base64url")}`;
}

/** The payload, or null when forged, malformed or expired. */
export function verifyToken(token: string | null | undefined, now = Date.now()): LinkToken | null {
  if (!token || token.length > 2000) return null;
  const [body, sig, extra] = token.split(".");
  if (!body || !sig || extra !== undefined) return null;
  // compared as text: base64url's last character carries padding bits, so decoding would accept
  // variants of one signature (and a single-use link keyed on it could be used again)
  const want = Buffer.from(createHmac("sha256", key("links")).update(body).digest("base64url"));
  const got = Buffer.from(sig);
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  try {
    const p = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as LinkToken;
    if (typeof p.exp !== "number" || p.exp * 1000 <= now) return null;
    return p;
  } catch {
    return null;
  }
}

/** Slack's request signing, v0: HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function slackSignature(signingSecret: string, timestamp: string, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export const SLACK_MAX_SKEW_S = 5 * 60;

/** Checks the signature and that the timestamp is within five minutes (either way). */
export function verifySlackRequest(
  signingSecret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  nowS = Math.floor(Date.now() / 1000),
): "ok" | "missing" | "stale" | "forged" {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return "missing";
  if (!/^\d{1,12}$/.test(timestamp)) return "forged";
  if (Math.abs(nowS - Number(timestamp)) > SLACK_MAX_SKEW_S) return "stale";
  const want = Buffer.from(slackSignature(signingSecret, timestamp, body));
  const got = Buffer.from(signature);
  return got.length === want.length && timingSafeEqual(got, want) ? "ok" : "forged";
}
