import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { redactText, redactValue, redactValueSteps, replaceRanges } from "./redact";
import { SECRET_CORPUS, realisticPayload } from "./corpus";
import { SECRET_RULES, marker } from "./rules";

/** Every rule's regex on every text, no hints or gates: what the prefilters must not change. */
function redactUngated(text: string, report: { count: number; rules: Record<string, number> }): string {
  if (text.length < 12) return text;
  let out = text;
  for (const rule of SECRET_RULES) {
    if (rule.scan) {
      out = replaceRanges(out, rule.scan(out), marker(rule.id), () => {
        report.count++;
        report.rules[rule.id] = (report.rules[rule.id] ?? 0) + 1;
      });
      continue;
    }
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
  "://",
  "@",
  ":",
  "/",
  " ",
  "\n",
  "=",
  '"',
  "'",
  "AuThOrIzAtIoN: bearer ",
  "Proxy-Authorization=Token ",
  "https://",
  "postgres://",
  "user",
  "pässwörd",
  "aws_secret_access_key=",
  "SECRET_ACCESS_KEY: ",
  "[",
  "]",
  "x".repeat(40),
  "A1b2C3d4E5f6G7h8",
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
const text = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 }), credentialUrl), { maxLength: 12 }).map((parts) => parts.join(""));

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

  it.each([65, 100, 200, 256])("scans values nested %i levels deep (the API accepts 256)", (depth) => {
    const secret = SECRET_CORPUS.find((e) => e.rule === "github-token")!.secret;
    let deep: unknown = { note: `token ${secret}`, list: [secret] };
    for (let i = 0; i < depth; i++) deep = i % 2 ? [deep] : { level: deep };
    const clean = { ok: "kept" };
    const { value, report } = redactValue({ deep, clean });
    const text = JSON.stringify(value);
    expect(text).not.toContain(secret);
    expect(text).toContain("[REDACTED:github-token]"); // scanned and kept, not dropped as too deep
    expect(report.rules["github-token"]).toBe(2);
    expect(report.rules["too-deep"]).toBeUndefined();
  });

  it("redacts secrets used as object keys, at any depth", () => {
    const secret = SECRET_CORPUS.find((e) => e.rule === "gatehouse-agent-token")!.secret;
    const { value, report } = redactValue({ headers: { [secret]: "x" }, deep: [[{ [`Bearer ${secret}`]: 1 }]] });
    const text = JSON.stringify(value);
    expect(text).not.toContain(secret);
    expect(report.rules["gatehouse-agent-token"]).toBe(2);
  });

  it.each([
    ["password", "correct-horse-battery"],
    ["db_password", "hunter2hunter2"],
    ["apiKey", "opaque-value-123"],
    ["api-key", "opaque-value-456"],
    ["X-Auth-Token", "abcdef-123456"],
    ["client_secret", "s3cr3t-value"],
    ["AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIK7MDENGbPxRfiCY"],
    ["privateKey", "raw-key-material"],
    ["credentials", "user:pass-word"],
  ])("a value under the key %s is redacted whatever it looks like", (key, secret) => {
    const { value, report } = redactValue({ config: { [key]: secret } });
    expect(JSON.stringify(value)).not.toContain(secret);
    expect(report.count).toBe(1);
  });

  it.each(["max_tokens", "token_count", "tokens", "key", "monkey", "description"])("the key %s is not a secret's name", (key) => {
    const { report } = redactValue({ [key]: "an ordinary value" });
    expect(report.count).toBe(0);
  });

  it.each([
    ["DB_PASSWORD=Zq8v0pLx2Ww", "Zq8v0pLx2Ww"],
    ["export STRIPE_SECRET=opaque_9f8e7d6c", "opaque_9f8e7d6c"],
    ["mysql --password=Kx9s8d7f6g -u root", "Kx9s8d7f6g"],
    ["curl --api-key 'x' --data api_key=ak_live_0123456789", "ak_live_0123456789"],
    ['{"auth_token": "tok-abcdef123456"}', "tok-abcdef123456"],
    ["password: correct-horse-battery", "correct-horse-battery"],
    ["GITHUB_TOKEN := t0k3n-value-xyz", "t0k3n-value-xyz"],
    ["clone https://deploy:Pa55w0rd-xyz@git.example.com/acme.git", "Pa55w0rd-xyz"],
    ["fetch https://user:s3cret@host.example/x", "s3cret"],
  ])("KEY=value text and URL credentials: %s", (text, secret) => {
    const r = { count: 0, rules: {} as Record<string, number> };
    const out = redactText(text, r);
    expect(out).not.toContain(secret);
    expect(r.count).toBeGreaterThanOrEqual(1);
  });

  it.each(["integration_token:gci_ab12cd34", "agent_token:gat_Zx81Qm0p", "password_reset:request-42"])(
    "an identifier with a colon is not an assignment: %s",
    (text) => {
      const r = { count: 0, rules: {} as Record<string, number> };
      expect(redactText(text, r)).toBe(text);
      expect(r.count).toBe(0);
    },
  );

  it("keeps the readable context of a connection string", () => {
    const r = { count: 0, rules: {} };
    expect(redactText("postgres://app:S3cr3tPassw0rd99@db.internal:5432/x", r)).toBe("postgres://app:[REDACTED:database-connection-string]@db.internal:5432/x");
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

describe("a list under a secret's name", () => {
  it("redacts each string in it, in one piece and in steps alike", () => {
    const input = { password: ["hunter2hunter2", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "short", { note: "x" }], tags: ["hunter2hunter2"] };
    const { value, report } = redactValue(input);
    expect(value).toEqual({ password: ["[REDACTED:secret-field]", "[REDACTED:github-token]", "short", { note: "x" }], tags: ["hunter2hunter2"] });
    expect(report.rules["secret-field"]).toBe(1);
    const steps = redactValueSteps(input);
    let r = steps.next();
    while (!r.done) r = steps.next();
    expect(r.value).toEqual({ value, report });
  });
});
