// Redaction in pieces (issue 16): redactTextSteps / redactValueSteps give the event loop back
// between segments of a large payload, and must give exactly what redactText / redactValue give
// on the whole. Tiny segments make every generated text cut many times, next to the rules' hints,
// separators and line breaks: a cut where a match can span it changes the output and fails here.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { runSync } from "@/lib/changes/reports/run";
import { SEGMENT, redactText, redactTextSteps, redactValue, redactValueSteps } from "./redact";
import { SECRET_CORPUS, realisticPayload } from "./corpus";
import { SECRET_RULES } from "./rules";

const hints = SECRET_RULES.flatMap((r) => (typeof r.hint === "string" ? [r.hint] : r.hint));
const FRAGMENTS = [
  ...SECRET_CORPUS.flatMap((e) => [e.text, e.secret]),
  ...hints,
  "Authorization:",
  "authorization =\n",
  "Bearer\n",
  "bearer ",
  "basic\t",
  "token\n",
  "AWS_SECRET_ACCESS_KEY\n=\n",
  "aws_secret_access_key",
  "key",
  "Key\n",
  "DB_PASSWORD",
  "password",
  "api_key",
  " = ",
  ": ",
  "=",
  ":",
  "=>",
  "\n",
  " ",
  "\t",
  "\r\n",
  "  ",
  '"',
  "'",
  ",",
  ";",
  ")",
  "]",
  "}",
  "!",
  ".",
  "-",
  "_",
  "A1b2C3d4E5f6G7h8I9j0",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "-----BEGIN PRIVATE KEY-----",
  "-----END PRIVATE KEY-----",
  "[REDACTED:x]",
];
const text = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 40 }).map((p) => p.join(""));

const fresh = () => ({ count: 0, rules: {} as Record<string, number> });

describe("redaction in pieces", () => {
  it("redactTextSteps gives redactText's output and report, for any segment length", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 40 }), (t, segment) => {
        const whole = fresh();
        const pieces = fresh();
        expect(runSync(redactTextSteps(t, pieces, segment))).toBe(redactText(t, whole));
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 3000 },
    );
  });

  it("cuts never split a multi-line secret: Authorization and AWS secrets across a line break", () => {
    const secret = "Zq8v0pLx2WwHunterZq8v0pLx2WwHunter";
    const aws = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE";
    for (const t of [`x, Authorization:\nBearer ${secret}\n`, `x; authorization\n:\n bearer\n${secret} .`, `ok!\nAWS_SECRET_ACCESS_KEY\n=\n${aws}Y\n`]) {
      for (let segment = 1; segment <= t.length; segment++) {
        const out = runSync(redactTextSteps(t, fresh(), segment));
        expect(out, `segment ${segment}`).toBe(redactText(t, fresh()));
      }
      expect(redactText(t, fresh())).toContain("[REDACTED:");
    }
  });

  it("redactValueSteps gives redactValue's value and report on payloads with secrets in long strings, keys and arrays", () => {
    const long = (SECRET_CORPUS.map((e) => e.text).join("\n, ") + "\n").repeat(Math.ceil((3 * SEGMENT) / 4000));
    const payload = {
      clean: realisticPayload(3, 4096),
      output: long,
      list: [long.slice(0, SEGMENT + 17), { password: "opaque-but-named" }],
      ["x".repeat(20)]: long,
    };
    const a = redactValue(payload);
    const b = runSync(redactValueSteps(payload));
    expect(b.value).toEqual(a.value);
    expect(b.report).toEqual(a.report);
    for (const e of SECRET_CORPUS) expect(JSON.stringify(b.value)).not.toContain(e.secret);
  });

  it("a payload at the 5 MiB limit is redacted in many steps (one per segment of text that has white space to cut at)", () => {
    const pem = "-----BEGIN PRIVATE KEY-----!";
    const lines = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\npassword: hunter2hunter2\npostgres://u:pw@db/x\n";
    const size = 5 * 1024 * 1024;
    const big = pem.repeat(size / 2 / pem.length) + "\n" + lines.repeat(size / 2 / lines.length);
    const steps = redactValueSteps({ output: big });
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    // the private keys in one (linear) pass, then the rest segment by segment
    expect(yields).toBeGreaterThanOrEqual(Math.floor(size / 2 / SEGMENT));
    expect(JSON.stringify(r.value.value)).not.toContain("hunter2hunter2");
    expect(r.value.report.rules["private-key"]).toBe(Math.floor(size / 2 / pem.length));
  });
});
