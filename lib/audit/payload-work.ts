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
import { redactValueSteps, type RedactionReport } from "@/lib/redaction/redact";
import { runSync } from "@/lib/changes/reports/run";
import { UNSTORABLE_JSON_ESCAPE, canonicalJson, canonicalJsonWith, sha256Hex } from "./canonical";

/** From this many characters (about) a payload is worth a trip to the worker. */
export const LARGE_PAYLOAD_CHARS = 64 * 1024;

export interface PayloadWork {
  bodyHash: string;
  /** the redacted payload; absent when redaction changed nothing (the client's payload is stored) */
  payload?: unknown;
  changed: boolean;
  report: RedactionReport;
  canonical: Uint8Array;
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
  return {
    bodyHash,
    ...(changed ? { payload: stored } : {}),
    changed,
    report,
    canonical: Buffer.from(changed ? canonicalJson(stored) : sent, "utf8"),
    json,
    jsonStorable: !UNSTORABLE_JSON_ESCAPE.test(json),
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
