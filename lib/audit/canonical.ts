import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : normalize(x)));
  if (typeof v === "object") {
    // Null prototype: a "__proto__" key is then an ordinary key and is hashed like any other
    // (with `{}` it would be swallowed, and content under it could be altered undetected).
    const out: Record<string, unknown> = Object.create(null);
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = normalize(x);
    }
    return out;
  }
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  return v;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export const GENESIS_HASH = "0".repeat(64);

/** The chain link: the hash of the previous link and the canonical form of this row. */
export function chainHash(prevHash: string, fields: Record<string, unknown>): string {
  return sha256Hex(prevHash + "\n" + canonicalJson(fields));
}

// U+0000, and UTF-16 surrogates without their pair (jsonb refuses their \uD800 escapes).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or lone surrogates; replace them everywhere
 * before storage (a lone surrogate in a CI gate name was a 500: lib/security fuzzing).
 */
export function stripNul<T>(value: T): T {
  if (typeof value === "string") return (/[\u0000\ud800-\udfff]/.test(value) ? value.replace(UNSTORABLE, "\uFFFD") : value) as T;
  if (Array.isArray(value)) return value.map(stripNul) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(value)) out[stripNul(k)] = stripNul(v);
    return out as T;
  }
  return value;
}
