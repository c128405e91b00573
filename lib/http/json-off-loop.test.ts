// Issue 16: a large JSON body is decoded and parsed off the event loop (json-off-loop.ts): its
// bytes are handed to the worker, which decodes them, parses, makes unstorable text storable and
// checks the nesting (json-body.ts). It must give exactly what the loop gives for the same bytes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "@/lib/security/json-guard";
import { parseBody } from "./json-body";
import { OFF_LOOP_BYTES, jsonOffLoopStats, parseJson, parseJsonBytes } from "./json-off-loop";

const pad = "x".repeat(OFF_LOOP_BYTES);

/** What the loop gives for these bytes (the path of small bodies), or "SyntaxError". */
function onLoop(bytes: Buffer) {
  try {
    return parseBody(bytes.toString("utf8"));
  } catch (e) {
    if (e instanceof SyntaxError) return "SyntaxError";
    throw e;
  }
}

async function offLoop(bytes: Buffer) {
  const before = jsonOffLoopStats.offLoop;
  try {
    return await parseJsonBytes(bytes);
  } catch (e) {
    if (e instanceof SyntaxError) return "SyntaxError";
    throw e;
  } finally {
    // answered by the worker, not by a fallback on the loop
    expect(jsonOffLoopStats.offLoop).toBe(before + 1);
  }
}

/** Same value, and same own keys in the same order at every level (toEqual ignores key order). */
function expectSame(a: unknown, b: unknown) {
  expect(a).toEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
}

// JSON texts with what the guards act on: \u0000 and lone-surrogate escapes (made U+FFFD), raw
// non-ASCII, keys that collide once cleaned, own __proto__ keys, deep nesting; and bytes that are
// not valid UTF-8 (decoded to U+FFFD, as on the loop) or not JSON at all.
const nasty = fc.constantFrom("\\u0000", "\\ud800", "\\udfff", "\\ud83d\\ude00", "é", "😀", "\\n", '\\"', "\\\\", "a");
const str = fc.array(nasty, { maxLength: 6 }).map((p) => `"${p.join("")}"`);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, str, fc.constantFrom("1", "-0", "1e400", "true", "null", "2.5"), tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }).map((xs) => `[${xs.join(",")}]`),
  object: fc
    .array(fc.tuple(fc.oneof(str, fc.constantFrom('"__proto__"', '"\\u0000a"', '"\\ud800a"', '"\\ufffda"')), tie("value")), { maxLength: 4 })
    .map((kv) => `{${kv.map(([k, v]) => `${k}:${v}`).join(",")}}`),
})).value;
const deep = fc.integer({ min: MAX_JSON_DEPTH - 2, max: MAX_JSON_DEPTH + 2 }).map((n) => `${"[".repeat(n)}1${"]".repeat(n)}`);
const body = fc.tuple(fc.oneof(json, deep), fc.constantFrom("ok", "bad-utf8", "truncated", "trailing-comma")).map(([inner, kind]) => {
  // padded past OFF_LOOP_BYTES so that it goes to the worker
  const text = `{"pad":"${pad}","v":${inner}}`;
  const bytes = Buffer.from(kind === "truncated" ? text.slice(0, -1) : kind === "trailing-comma" ? text.replace(/}$/, ",}") : text);
  if (kind !== "bad-utf8") return bytes;
  // a lone continuation byte and a cut multi-byte sequence inside the padding string
  bytes[10] = 0x80;
  bytes[20] = 0xe2;
  return bytes;
});

describe("JSON bodies off the event loop", () => {
  it("the worker gives, for the same bytes, what the loop gives (decode, parse, storable text, nesting)", async () => {
    await fc.assert(
      fc.asyncProperty(body, async (bytes) => {
        const ref = onLoop(Buffer.from(bytes));
        const off = await offLoop(bytes);
        if (ref === "SyntaxError" || off === "SyntaxError") return void expect(off).toBe(ref);
        expect(off.tooDeep).toBe(ref.tooDeep);
        expectSame(off.value, ref.value);
      }),
      { numRuns: 120 },
    );
  });

  it("hands the bytes over (transferred, not copied); a view of a larger buffer is copied and the larger one left alone", async () => {
    const bytes = Buffer.concat([Buffer.from(`{"pad":"${pad}","n":1}`)]);
    expect(bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length).toBe(true);
    const r = await parseJsonBytes(bytes);
    expect((r.value as { n: number }).n).toBe(1);
    expect(bytes.length).toBe(0); // detached: the worker has it

    const big = Buffer.from(`[[[${`{"pad":"${pad}","n":2}`}]]]`);
    const view = big.subarray(3, big.length - 3);
    const v = await parseJsonBytes(view);
    expect((v.value as { n: number }).n).toBe(2);
    expect(big.length).toBeGreaterThan(OFF_LOOP_BYTES);
    expect(view.toString("utf8", 0, 8)).toBe('{"pad":"');
  });

  it("refuses invalid JSON with a SyntaxError, large or small; a body of unstorable text comes back storable", async () => {
    await expect(parseJsonBytes(Buffer.from(`{"pad":"${pad}",}`))).rejects.toThrow(SyntaxError);
    await expect(parseJsonBytes(Buffer.from("{,}"))).rejects.toThrow(SyntaxError);
    const r = await parseJsonBytes(Buffer.from(`{"pad":"${pad}","s":"a\\u0000b\\ud800"}`));
    expect((r.value as { s: string }).s).toBe("a\uFFFDb\uFFFD");
  });

  it("a body nested deeper than MAX_JSON_DEPTH is reported, without its value (which the clone could not take)", async () => {
    const r = await parseJsonBytes(Buffer.from(`{"pad":"${pad}","d":${"[".repeat(100_000)}${"]".repeat(100_000)}}`));
    expect(r).toEqual({ value: undefined, tooDeep: true });
  });

  it("keeps the event loop turning while a large body is decoded and parsed", async () => {
    // on the loop, the parse would finish before any tick; off it, the tick runs first
    const big = Buffer.from(`[${"12345.678,".repeat(1_000_000)}0]`);
    let ticked = false;
    setImmediate(() => (ticked = true));
    const { v, tickedBefore } = await parseJsonBytes(big).then((r) => ({ v: r.value, tickedBefore: ticked }));
    expect((v as number[]).length).toBe(1_000_001);
    expect(tickedBefore).toBe(true);
  });

  it("answers concurrent bodies each with its own value", async () => {
    const values = await Promise.all(Array.from({ length: 5 }, (_, i) => parseJsonBytes(Buffer.from(`{"i":${i},"pad":"${pad}"}`))));
    expect(values.map((v) => (v.value as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("parseJson (a decoded text: the GitHub webhook)", () => {
  it("gives what JSON.parse gives for large texts, own __proto__ keys and lone surrogates included", async () => {
    const text = `{"pad":"${pad}","__proto__":{"polluted":1},"constructor":"c","s":"\\ud800","n":[1,2.5,-0,1e308,null,true],"deep":${"[".repeat(500)}1${"]".repeat(500)}}`;
    const fromWorker = (await parseJson(text)) as Record<string, unknown>;
    expect(fromWorker).toEqual(JSON.parse(text));
    expect(Object.prototype.hasOwnProperty.call(fromWorker, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(fromWorker.s).toBe("\ud800");
  });

  it("refuses invalid JSON with a SyntaxError, large or small", async () => {
    await expect(parseJson(`{"pad":"${pad}",}`)).rejects.toThrow(SyntaxError);
    await expect(parseJson("{,}")).rejects.toThrow(SyntaxError);
  });
});
