// Issue 16: a large event's payload worked on by the off-loop worker (lib/offload/off-loop.ts) gives
// byte for byte what the in-process path of ingest gives — the body hash, the stored JSON text,
// the canonical text the chain hash covers, the redaction report — on generated values, secrets
// planted among them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactValueSteps } from "@/lib/redaction/redact";
import { runSync } from "@/lib/changes/reports/run";
import { OFF_LOOP_UNAVAILABLE, offLoop } from "@/lib/offload/off-loop";
import { canonicalJson, sha256Hex } from "./canonical";
import { LARGE_PAYLOAD_CHARS, auditPayloadWork, largerThan } from "./payload-work";

const SECRETS = [
  "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "ghp_" + "a1B2".repeat(9),
  "postgres://u:pw@db.internal/x",
  "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
  "password: hunter2hunter2",
  "-----BEGIN PRIVATE KEY-----!",
];

const text = fc.oneof(
  fc.string(),
  // what jsonb refuses (U+0000, lone surrogates): payloads from other callers than HTTP may hold it
  fc.constantFrom("a\u0000b", "\ud800", "x\udfffy", "\ud83d\ude00"),
  fc.constantFrom(...SECRETS),
  fc.tuple(fc.string(), fc.constantFrom(...SECRETS), fc.string()).map((p) => p.join(" ")),
);
const leaf = fc.oneof(text, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constant(-0));
const payload = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("value"), { maxLength: 5 }), tie("object")),
  object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("password", "api_key", "token", "__proto__", "0", "10", "secrets")), tie("value"), {
    maxKeys: 5,
  }),
})).value;
const event = fc.record({ id: fc.uuid(), type: fc.constantFrom("tool.post", "tool.pre"), session_id: fc.option(text, { nil: undefined }), payload });

/** What ingest computes in process (prepare + toCandidate + record.ts's rendering), written out. */
function inProcess(item: Record<string, unknown>) {
  const bodyHash = sha256Hex(canonicalJson(item));
  const { value, report } = runSync(redactValueSteps({ payload: item.payload }));
  const json = JSON.stringify(value.payload);
  // record.ts hashes a redacted payload as jsonb hands it back
  return { bodyHash, json, canonical: canonicalJson(JSON.parse(json)), report };
}

describe("large payloads off the event loop", () => {
  it("the worker gives byte for byte what the in-process path gives", async () => {
    await fc.assert(
      fc.asyncProperty(event, async (ev) => {
        // as JSON.parse hands it to ingest (own __proto__ keys included)
        const item = JSON.parse(JSON.stringify(ev)) as Record<string, unknown>;
        const ref = inProcess(item);
        const off = await offLoop("auditPayload", item);
        expect(off).not.toBe(OFF_LOOP_UNAVAILABLE);
        if (off === OFF_LOOP_UNAVAILABLE) return;
        for (const work of [off, auditPayloadWork(item)]) {
          expect(work.bodyHash).toBe(ref.bodyHash);
          expect(work.json).toBe(ref.json);
          expect(Buffer.from(work.canonical).toString("utf8")).toBe(ref.canonical);
          expect(work.report).toEqual(ref.report);
          expect(JSON.stringify(Object.keys(work.report.rules))).toBe(JSON.stringify(Object.keys(ref.report.rules)));
          expect(work.changed).toBe(ref.report.count > 0);
          expect(work.jsonStorable).toBe(!/\\u0000|\\ud[89a-f]/i.test(ref.json));
          if (work.changed) expect(JSON.stringify(work.payload)).toBe(ref.json);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("at the size limit: a 5 MiB payload of secret-looking text", async () => {
    const pem = "-----BEGIN PRIVATE KEY-----!";
    const item = JSON.parse(
      JSON.stringify({
        id: "e1",
        type: "tool.post",
        payload: { output: pem.repeat(90_000) + "\n" + SECRETS.join("\n").repeat(2000), password: "hunter2hunter2" },
      }),
    ) as Record<string, unknown>;
    const off = await offLoop("auditPayload", item);
    if (off === OFF_LOOP_UNAVAILABLE) throw new Error("no worker");
    const ref = inProcess(item);
    expect(off.bodyHash).toBe(ref.bodyHash);
    expect(Buffer.from(off.canonical).toString("utf8")).toBe(ref.canonical);
    expect(off.report).toEqual(ref.report);
    // stored outside the chained row (payload-store.ts): the loop gets the bytes and their digest,
    // not the value or its JSON text
    expect(off.outside).toBe(true);
    expect(off.sha256).toBe(sha256Hex(Buffer.from(off.canonical).toString("utf8")));
    expect(off.json).toBe("");
    expect("payload" in off).toBe(false);
    expect(Buffer.from(off.canonical).toString("utf8")).not.toContain("hunter2hunter2");
  });

  it("largerThan counts characters without walking more than it needs", () => {
    expect(largerThan("x".repeat(LARGE_PAYLOAD_CHARS + 1), LARGE_PAYLOAD_CHARS)).toBe(true);
    expect(largerThan("x".repeat(LARGE_PAYLOAD_CHARS - 100), LARGE_PAYLOAD_CHARS)).toBe(false);
    expect(largerThan({ a: ["x".repeat(40_000), { b: "y".repeat(40_000) }] }, LARGE_PAYLOAD_CHARS)).toBe(true);
    expect(
      largerThan(
        Array.from({ length: 10_000 }, () => 1),
        LARGE_PAYLOAD_CHARS,
      ),
    ).toBe(true);
    expect(largerThan({ a: 1, b: [true, null] }, LARGE_PAYLOAD_CHARS)).toBe(false);
  });
});
