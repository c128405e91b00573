// A JSON body at the size limits (5 MiB events, 25 MiB CI runs) decoded and parsed on the event
// loop blocks it in one piece: every other request — decisions, the kill switch — waits. Bodies of
// OFF_LOOP_BYTES and more go to a worker thread instead (json-off-loop-worker.mjs, lowest CPU
// priority) as bytes: the buffer is transferred, not copied, and the worker does the UTF-8 decode,
// the parse and the guards of json-body.ts. The value comes back by structured clone, which for
// the usual worst case (one huge string) is a copy, and for many small values costs about what the
// parse would have. Small bodies stay on the loop (a worker round trip is ~0.1 ms).
import path from "node:path";
import type { Transferable } from "node:worker_threads";
import { processSingleton } from "@/lib/util/global";
import { WorkerFailed, workerClient } from "@/lib/util/worker-client";
import { AppError } from "./errors";
import { parseBody, type ParsedBody } from "./json-body";

export const OFF_LOOP_BYTES = 256 * 1024;

interface Reply {
  ready?: true;
  id: number;
  ok: boolean;
  value?: unknown;
  tooDeep?: boolean;
  syntax?: boolean;
}

/** `offLoop`: tests count the bodies the worker answered. */
export const jsonOffLoopStats = processSingleton("json-off-loop-stats", () => ({ offLoop: 0 }));

// the worker's lifecycle (start, restart after a crash, replies by id) is lib/util/worker-client.ts
const client = workerClient<Reply>(
  "json-off-loop-worker",
  () => path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "http", "json-off-loop-worker.mjs"),
  () => jsonOffLoopStats.offLoop++,
);

/** The worker's answer as parseBody's; undefined when there is no worker (nothing was sent). */
async function ask(message: { text: string; plain: true } | { bytes: ArrayBuffer }, transfer: Transferable[]): Promise<ParsedBody | undefined> {
  const m = await client.ask(message, transfer);
  if (!m) return undefined;
  if (m.ok) return { value: m.value, tooDeep: m.tooDeep === true };
  throw m.syntax ? new SyntaxError("not valid JSON") : new WorkerFailed("the worker could not answer");
}

/**
 * A request body's bytes as JSON (json-body.ts: parsed, made storable, nesting checked), decoded
 * and parsed off the event loop from OFF_LOOP_BYTES. The buffer is handed over to the worker (it
 * is empty afterwards). Throws SyntaxError for invalid JSON, like JSON.parse. Without a worker the
 * loop does the same work; a worker that dies holding the bytes is a 503 (send the body again).
 */
export async function parseJsonBytes(bytes: Buffer): Promise<ParsedBody> {
  if (bytes.length < OFF_LOOP_BYTES) return parseBody(bytes.toString("utf8"));
  // a buffer that owns its whole memory is transferred as it is; a view of a larger one (one
  // chunk of a socket read) is copied once first: a memcpy, where the decode is what costs
  const own = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length && bytes.buffer instanceof ArrayBuffer;
  const ab = own ? (bytes.buffer as ArrayBuffer) : new Uint8Array(bytes).buffer;
  try {
    // nothing is sent (the buffer stays ours) when there is no worker: the loop does the work
    return (await ask({ bytes: ab }, [ab])) ?? parseBody(bytes.toString("utf8"));
  } catch (e) {
    if (e instanceof WorkerFailed)
      throw new AppError(503, "service_unavailable", "The server could not read this body (its JSON worker stopped); send it again.", undefined, {
        "Retry-After": "1",
      });
    throw e;
  }
}

/** JSON.parse, off the event loop for large texts (a body already decoded: the GitHub webhook). */
export async function parseJson(text: string): Promise<unknown> {
  if (text.length < OFF_LOOP_BYTES) return JSON.parse(text);
  try {
    const r = await ask({ text, plain: true }, []);
    if (r) return r.value;
  } catch (e) {
    if (!(e instanceof WorkerFailed)) throw e;
  }
  return JSON.parse(text);
}
