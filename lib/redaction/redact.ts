// Pure redaction: every string anywhere in a value is scanned and each secret replaced by
// `[REDACTED:<rule-id>]` before anything is stored. No DB or Next imports.
import { SECRET_RULES, isSecretKey, marker, privateKeyBlockSteps, type SecretRule } from "./rules";

export interface RedactionReport {
  /** Total secrets replaced. */
  count: number;
  /** Hits per rule id. */
  rules: Record<string, number>;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Per rule: a regex that every match of the rule also matches (its hints, or its gate). */
function gateOf(rule: SecretRule): RegExp {
  if (rule.gate) return rule.gate;
  const hints = typeof rule.hint === "string" ? [rule.hint] : rule.hint;
  return new RegExp(hints.map(escapeRe).join("|"), rule.pattern.flags.includes("i") ? "i" : "");
}

const RULES = SECRET_RULES.map((rule) => ({ rule, gate: gateOf(rule), marker: marker(rule.id) }));

/**
 * Any rule's gate, in two scans: the case-sensitive gates as one regex and the case-insensitive
 * ones as another (one case-insensitive regex for all is ~1.7× slower, and matches more). Text
 * neither matches cannot match any rule, so most text (code, logs, URLs without credentials)
 * costs these two scans only.
 */
const anyOf = (gates: RegExp[], flags: string) => (gates.length ? new RegExp(gates.map((g) => g.source).join("|"), flags) : /(?!)/);
const ANY_CASE_SENSITIVE = anyOf(
  RULES.map((r) => r.gate).filter((g) => !g.flags.includes("i")),
  "",
);
const ANY_CASE_INSENSITIVE = anyOf(
  RULES.map((r) => r.gate).filter((g) => g.flags.includes("i")),
  "i",
);

function note(report: RedactionReport, id: string, n = 1) {
  report.count += n;
  report.rules[id] = (report.rules[id] ?? 0) + n;
}

/** Redacts one string, adding its hits to `report`. */
export function redactText(text: string, report: RedactionReport): string {
  return applyRules(text, report, RULES);
}

/**
 * The shortest text any rule matches — basic-auth's `ab://u:p@` (9 characters; secret-assignment's
 * `pwd=abcdef` is 10): a shorter text or object key cannot hold a secret, so it is not scanned
 * (most stored fields are short identifiers). Longer ones are scanned only when they contain one of
 * the rules' hints (mayMatch), so the floor costs no more than the hint test. rules.test.ts checks
 * that no rule matches below it.
 */
export const MIN_SECRET_CHARS = 9;
const mayMatch = (text: string) => ANY_CASE_SENSITIVE.test(text) || ANY_CASE_INSENSITIVE.test(text);
const mayHold = (text: string) => text.length >= MIN_SECRET_CHARS && mayMatch(text);

function applyRules(text: string, report: RedactionReport, rules: typeof RULES): string {
  if (!mayHold(text)) return text;
  let out = text;
  for (const r of rules) out = applyRule(out, r, report);
  return out;
}

/**
 * applyRules on a piece of a long text, yielding before each rule on a long piece (a segment with
 * no place to cut). A piece is scanned whatever its length: the length floor is the whole text's.
 */
function* applyRuleSteps(text: string, report: RedactionReport, rules: typeof RULES): Generator<void, string> {
  if (!mayMatch(text)) return text;
  let out = text;
  for (const r of rules) {
    if (out.length > SEGMENT) yield;
    out = applyRule(out, r, report);
  }
  return out;
}

function applyRule(out: string, { rule, gate, marker: m }: (typeof RULES)[number], report: RedactionReport): string {
  // The gate is checked on the text as the earlier rules left it (markers included).
  if (!gate.test(out)) return out;
  if (rule.scan) return replaceRanges(out, rule.scan(out), m, () => note(report, rule.id));
  rule.pattern.lastIndex = 0;
  if (!rule.pattern.test(out)) return out;
  rule.pattern.lastIndex = 0;
  return out.replace(rule.pattern, (whole: string, ...groups: unknown[]) => {
    note(report, rule.id);
    if (rule.group === undefined) return m;
    const secret = groups[rule.group - 1] as string;
    // Replace only the secret inside the match; keep the context (user, host) readable.
    const at = whole.lastIndexOf(secret);
    return whole.slice(0, at) + m + whole.slice(at + secret.length);
  });
}

/** The text with each [start, end) range (in order, disjoint) replaced by the marker. */
export function replaceRanges(text: string, ranges: [number, number][], m: string, onHit: () => void): string {
  if (ranges.length === 0) return text;
  let out = "";
  let at = 0;
  for (const [start, end] of ranges) {
    out += text.slice(at, start) + m;
    at = end;
    onHit();
  }
  return out + text.slice(at);
}

const MARKER_RE = /^\[REDACTED:[a-z0-9-]+\]$/;

/**
 * Beyond this nesting a value is replaced, not kept unscanned. The API refuses JSON deeper than
 * MAX_JSON_DEPTH (256), so everything a client can send is scanned to the bottom.
 */
export const MAX_REDACT_DEPTH = 512;

/** Values a caller knows to be redacted already (lib/redaction/storage.ts): kept as they are. */
export type Known = (value: unknown) => boolean;

/**
 * A string stored under a secret's name: what the rules made of it when they recognised
 * something, else the secret-field marker (`scanned === original` means no rule matched).
 */
function secretFieldValue(scanned: string, original: string, report: RedactionReport): string {
  if (scanned !== original) return scanned;
  note(report, "secret-field");
  return marker("secret-field");
}

function walk(value: unknown, report: RedactionReport, depth: number, known?: Known): unknown {
  if (known?.(value)) return value;
  if (typeof value === "string") return redactText(value, report);
  if (value === null || typeof value !== "object") return value;
  // Beyond any sane nesting, refuse to keep content we did not scan.
  if (depth > MAX_REDACT_DEPTH) {
    note(report, "too-deep");
    return marker("too-deep");
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = walk(value[i], report, depth + 1, known);
      if (v !== value[i]) (copy ??= value.slice())[i] = v;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const orig = obj[key];
    let v: unknown;
    if (typeof orig === "string" && orig.length >= 6 && isSecretKey(key) && !MARKER_RE.test(orig)) {
      // A field named like a secret is redacted whatever its value looks like, unless a
      // specific rule already recognises it.
      const before = report.count;
      const scanned = redactText(orig, report);
      if (report.count === before) {
        note(report, "secret-field");
        v = marker("secret-field");
      } else v = scanned;
    } else if (Array.isArray(orig) && isSecretKey(key)) {
      // a list under a secret's name (`passwords`, `api_keys: [...]`): each string is one
      let list: unknown[] | undefined;
      for (let i = 0; i < orig.length; i++) {
        const e = orig[i];
        const out =
          typeof e === "string" && e.length >= 6 && !MARKER_RE.test(e) ? secretFieldValue(redactText(e, report), e, report) : walk(e, report, depth + 2, known);
        if (out !== e) (list ??= orig.slice())[i] = out;
      }
      v = list ?? orig;
    } else {
      v = walk(orig, report, depth + 1, known);
    }
    // Keys can carry secrets too (a header map keyed by token, a `KEY=value` used as a key).
    const k = redactText(key, report);
    if (v !== orig || k !== key) {
      copy ??= { ...obj };
      if (k !== key) delete copy[key];
      copy[k] = v;
    }
  }
  return copy ?? value;
}

// ---------------------------------------------------------------- large values, in pieces
//
// A payload near the 5 MiB limit takes every rule over megabytes of text in one go, and blocks
// the event loop (decisions, the kill switch) for as long. The pieces below give the same result
// in bounded steps: a generator that yields after each segment of a long string and after each
// ~SEGMENT characters of a value, driven by runYielding (lib/changes/reports/run.ts), which gives
// the loop back every ~8 ms.
//
// A long string is cut only where no match can span the cut, so each segment is redacted as it
// would have been inside the whole text (lib/redaction/chunked.test.ts compares the two on
// generated texts with tiny segments). The private-key rule runs on the whole text first (its
// blocks span lines, and it is a linear scan). No other rule's match holds a line break except
// across the `\s` of the AWS-secret and Authorization rules, which follow a key or operator
// character (`key`, `authorization`, `bearer`, `basic`, `token`, a quote, `:`, `=`, `>`) or
// more white space; and only secret-assignment's `[ \t]` spans a space or tab, after a key
// character, a quote or an operator. So a cut right after a white-space character is safe when
// the character before it is none of those.

/** Characters after which a line break may be inside a match (see above). */
const UNSAFE_BEFORE_BREAK = new Set([..."yYnNrRcC\"':=>"]);
/** The same for a space or tab: secret-assignment's key characters too. */
const UNSAFE_BEFORE_SPACE = /[A-Za-z0-9_.\-"':=>]/;
const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

/** Whether the text may be cut right after position i (a white-space character). */
function safeCut(text: string, i: number): boolean {
  const c = text[i];
  if (!isSpace(c) || i === 0) return false;
  const before = text[i - 1];
  if (isSpace(before)) return false;
  if (c === " " || c === "\t") return !UNSAFE_BEFORE_SPACE.test(before);
  return !UNSAFE_BEFORE_BREAK.has(before);
}

/** Segment length of the pieces (characters); a cut is looked for from here on. */
export const SEGMENT = 64 * 1024;

const PRIVATE_KEY = RULES.find((r) => r.rule.scan);
const OTHER_RULES = RULES.filter((r) => r !== PRIVATE_KEY);

/**
 * redactText in steps: the same result, yielding after each segment. `segment` is a parameter
 * for the tests (tiny segments exercise many cuts).
 */
export function* redactTextSteps(text: string, report: RedactionReport, segment = SEGMENT): Generator<void, string> {
  if (text.length <= segment) return redactText(text, report);
  let whole = text;
  if (PRIVATE_KEY && PRIVATE_KEY.gate.test(whole)) {
    const { rule, marker: m } = PRIVATE_KEY;
    const ranges = yield* privateKeyBlockSteps(whole);
    // replaceRanges, 1,024 ranges at a time
    const pieces: string[] = [];
    let from = 0;
    for (let i = 0; i < ranges.length; i++) {
      pieces.push(whole.slice(from, ranges[i][0]), m);
      from = ranges[i][1];
      note(report, rule.id);
      if ((i & 1023) === 1023) yield;
    }
    pieces.push(whole.slice(from));
    whole = pieces.join("");
    yield;
  }
  const parts: string[] = [];
  let at = 0;
  while (at < whole.length) {
    let cut = Math.min(at + segment, whole.length);
    while (cut < whole.length && !safeCut(whole, cut - 1)) cut++;
    parts.push(yield* applyRuleSteps(whole.slice(at, cut), report, OTHER_RULES));
    at = cut;
    yield;
  }
  return parts.join("");
}

/** walk() in steps: yields after each ~SEGMENT characters of strings and inside long strings. */
function* walkSteps(value: unknown, report: RedactionReport, depth: number, budget: { left: number }): Generator<void, unknown> {
  if (typeof value === "string") {
    budget.left -= value.length;
    if (value.length > SEGMENT) return yield* redactTextSteps(value, report);
    const out = redactText(value, report);
    if (budget.left <= 0) {
      budget.left = SEGMENT;
      yield;
    }
    return out;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_REDACT_DEPTH) {
    note(report, "too-deep");
    return marker("too-deep");
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = yield* walkSteps(value[i], report, depth + 1, budget);
      if (v !== value[i]) (copy ??= value.slice())[i] = v;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const orig = obj[key];
    let v: unknown;
    if (typeof orig === "string" && orig.length >= 6 && isSecretKey(key) && !MARKER_RE.test(orig)) {
      const before = report.count;
      const scanned = yield* redactTextSteps(orig, report);
      if (report.count === before) {
        note(report, "secret-field");
        v = marker("secret-field");
      } else v = scanned;
    } else if (Array.isArray(orig) && isSecretKey(key)) {
      let list: unknown[] | undefined;
      for (let i = 0; i < orig.length; i++) {
        const e = orig[i];
        const out =
          typeof e === "string" && e.length >= 6 && !MARKER_RE.test(e)
            ? secretFieldValue(yield* redactTextSteps(e, report), e, report)
            : yield* walkSteps(e, report, depth + 2, budget);
        if (out !== e) (list ??= orig.slice())[i] = out;
      }
      v = list ?? orig;
    } else {
      v = yield* walkSteps(orig, report, depth + 1, budget);
    }
    const k = redactText(key, report);
    if (v !== orig || k !== key) {
      copy ??= { ...obj };
      if (k !== key) delete copy[key];
      copy[k] = v;
    }
  }
  return copy ?? value;
}

/** redactValue in steps (drive it with runYielding): the same value and report, in pieces. */
export function* redactValueSteps<T>(value: T): Generator<void, { value: T; report: RedactionReport }> {
  const report: RedactionReport = { count: 0, rules: {} };
  const out = (yield* walkSteps(value, report, 0, { left: SEGMENT })) as T;
  return { value: out, report };
}

/** Redacts a whole value (deep). Unchanged sub-trees are shared, not copied. */
export function redactValue<T>(value: T, known?: Known): { value: T; report: RedactionReport } {
  const report: RedactionReport = { count: 0, rules: {} };
  const out = walk(value, report, 0, known) as T;
  return { value: out, report };
}
