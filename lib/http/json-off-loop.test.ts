import { describe, expect, it } from "vitest";
import { OFF_LOOP_BYTES, parseJson } from "./json-off-loop";

describe("parseJson off the event loop", () => {
  const pad = "x".repeat(OFF_LOOP_BYTES);

  it("gives what JSON.parse gives for large bodies, own __proto__ keys and lone surrogates included", async () => {
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

  it("keeps the event loop turning while a large body is parsed", async () => {
    // on the loop, the parse would finish before any tick; off it, the tick runs first
    const big = `[${"12345.678,".repeat(1_000_000)}0]`;
    let ticked = false;
    setImmediate(() => (ticked = true));
    const done = parseJson(big).then((v) => ({ v, tickedBefore: ticked }));
    const { v, tickedBefore } = await done;
    expect((v as number[]).length).toBe(1_000_001);
    expect(tickedBefore).toBe(true);
  });

  it("answers concurrent parses each with its own value", async () => {
    const texts = Array.from({ length: 5 }, (_, i) => `{"i":${i},"pad":"${pad}"}`);
    const values = (await Promise.all(texts.map(parseJson))) as { i: number }[];
    expect(values.map((v) => v.i)).toEqual([0, 1, 2, 3, 4]);
  });
});
