// The length floor of redaction (MIN_SECRET_CHARS): texts and object keys shorter than it are not
// scanned, which is only safe if no rule can match a shorter text. Checked rule by rule on
// strings built from the rules' own pieces (hints, separators, key words), and at the floor itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIN_SECRET_CHARS, redactText, redactValue } from "./redact";
import { SECRET_RULES } from "./rules";

const fresh = () => ({ count: 0, rules: {} as Record<string, number> });

// pieces a match could be made of: every hint, the separators and a few letters and digits
const hints = SECRET_RULES.flatMap((r) => (Array.isArray(r.hint) ? r.hint : r.hint ? [r.hint] : []));
const piece = fc.oneof(
  fc.constantFrom(...hints, "://", ":", "@", "=", "=>", ":=", "/", "-", "_", ".", " ", '"', "pwd", "key", "AKIA", "sk-", "eyJ"),
  fc.string({ unit: fc.constantFrom(..."abcxyzABCXYZ0123456789"), minLength: 1, maxLength: 3 }),
);
const short = fc.array(piece, { minLength: 1, maxLength: 6 }).map((ps) => ps.join("").slice(0, MIN_SECRET_CHARS - 1));

describe("the redaction length floor", () => {
  it("no rule matches a text shorter than the floor", () => {
    fc.assert(
      fc.property(short, (text) => {
        for (const r of SECRET_RULES) {
          const re = new RegExp(r.pattern.source, r.pattern.flags);
          expect(re.test(text), `${r.id} matched ${JSON.stringify(text)}`).toBe(false);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it("the shortest secrets of the rules are redacted, in texts and in object keys", () => {
    // basic-auth at the floor, secret-assignment one above it (a 6-character password)
    expect("ab://u:p@".length).toBe(MIN_SECRET_CHARS);
    expect(redactText("ab://u:p@", fresh())).toBe("ab://u:[REDACTED:basic-auth]@");
    expect(redactText("pwd=abc123", fresh())).toBe("pwd=[REDACTED:secret-assignment]");
    expect(redactText("pwd=abcdef", fresh())).toBe("pwd=[REDACTED:secret-assignment]");
    const { value } = redactValue({ "pwd=abc123": 1, "PWD=abc12345": 2, "ab://u:p@": 3, short: "pw=x" });
    expect(value).toEqual({ "pwd=[REDACTED:secret-assignment]": 1, "PWD=[REDACTED:secret-assignment]": 2, "ab://u:[REDACTED:basic-auth]@": 3, short: "pw=x" });
  });
});
