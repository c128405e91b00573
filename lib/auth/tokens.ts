import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Tokens: prefix + 32 base62 characters (~190 bits of randomness). Only the SHA-256 is
// stored: the token is high-entropy, so a slow KDF adds nothing but latency on the hot path.
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export type TokenKind = "agent" | "integration";
export const TOKEN_PREFIX: Record<TokenKind, string> = { agent: "gat_", integration: "gci_" };

export function randomBase62(length: number): string {
  const out: string[] = [];
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      // rejection sampling keeps the distribution uniform
      if (b < 248 && out.length < length) out.push(ALPHABET[b % 62]);
    }
  }
  return out.join("");
}

export function generateToken(kind: TokenKind) {
  const token = TOKEN_PREFIX[kind] + randomBase62(32);
  return { token, hash: hashToken(token), prefix: displayPrefix(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What the UI shows to identify a token: its kind prefix and first characters. */
export function displayPrefix(token: string): string {
  return token.slice(0, 12);
}

export function tokenKind(token: string): TokenKind | undefined {
  if (token.startsWith("gat_")) return "agent";
  if (token.startsWith("gci_")) return "integration";
  return undefined;
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export const INTEGRATION_SCOPES = [
  "events:write",
  "ci:write",
  "defects:write",
  "audit:read",
  "agents:read",
  "agents:write",
  "policies:write",
  "telemetry:write",
] as const;
export type IntegrationScope = (typeof INTEGRATION_SCOPES)[number];
