// fast-check generators for the fuzzers (test-only): hostile values, and mutations of a valid
// body (drop/replace a field, wrong types, huge strings, deep nesting, NUL and lone
// surrogates, numbers out of range).
import fc from "fast-check";

/** Runs per property: CI-sized by default; FUZZ_RUNS=2000 for the long mode (see README.md). */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 40);

export function nest(depth: number, leaf: unknown = "x", kind: "array" | "object" = "array"): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = kind === "array" ? [v] : { a: v };
  return v;
}

const nastyStrings = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfff",
  "\uffff\ufffe",
  "😀".repeat(300),
  "'; DROP TABLE agents; --",
  "%00%ff",
  "../../../../etc/passwd",
  "<script>alert(1)</script>",
  "constructor",
  "__proto__",
  "x".repeat(70_000),
);

const nastyNumbers = fc.constantFrom(
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  2 ** 63,
  1e21,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
);

/** A value of any JSON type that tends to break parsers, validators and the database. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nastyStrings,
  nastyNumbers,
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom(null, true, false, [], {}, [null], { "": null }),
  fc.integer({ min: 50, max: 3000 }).chain((d) => fc.constantFrom(nest(d), nest(d, 1, "object"))),
  fc.array(fc.string({ maxLength: 5 }), { minLength: 1000, maxLength: 2000 }),
);

type Path = (string | number)[];

function paths(v: unknown, prefix: Path = [], out: Path[] = [], depth = 0): Path[] {
  if (depth > 6 || v === null || typeof v !== "object") return out;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const p = [...prefix, Array.isArray(v) ? Number(k) : k];
    out.push(p);
    paths(x, p, out, depth + 1);
  }
  return out;
}

// JSON round trip: the bodies are JSON anyway, and structuredClone overflows on deep nesting.
function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function setAt(root: unknown, p: Path, value: unknown, drop: boolean) {
  let cur = root as Record<string | number, unknown>;
  for (const k of p.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = p[p.length - 1];
  if (drop) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else cur[last] = clone(value); // a fresh copy: never a cycle, never a shared constant
}

function getAt(root: unknown, p: Path): unknown {
  let cur = root;
  for (const k of p) cur = (cur as Record<string | number, unknown>)[k];
  return cur;
}

/** A hostile value of the same JSON type as `orig`: it passes type checks and reaches the code behind them. */
function sameType(orig: unknown): fc.Arbitrary<unknown> {
  if (typeof orig === "string")
    return fc.oneof(
      nastyStrings,
      fc.string({ unit: "binary", maxLength: 120 }),
      fc.constantFrom("\u0000", "\ud800", "\u202e", "x".repeat(5000)).map((bad) => orig + bad),
    );
  if (typeof orig === "number") return nastyNumbers;
  if (typeof orig === "boolean") return fc.constantFrom(0, 1, "true", null);
  if (Array.isArray(orig)) return fc.array(fc.oneof(nastyStrings, fc.string({ unit: "binary", maxLength: 40 })), { maxLength: 60 });
  return nastyValue;
}

/** Mutations of one valid body: every field of it, at any depth, dropped or replaced. */
export function mutatedBody(valid: unknown): fc.Arbitrary<unknown> {
  const all = paths(valid);
  if (all.length === 0) return nastyValue;
  return fc.nat({ max: all.length - 1 }).chain((i) =>
    fc
      .tuple(
        fc.constantFrom("drop", "replace", "same", "same"),
        nastyValue,
        sameType(getAt(valid, all[i])),
        fc.nat({ max: 3 }),
        fc.nat({ max: all.length - 1 }),
      )
      .map(([op, value, typed, extra, j]) => {
        const body = clone(valid);
        setAt(body, all[i], op === "same" ? typed : value, op === "drop");
        // sometimes a second mutation, or an unexpected extra field
        if (extra === 1 && i !== j) {
          try {
            setAt(body, all[j], value, false);
          } catch {
            /* the first mutation removed the parent */
          }
        }
        if (extra === 2 && body && typeof body === "object" && !Array.isArray(body)) (body as Record<string, unknown>)["unexpected_field"] = clone(value);
        return body;
      }),
  );
}

/** Bytes that are not JSON (or barely are): binary, truncated JSON, BOMs, NaN, huge exponents. */
export function nonJsonBody(valid: unknown): fc.Arbitrary<Uint8Array | string> {
  const text = JSON.stringify(valid) ?? "null";
  return fc.oneof(
    fc.uint8Array({ maxLength: 512 }),
    fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n)),
    fc.constantFrom("\ufeff" + text, text + "garbage", "NaN", '{"a":1e400}', "[1,2,", "{'a':1}", "\u0000", "null", '""', "1e999999"),
    fc.string({ unit: "binary", maxLength: 300 }),
  );
}
