import { describe, expect, it } from "vitest";
import { redactText, redactValue } from "./redact";
import { SECRET_CORPUS, realisticPayload } from "./corpus";

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
