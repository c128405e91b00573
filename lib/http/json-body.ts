// A JSON request body as every route reads it: parsed, its unstorable text made storable and its
// nesting measured (lib/security/json-guard.ts). Pure: the event loop runs it on small bodies,
// the JSON worker (json-off-loop-worker.mjs) on large ones, and json-off-loop.test.ts holds the
// two to the same result.
import { MAX_JSON_DEPTH, jsonDepth, mayHoldUnstorable, toStorable } from "@/lib/security/json-guard";

export interface ParsedBody {
  /** the value; undefined for an empty body, and for one nested deeper than MAX_JSON_DEPTH */
  value: unknown;
  /** nested deeper than MAX_JSON_DEPTH (the caller refuses it) */
  tooDeep: boolean;
}

/** Throws SyntaxError for invalid JSON, like JSON.parse. */
export function parseBody(text: string): ParsedBody {
  if (!text.length) return { value: undefined, tooDeep: false };
  let value: unknown = JSON.parse(text);
  // PostgreSQL refuses NUL and lone surrogates in text/jsonb (they were 500s on every route)
  if (mayHoldUnstorable(text)) value = toStorable(value);
  // code behind the schemas recurses (hashing, redaction): callers refuse absurd nesting. A text
  // of 2 × MAX_JSON_DEPTH characters nests MAX_JSON_DEPTH levels at most.
  const tooDeep = text.length > 2 * MAX_JSON_DEPTH && jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH;
  return { value: tooDeep ? undefined : value, tooDeep };
}
