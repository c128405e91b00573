// Guards for client JSON before it reaches code that recurses or a database that refuses some
// text (found by lib/security/fuzz.int.test.ts). Pure, no imports, iterative (a guard that
// recursed would overflow on the very input it guards against).

/** How deep client JSON may nest. Real payloads (hook tool input, SARIF, GitHub) stay far below. */
export const MAX_JSON_DEPTH = 256;

/** Escapes that JSON.parse turns into text PostgreSQL cannot store: U+0000 and lone surrogates. */
const UNSTORABLE_ESCAPE = /\\u0000|\\u[dD][89abcdefABCDEF]/;

/** Text PostgreSQL refuses in text and jsonb: NUL, and UTF-16 surrogates without their pair. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Cheap test on the raw body: may JSON.parse of it produce unstorable strings? */
export function mayHoldUnstorable(jsonText: string): boolean {
  return UNSTORABLE_ESCAPE.test(jsonText);
}

/** The string with NUL and lone surrogates replaced by U+FFFD (as the audit trail stores them). */
export function storableString(s: string): string {
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(s) ? s.replace(UNSTORABLE, "\uFFFD") : s;
}

/** Deepest nesting of arrays/objects in a parsed JSON value, counted iteratively; stops past `limit`. */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const x of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) if (x !== null && typeof x === "object") stack.push([x, depth]);
  }
  return max;
}

function isPlain(v: object): boolean {
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A copy of a parsed JSON value with every string (and key) storable. Iterative. */
export function toStorable<T>(value: T): T {
  if (typeof value === "string") return storableString(value) as T;
  if (value === null || typeof value !== "object" || !isPlain(value)) return value;
  const root: { v: unknown } = { v: undefined };
  const stack: { src: unknown; set: (x: unknown) => void }[] = [{ src: value, set: (x) => (root.v = x) }];
  while (stack.length) {
    const { src, set } = stack.pop()!;
    if (typeof src === "string") set(storableString(src));
    else if (src === null || typeof src !== "object" || !isPlain(src))
      set(src); // Date, File, …: as they are
    else if (Array.isArray(src)) {
      const out: unknown[] = new Array(src.length);
      set(out);
      src.forEach((x, i) => stack.push({ src: x, set: (y) => (out[i] = y) }));
    } else {
      const out: Record<string, unknown> = {};
      set(out);
      const entries = Object.entries(src as Record<string, unknown>);
      // Two keys can become one once cleaned ("\u0000a" and "\ud800a" both read "\uFFFDa"):
      // a cleaned key that meets a key already taken gets "#2", "#3"… so no value is lost.
      const taken = new Set(entries.map(([k]) => k).filter((k) => storableString(k) === k));
      for (const [k, x] of entries) {
        let key = storableString(k);
        if (key !== k) {
          for (let n = 2; taken.has(key); n++) key = `${storableString(k)}#${n}`;
          taken.add(key);
        }
        stack.push({ src: x, set: (y) => Object.defineProperty(out, key, { value: y, enumerable: true, writable: true, configurable: true }) });
      }
    }
  }
  return root.v as T;
}
