// Pure redaction: every string anywhere in a value is scanned and each secret replaced by
// `[REDACTED:<rule-id>]` before anything is stored. No DB or Next imports.
import { SECRET_RULES, isSecretKey, marker, type SecretRule } from "./rules";

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
const ANY_CASE_SENSITIVE = anyOf(RULES.map((r) => r.gate).filter((g) => !g.flags.includes("i")), "");
const ANY_CASE_INSENSITIVE = anyOf(RULES.map((r) => r.gate).filter((g) => g.flags.includes("i")), "i");

function note(report: RedactionReport, id: string, n = 1) {
  report.count += n;
  report.rules[id] = (report.rules[id] ?? 0) + n;
}

/** Redacts one string, adding its hits to `report`. */
export function redactText(text: string, report: RedactionReport): string {
  // Secrets in context are at least ~12 characters (PWD=abc12345); most fields (types, slugs,
  // ids) are shorter.
  if (text.length < 12 || !(ANY_CASE_SENSITIVE.test(text) || ANY_CASE_INSENSITIVE.test(text))) return text;
  let out = text;
  for (const { rule, gate, marker: m } of RULES) {
    // The gate is checked on the text as the earlier rules left it (markers included).
    if (!gate.test(out)) continue;
    if (rule.scan) {
      out = replaceRanges(out, rule.scan(out), m, () => note(report, rule.id));
      continue;
    }
    rule.pattern.lastIndex = 0;
    if (!rule.pattern.test(out)) continue;
    rule.pattern.lastIndex = 0;
    out = out.replace(rule.pattern, (whole: string, ...groups: unknown[]) => {
      note(report, rule.id);
      if (rule.group === undefined) return m;
      const secret = groups[rule.group - 1] as string;
      // Replace only the secret inside the match; keep the context (user, host) readable.
      const at = whole.lastIndexOf(secret);
      return whole.slice(0, at) + m + whole.slice(at + secret.length);
    });
  }
  return out;
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

function walk(value: unknown, report: RedactionReport, depth: number): unknown {
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
      const v = walk(value[i], report, depth + 1);
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
    } else {
      v = walk(orig, report, depth + 1);
    }
    // Keys can carry secrets too (a header map keyed by token is rare, but costs nothing).
    const k = key.length >= 16 ? redactText(key, report) : key;
    if (v !== orig || k !== key) {
      copy ??= { ...obj };
      if (k !== key) delete copy[key];
      copy[k] = v;
    }
  }
  return copy ?? value;
}

/** Redacts a whole value (deep). Unchanged sub-trees are shared, not copied. */
export function redactValue<T>(value: T): { value: T; report: RedactionReport } {
  const report: RedactionReport = { count: 0, rules: {} };
  const out = walk(value, report, 0) as T;
  return { value: out, report };
}
