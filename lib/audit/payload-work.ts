// The size-proportional work on one client event with a large payload (issue 16), as one pure
// function: lib/audit/ingest.ts runs it on the off-loop worker (lib/offload/off-loop.ts) and gives
// the event loop only the results. It gives byte for byte what the in-process path gives
// (payload-work.test.ts compares the two on generated values):
//   bodyHash   sha256 of the event's canonical JSON as the client sent it (prepare in ingest.ts)
//   payload    the payload redacted as toCandidate redacts it, when redaction changed it
//   canonical  canonicalJson of the payload as stored, as UTF-8 bytes (the chain hash reads them,
//              record.ts: no text of megabytes to flatten and encode on the event loop)
//   json       JSON.stringify of the payload as stored (the jsonb text record.ts writes)
//   jsonStorable  whether that text holds no escape jsonb refuses (record.ts need not scan it again)
//   sha256     SHA-256 of `canonical`; when `outside` (canonical larger than OUTSIDE_CHAIN_BYTES and
//              storable), the payload is stored outside the chained row (payload-store.ts) and
//              neither `payload` nor `json` is handed back: the event loop never holds its value
import { redactValueSteps, type RedactionReport } from "@/lib/redaction/redact";
import { runSync } from "@/lib/changes/reports/run";
import { UNSTORABLE_JSON_ESCAPE, canonicalJson, canonicalJsonWith, sha256Hex } from "./canonical";

/**
 * Canonical JSON larger than this is stored outside the chained row (payload-store.ts). 64 KiB:
 * the off-loop worker takes payloads from about this size (LARGE_PAYLOAD_CHARS), so their bytes
 * and digest come from there at no cost to the event loop; below it an insert costs well under a
 * millisecond, so decisions' rows (small: hook fields are truncated for the audit) and most events
 * keep the one-statement path untouched. Above it a row's cost grows with its size, and so would
 * the time the chain head is held. (Here, not in payload-store.ts: the worker loads this module.)
 */
export const OUTSIDE_CHAIN_BYTES = 64 * 1024;

/** From this many characters (about) a payload is worth a trip to the worker. */
export const LARGE_PAYLOAD_CHARS = 64 * 1024;

export interface PayloadWork {
  bodyHash: string;
  /** the redacted payload; absent when redaction changed nothing (the client's payload is stored) */
  payload?: unknown;
  changed: boolean;
  report: RedactionReport;
  canonical: Uint8Array;
  sha256: string;
  /** stored outside the chained row: `payload` and `json` are left out ("" for json) */
  outside: boolean;
  json: string;
  jsonStorable: boolean;
}

export function auditPayloadWork(item: Record<string, unknown>): PayloadWork {
  const original = item.payload;
  const sent = canonicalJson(original);
  const bodyHash = sha256Hex(canonicalJsonWith(item, "payload", sent));
  // redacted by the same code as toCandidate's record, under its key, at the same depth
  const { value, report } = runSync(redactValueSteps({ payload: original }));
  const changed = value.payload !== original;
  const stored = changed ? value.payload : original;
  const json = JSON.stringify(stored);
  const canonical = Buffer.from(changed ? canonicalJson(stored) : sent, "utf8");
  const jsonStorable = !UNSTORABLE_JSON_ESCAPE.test(json);
  const outside = jsonStorable && canonical.length > OUTSIDE_CHAIN_BYTES;
  return {
    bodyHash,
    ...(changed && !outside ? { payload: stored } : {}),
    changed,
    report,
    canonical,
    sha256: sha256Hex(canonical),
    outside,
    json: outside ? "" : json,
    jsonStorable,
  };
}

/**
 * Whether a value holds more than `chars` characters of strings and keys (8 per other value),
 * looking at no more of it than that: cheap on any size.
 */
export function largerThan(value: unknown, chars: number): boolean {
  let left = chars;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") left -= v.length;
    else if (v !== null && typeof v === "object") {
      left -= 8;
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0 && stack.length < chars; i--) stack.push(v[i]);
      else
        for (const k in v) {
          left -= k.length;
          stack.push((v as Record<string, unknown>)[k]);
          if (left < 0 || stack.length > chars) break;
        }
    } else left -= 8;
    if (left < 0) return true;
  }
  return false;
}
