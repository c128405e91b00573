import { describe, expect, it } from "vitest";
import { MAX_REDACT_DEPTH, redactText, redactValue, replaceRanges } from "./redact";
import { SECRET_CORPUS } from "./corpus";
import { isSecretKey, privateKeyBlocks } from "./rules";

// Edges of redact.ts that the corpus and property tests reach only by chance: each test fails
// on a StrykerJS mutant (QUALITY.md, module `redaction`).
const fresh = () => ({ count: 0, rules: {} as Record<string, number> });
const token = SECRET_CORPUS.find((e) => e.rule === "github-token")!.secret;

describe("redactText", () => {
  it("scans a text of 12 characters (the shortest secret in context)", () => {
    const r = fresh();
    expect(redactText("PWD=abc12345", r)).toBe("PWD=[REDACTED:secret-assignment]");
    expect(r).toEqual({ count: 1, rules: { "secret-assignment": 1 } });
  });
  it("counts every secret, per rule", () => {
    const r = fresh();
    const out = redactText(`a ${token} b ${token} c`, r);
    expect(out).toBe("a [REDACTED:github-token] b [REDACTED:github-token] c");
    expect(r).toEqual({ count: 2, rules: { "github-token": 2 } });
    // a report already holding hits is added to
    redactText(`x ${token}`, r);
    expect(r).toEqual({ count: 3, rules: { "github-token": 3 } });
  });
  it("replaces the password of a connection string, not a user name spelled the same", () => {
    const r = fresh();
    expect(redactText("postgres://S3cretpw99:S3cretpw99@db.internal/x", r)).toBe("postgres://S3cretpw99:[REDACTED:database-connection-string]@db.internal/x");
  });
  it("a text matching only a case-sensitive rule, or only a case-insensitive one, is redacted", () => {
    const r = fresh();
    expect(redactText(`see ${token}`, r)).toBe("see [REDACTED:github-token]");
    const secret = "Zx9" + "q".repeat(30);
    expect(redactText(`authorization: Bearer ${secret}`, r)).toBe("authorization: Bearer [REDACTED:authorization-header]");
  });
});

describe("replaceRanges", () => {
  it("replaces each range by the marker and counts each", () => {
    let hits = 0;
    expect(
      replaceRanges(
        "0123456789",
        [
          [1, 3],
          [5, 6],
        ],
        "#",
        () => hits++,
      ),
    ).toBe("0#34#6789");
    expect(hits).toBe(2);
    expect(replaceRanges("abc", [], "#", () => hits++)).toBe("abc");
    expect(replaceRanges("abc", [[0, 3]], "#", () => hits++)).toBe("#");
    expect(hits).toBe(3);
  });
});

describe("redactValue", () => {
  const nest = (levels: number, leaf: unknown) => {
    let v = leaf;
    for (let i = 0; i < levels; i++) v = { n: v };
    return v;
  };
  it(`replaces content nested deeper than ${MAX_REDACT_DEPTH} levels (never kept unscanned) and says so`, () => {
    const { value, report } = redactValue({ deep: nest(MAX_REDACT_DEPTH + 5, { secret: "kept?" }) });
    const text = JSON.stringify(value);
    expect(text).toContain('"[REDACTED:too-deep]"');
    expect(text).not.toContain("kept?");
    expect(report).toEqual({ count: 1, rules: { "too-deep": 1 } });
  });
  it(`scans an object at exactly depth ${MAX_REDACT_DEPTH}`, () => {
    // the innermost object sits at depth MAX_REDACT_DEPTH: scanned, not replaced
    const v = nest(MAX_REDACT_DEPTH, { note: `t ${token}` });
    const { value, report } = redactValue(v);
    expect(JSON.stringify(value)).toContain("[REDACTED:github-token]");
    expect(report.rules["too-deep"]).toBeUndefined();
  });
  it("shares clean arrays and objects, copies only what changed", () => {
    const clean = ["a", { b: "c" }, [1, 2]];
    const input = { clean, dirty: ["x", `t ${token}`, "y"] };
    const { value } = redactValue(input);
    expect(value.clean).toBe(clean);
    expect(value.dirty).not.toBe(input.dirty);
    expect(value.dirty).toEqual(["x", "t [REDACTED:github-token]", "y"]);
    expect(input.dirty[1]).toBe(`t ${token}`); // the input is not modified
    const arr = [1, "two", null];
    expect(redactValue(arr).value).toBe(arr);
  });
  it("a value of 6 characters or more under a secret's name is redacted; a shorter placeholder is kept", () => {
    expect(redactValue({ password: "abc123" }).value).toEqual({ password: "[REDACTED:secret-field]" });
    expect(redactValue({ password: "****" })).toEqual({ value: { password: "****" }, report: { count: 0, rules: {} } });
    // a non-string under a secret's name is walked, not replaced
    expect(redactValue({ token: 12345678 }).value).toEqual({ token: 12345678 });
    expect(redactValue({ token: { inner: "plain text" } }).value).toEqual({ token: { inner: "plain text" } });
  });
  it("a secret's name holding a value a rule recognises gets that rule's marker, once", () => {
    const { value, report } = redactValue({ api_key: token });
    expect(value).toEqual({ api_key: "[REDACTED:github-token]" });
    expect(report).toEqual({ count: 1, rules: { "github-token": 1 } });
  });
  it("a value already redacted is left alone and not counted again", () => {
    const input = { password: "[REDACTED:secret-field]", other: "[REDACTED:github-token]" };
    const { value, report } = redactValue(input);
    expect(value).toBe(input);
    expect(report.count).toBe(0);
  });
  it("keys of 16 characters or more are scanned", () => {
    const key = "PWD=abcdefghijkl"; // 16 characters
    const { value, report } = redactValue({ [key]: 1, short: 2 });
    expect(value).toEqual({ "PWD=[REDACTED:secret-assignment]": 1, short: 2 });
    expect(report.count).toBe(1);
  });
  it("a redacted key keeps its value and the other keys", () => {
    const { value } = redactValue({ a: 1, [`t ${token}`]: { z: "kept" }, b: 2 });
    expect(value).toEqual({ a: 1, "t [REDACTED:github-token]": { z: "kept" }, b: 2 });
  });
  it("plain values pass through", () => {
    expect(redactValue(42).value).toBe(42);
    expect(redactValue(null).value).toBe(null);
    expect(redactValue(undefined).value).toBe(undefined);
    expect(redactValue(true).value).toBe(true);
  });
});

describe("redactValue: more edges", () => {
  it("arrays nested deeper than the limit are replaced too", () => {
    let v: unknown = ["kept?"];
    for (let i = 0; i < MAX_REDACT_DEPTH + 5; i++) v = [v];
    const { value, report } = redactValue(v);
    expect(JSON.stringify(value)).toContain('"[REDACTED:too-deep]"');
    expect(JSON.stringify(value)).not.toContain("kept?");
    expect(report).toEqual({ count: 1, rules: { "too-deep": 1 } });
  });
  it("a value redacted because of its name is counted under secret-field", () => {
    expect(redactValue({ password: "abc123" }).report).toEqual({ count: 1, rules: { "secret-field": 1 } });
  });
  it("a redacted value keeps its key's place among the others", () => {
    const { value } = redactValue({ password: "hunter2hunter2", user: "dev", token: `t ${token}`, z: 1 });
    expect(Object.keys(value)).toEqual(["password", "user", "token", "z"]);
  });
});

describe("private-key blocks", () => {
  const body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7+/=";
  it("a block with its footer is replaced whole, footer included", () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    expect(redactText(`before\n${pem}\nafter`, fresh())).toBe("before\n[REDACTED:private-key]\nafter");
    expect(redactText(`${pem} and ${pem.replace(/RSA /g, "")} end`, fresh())).toBe("[REDACTED:private-key] and [REDACTED:private-key] end");
  });
  it("without a footer of its label, the base64 body after the header is replaced", () => {
    expect(redactText(`-----BEGIN EC PRIVATE KEY-----\n${body}\n!rest`, fresh())).toBe("[REDACTED:private-key]!rest");
    expect(redactText(`-----BEGIN EC PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`, fresh())).toBe(
      "[REDACTED:private-key]-----END RSA PRIVATE KEY-----",
    );
  });
  it("a header without a footer of its label, then a block with one: each found", () => {
    // (a footer of the same label anywhere later would make it one block, up to that footer)
    const text = `-----BEGIN EC PRIVATE KEY-----\nAAAA\n!x -----BEGIN EC PRIVATE KEY-----\nCCCC\n!z -----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY----- y`;
    expect(privateKeyBlocks(text)).toHaveLength(3);
    expect(redactText(text, fresh())).toBe("[REDACTED:private-key]!x [REDACTED:private-key]!z [REDACTED:private-key] y");
  });
  it("more than 1,024 blocks in one text (found in steps) are all replaced", () => {
    const text = Array.from({ length: 1100 }, () => "-----BEGIN PRIVATE KEY-----AAAA!").join("");
    expect(privateKeyBlocks(text)).toHaveLength(1100);
    const r = fresh();
    expect(redactText(text, r)).toBe("[REDACTED:private-key]!".repeat(1100));
    expect(r.count).toBe(1100);
  });
});

describe("isSecretKey", () => {
  it.each(["api__key", "API--KEY", "db_password_", "apiKey-", "session.token", "x".repeat(91) + "_password"])("%s names a secret", (key) => {
    expect(isSecretKey(key)).toBe(true);
  });
  it.each(["session_id", "auth_mode", "private_note", "key", "keys", "key_", "_key"])("%s does not", (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
  it("a key over 100 characters is not read for a secret's name (keys are bounded, not parsed at any length)", () => {
    expect(isSecretKey("x".repeat(92) + "_password")).toBe(false);
  });
});
