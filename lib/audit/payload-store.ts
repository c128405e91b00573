// Large audit payloads outside the chained statement (issue 16). Every decision appends to the
// audit chain, so one row of megabytes in the append statement held the chain head (PostgreSQL:
// its row lock until the large row committed; PGlite: its one thread for the whole insert) and
// every other agent's decision waited behind it. A payload whose canonical JSON is larger than
// OUTSIDE_CHAIN_BYTES is written first, content-addressed, into audit_payload_chunks — in parts
// of at most CHUNK_BYTES, each its own short autocommitted statement, the event loop given back
// between them — and the chained row carries only its reference (payload_sha256, payload_bytes),
// which the row's hash covers. `audit verify` recomputes each referenced payload's SHA-256 from
// the stored parts (verify.ts), so the payload stays tamper-evident.
//
// Readers get the payload exactly as the jsonb column returned it before: payloadColumn joins
// the parts in the database and casts them to jsonb (gatehouse_audit_payload, migration 0021).
import { getTableColumns, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";

/** Canonical JSON larger than this is stored outside the chained row (why 64 KiB: payload-work.ts). */
export { OUTSIDE_CHAIN_BYTES } from "./payload-work";

/** At most this many bytes per stored part (one statement each). */
export const CHUNK_BYTES = 256 * 1024;

export interface PayloadRef {
  /** SHA-256 (hex) of the payload's canonical JSON, UTF-8 */
  sha256: string;
  /** its length in bytes */
  bytes: number;
}

/**
 * UTF-8 bytes cut into parts of at most `max` bytes, each ending on a character boundary (a part
 * never starts with a continuation byte), so each part is valid text on its own.
 */
export function splitUtf8(bytes: Uint8Array, max = CHUNK_BYTES): Uint8Array[] {
  if (max < 4) throw new Error("splitUtf8: a part holds at least one character (4 bytes)");
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    let end = Math.min(at + max, bytes.length);
    // back off from a continuation byte (10xxxxxx) to the start of its character
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(at, end));
    at = end;
  }
  return parts;
}

const decoder = new TextDecoder("utf-8", { fatal: true });
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes one payload's canonical bytes as parts keyed by their digest, before the chained row
 * that references it; resolves once every part is committed. Each part is its own statement and
 * transaction (outside the caller's): a crash between parts, or before the chained row, leaves
 * only parts no row references (content-addressed: harmless, SECURITY.md "Stalls"). Writing the
 * same payload again inserts nothing new (ON CONFLICT DO NOTHING: the parts are append-only).
 */
export async function storeLargePayload(db: Db, canonical: Uint8Array, sha256: string): Promise<PayloadRef> {
  const parts = splitUtf8(canonical);
  for (let part = 0; part < parts.length; part++) {
    if (part > 0) await yieldToLoop();
    await db.execute(
      sql`INSERT INTO audit_payload_chunks (digest, part, data) VALUES (${sha256}, ${part}, ${decoder.decode(parts[part])}) ON CONFLICT DO NOTHING`,
    );
  }
  return { sha256, bytes: canonical.length };
}

/** The payload column as readers select it: the stored jsonb, or the referenced payload as jsonb. */
export const payloadColumn = () =>
  sql`CASE WHEN ${auditEvents.payloadSha256} IS NULL THEN ${auditEvents.payload} ELSE gatehouse_audit_payload(${auditEvents.payloadSha256}) END`.mapWith(
    auditEvents.payload,
  );

/** Every column of audit_events, with the payload resolved (db.select(auditEventColumns()).from(auditEvents)). */
export const auditEventColumns = () => ({ ...getTableColumns(auditEvents), payload: payloadColumn() });
