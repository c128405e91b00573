import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { redactText, redactValue } from "./redact";
import { SECRET_CORPUS, realisticPayload } from "./corpus";
import { SECRET_RULES, marker } from "./rules";

/** Every rule's regex on every text, no hints or gates: what the prefilters must not change. */
function redactUngated(text: string, report: { count: number; rules: Record<string, number> }): string {
  if (text.length < 16) return text;
  let out = text;
  for (const rule of SECRET_RULES) {
    rule.pattern.lastIndex = 0;
    out = out.replace(rule.pattern, (whole: string, ...groups: unknown[]) => {
      report.count++;
      report.rules[rule.id] = (report.rules[rule.id] ?? 0) + 1;
      if (rule.group === undefined) return marker(rule.id);
      const secret = groups[rule.group - 1] as string;
      const at = whole.lastIndexOf(secret);
      return whole.slice(0, at) + marker(rule.id) + whole.slice(at + secret.length);
    });
  }
  return out;
}

// Pieces that come close to the rules: hints, secrets, separators, URL and header parts.
const FRAGMENTS = [
  ...SECRET_CORPUS.flatMap((e) => [e.secret, e.text, e.secret.slice(0, 12), e.secret.slice(4)]),
  ...SECRET_RULES.flatMap((r) => (typeof r.hint === "string" ? [r.hint] : r.hint)),
  "://", "@", ":", "/", " ", "\n", "=", "\"", "'", "AuThOrIzAtIoN: bearer ", "Proxy-Authorization=Token ", "https://", "postgres://",
  "user", "pässwörd", "aws_secret_access_key=", "SECRET_ACCESS_KEY: ", "[", "]", "x".repeat(40), "A1b2C3d4E5f6G7h8",
];
// scheme://user:password@host with user and password lengths around the rules' bounds
// (100 and 200), mostly of characters the rules accept, sometimes with one they refuse.
const safePart = (max: number) =>
  fc.oneof(
    fc.integer({ min: 0, max }).map((n) => "u".repeat(n)),
    fc.string({ unit: fc.constantFrom("a", "Z", "0", "%", "-", ".", "!"), maxLength: max }),
    fc.string({ unit: fc.constantFrom("a", "0", ":", "@", "/", " ", "[", "]"), maxLength: 12 }),
  );
const credentialUrl = fc
  .tuple(
    fc.constantFrom("postgres", "https", "mongodb+srv", "jdbc:mysql", "x", "redis"),
    safePart(105),
    safePart(205),
    fc.constantFrom("@db.internal/x", "@", "/path", ""),
  )
  .map(([scheme, user, pass, rest]) => `${scheme}://${user}:${pass}${rest}`);
const text = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 }), credentialUrl), { maxLength: 12 })
  .map((parts) => parts.join(""));

describe("redaction", () => {
  it.each(SECRET_CORPUS.map((e, i) => [i, e.rule, e] as const))("corpus #%i (%s) is redacted by its rule", (_i, rule, e) => {
    const report = { count: 0, rules: {} as Record<string, number> };
    const out = redactText(e.text, report);
    expect(out).not.toContain(e.secret);
    expect(out).toContain(`[REDACTED:${rule}]`);
    expect(report.rules[rule]).toBeGreaterThanOrEqual(1);
  });

  it("redacts secrets at any depth, in keys' values and arrays, without touching clean data", () => {
    const clean = realisticPayload(1, 2048);
    const input = {
      clean,
      nested: { a: [{ b: { c: SECRET_CORPUS.map((e) => e.text) } }] },
      client_secret: "not-obviously-a-secret-value",
    };
    const { value, report } = redactValue(input);
    const text = JSON.stringify(value);
    for (const e of SECRET_CORPUS) expect(text).not.toContain(e.secret);
    expect(value.clean).toBe(clean); // unchanged sub-trees are shared
    expect(value.client_secret).toBe("[REDACTED:secret-field]");
    expect(report.count).toBeGreaterThanOrEqual(SECRET_CORPUS.length + 1);
  });

  it("keeps the readable context of a connection string", () => {
    const r = { count: 0, rules: {} };
    expect(redactText("postgres://app:S3cr3tPassw0rd99@db.internal:5432/x", r)).toBe(
      "postgres://app:[REDACTED:database-connection-string]@db.internal:5432/x",
    );
  });

  it("the prefilters never change the result: same text and report as running every rule (property)", () => {
    fc.assert(
      fc.property(text, (t) => {
        const a = { count: 0, rules: {} as Record<string, number> };
        const b = { count: 0, rules: {} as Record<string, number> };
        expect(redactText(t, a)).toBe(redactUngated(t, b));
        expect(a).toEqual(b);
      }),
      { numRuns: 3000 },
    );
    for (const e of SECRET_CORPUS) {
      const a = { count: 0, rules: {} as Record<string, number> };
      const b = { count: 0, rules: {} as Record<string, number> };
      expect(redactText(e.text, a)).toBe(redactUngated(e.text, b));
      expect(a).toEqual(b);
    }
  });

  it("matches a header name in any letter case, like the rule", () => {
    const r = { count: 0, rules: {} as Record<string, number> };
    const secret = "Zx9" + "q".repeat(30);
    expect(redactText(`AuThOrIzAtIoN: Bearer ${secret}`, r)).not.toContain(secret);
    expect(r.rules["authorization-header"]).toBe(1);
  });

  it("does not flag ordinary developer text", () => {
    const r = { count: 0, rules: {} };
    const samples = [
      "git push origin feature/sk-improve-skeleton-loading-states",
      "https://github.com/acme/payments/pull/42",
      "postgres://localhost:5432/dev",
      "Authorization header missing",
      JSON.stringify(realisticPayload(7, 4096)),
    ];
    for (const s of samples) expect(redactText(s, r)).toBe(s);
    expect(r.count).toBe(0);
  });
});
