// GitHub webhook signatures: X-Hub-Signature-256 = "sha256=" + HMAC-SHA256(secret, raw body).
// Compared in constant time over the raw bytes, before the body is parsed.
import { createHmac, timingSafeEqual } from "node:crypto";

export function signBody(secret: string, body: string | Buffer): string {
  return "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
}

export function verifySignature(secret: string, body: string | Buffer, header: string | undefined | null): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return false;
  const expected = Buffer.from(signBody(secret, body), "utf8");
  const given = Buffer.from(header.trim().toLowerCase(), "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
