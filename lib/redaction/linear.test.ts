// Every redaction rule runs in time linear in its input. Timing a regex cannot count its
// steps, so growth of the CPU time it takes is measured instead (CPU time, not wall-clock: a
// shared machine that deschedules the test does not add to it): the same adversarial pattern at n and 8n characters.
// A linear rule takes ~8× as long; a quadratic one ~64× (the old private-key rule: 28 s for
// one 1.1 MB event). The bound (24×) is generous on purpose: a shared 2-core machine is noisy,
// and the best of several runs is compared, with a floor for sub-millisecond measurements.
import { describe, expect, it } from "vitest";
import { redactText } from "./redact";
import { SECRET_RULES } from "./rules";

const SMALL = 16 * 1024;
const FACTOR = 8;
const MAX_RATIO = 24;
// …and at least this many CPU ms at 8n (128 KiB): a linear rule takes about 1 ms there, a quadratic
// one seconds (the old private-key rule: 28 s for 1.1 MB, ≈ 0.4 s at 128 KiB). A sub-millisecond
// cost at n against ~12 ms at 8n read as "25×" once in a CI run (a few ms of the process's GC or
// allocation, not the rule: the same units measured 0.6 ms at 128 KiB in the next run).
const MIN_LARGE_MS = 25;

const hints = SECRET_RULES.flatMap((r) => (typeof r.hint === "string" ? [r.hint] : r.hint));

// Units that, repeated, make a rule start often and then fail late: each hint (and each rule's
// literal prefix) followed by characters the rule's classes accept and by ones they refuse.
const PREFIXES = [
  ...hints,
  "-----BEGIN PRIVATE KEY-----",
  "-----BEGIN RSA PRIVATE KEY-----",
  "eyJ",
  "eyJaaaaaaaaa.eyJ",
  "postgres://",
  "https://u:",
  "://a:",
  "sk-proj-",
  "xoxb-1-",
  "aws_secret_access_key",
  "Authorization: Bearer ",
  "DB_PASSWORD",
  "api_key=",
  "password",
];
const TAILS = ["", "!", " ", "-", "_", ".", "=", ":", "@", "/", "\n", "a", "aaaaaaaaaaaaaaaaaaaaaaaaa", "1-", "a.", "[REDACTED:x]"];

function adversarial(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** CPU milliseconds of this process (not wall-clock: time spent descheduled does not count). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function best(text: string, runs = 3): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = cpuMs();
    redactText(text, { count: 0, rules: {} });
    min = Math.min(min, cpuMs() - t0);
  }
  return min;
}

/** Units whose cost at 8n is more than MAX_RATIO × their cost at n. */
function superLinear(units: string[]): { unit: string; small: number; large: number }[] {
  const bad: { unit: string; small: number; large: number }[] = [];
  for (const unit of units) {
    const small = Math.max(best(adversarial(unit, SMALL)), 0.5);
    const large = best(adversarial(unit, SMALL * FACTOR), 2);
    if (large > MAX_RATIO * small && large > MIN_LARGE_MS) {
      // measured again before it counts: a pause of the shared machine is not a quadratic rule
      const again = Math.max(best(adversarial(unit, SMALL), 5), 0.5);
      const large2 = best(adversarial(unit, SMALL * FACTOR), 3);
      if (large2 > MAX_RATIO * again && large2 > MIN_LARGE_MS) bad.push({ unit, small: again, large: large2 });
    }
  }
  return bad;
}

describe("redaction runs in linear time", () => {
  it("the reported case: a private-key header repeated (28 s for 1.1 MB before)", () => {
    expect(superLinear(["-----BEGIN PRIVATE KEY-----!", "-----BEGIN OPENSSH PRIVATE KEY-----\n"])).toEqual([]);
  });

  it("a JWT start repeated inside one base64url run", () => {
    expect(superLinear(["eyJ-", "eyJaaaaaaaa.eyJ-"])).toEqual([]);
  });

  it("every rule's prefix followed by accepted and refused characters", () => {
    const units = [...new Set(PREFIXES.flatMap((p) => TAILS.map((t) => p + t)))];
    expect(superLinear(units)).toEqual([]);
  }, 120_000);

  it("still redacts a real block after thousands of unterminated headers", () => {
    const key = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    const text = "-----BEGIN PRIVATE KEY-----!".repeat(5000) + `\n-----BEGIN RSA PRIVATE KEY-----\n${key}\n-----END RSA PRIVATE KEY-----\ntail`;
    const report = { count: 0, rules: {} as Record<string, number> };
    const out = redactText(text, report);
    expect(out).not.toContain(key);
    expect(out.endsWith("[REDACTED:private-key]\ntail")).toBe(true);
    expect(report.rules["private-key"]).toBe(5001);
  });
});
