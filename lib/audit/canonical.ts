import { createHash, hash as oneShotHash } from "node:crypto";

/**
 * JSON with object keys sorted at every level: the same value always gives the same text.
 *
 * The exact text is part of every stored hash, so it must never change. It is defined as
 * `JSON.stringify(normalize(value))` where normalize maps null/undefined to null, a Date to its
 * ISO string, a non-finite number to null, and copies every other object into a null-prototype
 * object whose keys are inserted in sorted order (undefined values dropped). The writer below
 * produces that text directly, without the intermediate copies (≈3× faster); note that
 * JSON.stringify lists array-index keys ("0" … "4294967294") first in numeric order, before the
 * sorted remaining keys, and the writer does the same. `canonical.test.ts` checks the writer
 * against the reference definition on random values.
 */
export function canonicalJson(value: unknown): string {
  // undefined only for a top-level function or symbol, like JSON.stringify (never hashed)
  return write(value === undefined ? null : value) as string;
}

// JSON.stringify of one string, but without its call overhead for the common string that
// needs no escape (most are short): quote, backslash, control characters, surrogates.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
// Long text (diffs, tool output) usually needs only \" \\ and \n, which three replaceAll
// passes write faster than JSON.stringify does here (Node 20); anything else goes to it.
const OTHER_ESCAPE = /[\u0000-\u0009\u000b-\u001f\ud800-\udfff]/;
const quote = (s: string): string => {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  if (s.length < 128 || OTHER_ESCAPE.test(s)) return JSON.stringify(s);
  return '"' + s.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n") + '"';
};

/** Array index as JSON.stringify orders it: the canonical decimal form of 0 … 2^32 − 2. */
function isArrayIndex(k: string): boolean {
  const c = k.charCodeAt(0); // NaN for ""
  if (!(c >= 48 && c <= 57)) return false;
  if (k.length > 10 || (c === 48 && k.length > 1)) return false;
  for (let i = 1; i < k.length; i++) {
    const d = k.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return Number(k) <= 4294967294;
}

// Sorted key orders of recently seen object shapes, by key count: the rows of one table share
// a shape, so their sort is mostly skipped. Small objects are cheap to sort and not cached.
const shapes = new Map<number, { keys: string[]; order: string[] }>();

function sortKeys(keys: string[]): string[] {
  const order = keys.slice().sort();
  if (!order.some(isArrayIndex)) return order;
  const idx = order.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return idx.concat(order.filter((k) => !isArrayIndex(k)));
}

function orderedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  const n = keys.length;
  if (n < 8) return n > 1 ? sortKeys(keys) : keys;
  const hit = shapes.get(n);
  if (hit) {
    let i = 0;
    while (i < n && keys[i] === hit.keys[i]) i++;
    if (i === n) return hit.order;
  }
  const order = sortKeys(keys);
  if (n <= 64) shapes.set(n, { keys, order });
  return order;
}

function write(v: unknown): string | undefined {
  switch (typeof v) {
    case "string":
      return quote(v);
    case "number":
      return Number.isFinite(v) ? "" + (v as number) : "null"; // as JSON.stringify: -0 → "0"
    case "boolean":
      return v ? "true" : "false";
    case "object": {
      if (v === null) return "null";
      if (v instanceof Date) return '"' + v.toISOString() + '"';
      if (Array.isArray(v)) {
        let out = "[";
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out += ",";
          const x = v[i];
          out += x === undefined ? "null" : (write(x) ?? "null");
        }
        return out + "]";
      }
      const o = v as Record<string, unknown>;
      let out = "{";
      let first = true;
      for (const k of orderedKeys(o)) {
        const x = o[k];
        if (x === undefined) continue;
        const s = write(x);
        if (s === undefined) continue; // functions and symbols: left out, as JSON.stringify does
        out += first ? quote(k) + ":" + s : "," + quote(k) + ":" + s;
        first = false;
      }
      return out + "}";
    }
    case "bigint":
      return JSON.stringify(v); // throws, as JSON.stringify does
    default:
      return undefined; // function, symbol
  }
}

/**
 * canonicalJson(obj) for a plain object whose `key` value's canonical text is already known
 * (rendered once, used for two hashes): the same text, without rendering that value again.
 * The caller guarantees `text === canonicalJson(obj[key])` and that obj[key] is not undefined.
 */
export function canonicalJsonWith(obj: Record<string, unknown>, key: string, text: string): string {
  let out = "{";
  let first = true;
  for (const k of orderedKeys(obj)) {
    let s: string | undefined;
    if (k === key) s = text;
    else {
      const x = obj[k];
      if (x === undefined) continue;
      s = write(x);
      if (s === undefined) continue;
    }
    out += first ? quote(k) + ":" + s : "," + quote(k) + ":" + s;
    first = false;
  }
  return out + "}";
}

export function sha256Hex(text: string | Uint8Array): string {
  return oneShotHash ? oneShotHash("sha256", text, "hex") : createHash("sha256").update(text).digest("hex");
}

export const GENESIS_HASH = "0".repeat(64);

/**
 * JSON.stringify writes U+0000 and lone surrogates as escapes, and PostgreSQL's jsonb refuses
 * both: their presence in a JSON text is the test (record.ts strips them before storing).
 */
export const UNSTORABLE_JSON_ESCAPE = /\\u0000|\\ud[89a-f]/i;

/**
 * canonicalJsonWith(obj, key, text) cut around `text`: the canonical text before the key's value
 * and after it (the key is present in obj). The value's text in between is the caller's.
 */
export function canonicalJsonAround(obj: Record<string, unknown>, key: string): [before: string, after: string] {
  let out = "{";
  let before: string | undefined;
  let first = true;
  for (const k of orderedKeys(obj)) {
    if (k === key) {
      before = out + (first ? "" : ",") + quote(k) + ":";
      out = "";
      first = false;
      continue;
    }
    const x = obj[k];
    if (x === undefined) continue;
    const s = write(x);
    if (s === undefined) continue;
    out += first ? quote(k) + ":" + s : "," + quote(k) + ":" + s;
    first = false;
  }
  if (before === undefined) throw new Error(`canonicalJsonAround: no key ${JSON.stringify(key)}`);
  return [before, out + "}"];
}

/**
 * The chain link: the hash of the previous link and the canonical form of this row. The payload's
 * canonical text, when known, may come as its UTF-8 bytes (rendered off the event loop for a large
 * payload, lib/audit/payload-work.ts): the same hash, without flattening and encoding megabytes of
 * text on the loop.
 */
export function chainHash(prevHash: string, fields: Record<string, unknown>, payloadCanonical?: string | Uint8Array): string {
  if (payloadCanonical instanceof Uint8Array) {
    const [before, after] = canonicalJsonAround(fields, "payload");
    return createHash("sha256")
      .update(prevHash + "\n" + before)
      .update(payloadCanonical)
      .update(after)
      .digest("hex");
  }
  return sha256Hex(prevHash + "\n" + (payloadCanonical === undefined ? canonicalJson(fields) : canonicalJsonWith(fields, "payload", payloadCanonical)));
}

// U+0000, and UTF-16 surrogates without their pair (jsonb refuses their \uD800 escapes).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SUSPECT = /[\u0000\ud800-\udfff]/;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Whether stripNul would change anything (or meets a value it copies into a plain object). */
function needsCopy(value: unknown, depth: number): boolean {
  if (typeof value === "string") return SUSPECT.test(value);
  if (value === null || typeof value !== "object" || value instanceof Date) return false;
  if (depth > 512) return true; // let the copying walk decide (and fail) as it always did
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (needsCopy(value[i], depth + 1)) return true;
    return false;
  }
  if (!isPlainObject(value)) return true;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    if (SUSPECT.test(k) || needsCopy((value as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

function copyStorable<T>(value: T): T {
  if (typeof value === "string") return (SUSPECT.test(value) ? value.replace(UNSTORABLE, "\uFFFD") : value) as T;
  if (Array.isArray(value)) return value.map(copyStorable) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(value)) out[copyStorable(k)] = copyStorable(v);
    return out as T;
  }
  return value;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or lone surrogates; replace them everywhere
 * before storage (a lone surrogate in a CI gate name was a 500: lib/security fuzzing).
 * A plain value with nothing to replace is returned as it is (not copied); otherwise the
 * result is a copy with null-prototype objects.
 */
export function stripNul<T>(value: T): T {
  return needsCopy(value, 0) ? copyStorable(value) : value;
}
