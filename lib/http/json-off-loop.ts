// A JSON body at the size limits (5 MiB events, 25 MiB CI runs) decoded and parsed on the event
// loop blocks it in one piece: every other request — decisions, the kill switch — waits. Bodies of
// OFF_LOOP_BYTES and more go to a worker thread instead (json-off-loop-worker.mjs, lowest CPU
// priority) as bytes: the buffer is transferred, not copied, and the worker does the UTF-8 decode,
// the parse and the guards of json-body.ts. The value comes back by structured clone, which for
// the usual worst case (one huge string) is a copy, and for many small values costs about what the
// parse would have. Small bodies stay on the loop (a worker round trip is ~0.1 ms).
import path from "node:path";
import { Worker } from "node:worker_threads";
import { processSingleton } from "@/lib/util/global";
import { AppError } from "./errors";
import { parseBody, type ParsedBody } from "./json-body";

export const OFF_LOOP_BYTES = 256 * 1024;

interface Pending {
  resolve: (v: ParsedBody) => void;
  reject: (e: Error) => void;
}

interface Reply {
  ready?: true;
  id: number;
  ok: boolean;
  value?: unknown;
  tooDeep?: boolean;
  syntax?: boolean;
}

interface State {
  worker?: Worker;
  ready?: Promise<boolean>;
  /** the worker could not start (no tsx, no file): every later body is parsed on the loop */
  broken: boolean;
  pending: Map<number, Pending>;
  nextId: number;
}

/** `offLoop`: tests count the bodies the worker answered. */
export const jsonOffLoopStats = processSingleton("json-off-loop-stats", () => ({ offLoop: 0 }));

const state = () => processSingleton<State>("json-off-loop-worker", () => ({ broken: false, pending: new Map(), nextId: 0 }));

class WorkerFailed extends Error {}

function start(s: State): Promise<boolean> {
  if (s.ready) return s.ready;
  const w = new Worker(path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "http", "json-off-loop-worker.mjs"));
  w.unref(); // never keeps a process (CLI, tests) alive
  s.worker = w;
  let wasReady = false;
  const fail = (err: Error) => {
    if (s.worker === w) {
      s.worker = undefined;
      s.ready = undefined;
    }
    for (const [id, p] of s.pending) {
      s.pending.delete(id);
      p.reject(new WorkerFailed(err.message));
    }
  };
  s.ready = new Promise<boolean>((resolve) => {
    w.on("message", (m: Reply) => {
      if (m.ready) {
        wasReady = true;
        return resolve(true);
      }
      const p = s.pending.get(m.id);
      if (!p) return;
      s.pending.delete(m.id);
      jsonOffLoopStats.offLoop++;
      if (m.ok) p.resolve({ value: m.value, tooDeep: m.tooDeep === true });
      else p.reject(m.syntax ? new SyntaxError("not valid JSON") : new WorkerFailed("the worker could not answer"));
    });
    w.on("error", (err) => {
      if (!wasReady) s.broken = true;
      resolve(false);
      fail(err);
    });
    w.once("exit", () => {
      resolve(false);
      fail(new Error("the JSON worker exited"));
    });
  });
  return s.ready;
}

/** The worker, started if need be; undefined when it cannot run (the loop does the work). */
async function worker(): Promise<{ s: State; w: Worker } | undefined> {
  const s = state();
  if (s.broken || !(await start(s)) || !s.worker) return undefined;
  return { s, w: s.worker };
}

function ask({ s, w }: { s: State; w: Worker }, message: { text: string; plain: true } | { bytes: ArrayBuffer }, transfer: ArrayBuffer[]) {
  return new Promise<ParsedBody>((resolve, reject) => {
    const id = ++s.nextId;
    s.pending.set(id, { resolve, reject });
    w.postMessage({ id, ...message }, transfer);
  });
}

/**
 * A request body's bytes as JSON (json-body.ts: parsed, made storable, nesting checked), decoded
 * and parsed off the event loop from OFF_LOOP_BYTES. The buffer is handed over to the worker (it
 * is empty afterwards). Throws SyntaxError for invalid JSON, like JSON.parse. Without a worker the
 * loop does the same work; a worker that dies holding the bytes is a 503 (send the body again).
 */
export async function parseJsonBytes(bytes: Buffer): Promise<ParsedBody> {
  if (bytes.length < OFF_LOOP_BYTES) return parseBody(bytes.toString("utf8"));
  const wk = await worker();
  if (!wk) return parseBody(bytes.toString("utf8"));
  // a buffer that owns its whole memory is transferred as it is; a view of a larger one (one
  // chunk of a socket read) is copied once first: a memcpy, where the decode is what costs
  const own = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length && bytes.buffer instanceof ArrayBuffer;
  const ab = own ? (bytes.buffer as ArrayBuffer) : new Uint8Array(bytes).buffer;
  try {
    return await ask(wk, { bytes: ab }, [ab]);
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
  const wk = await worker();
  try {
    if (wk) return (await ask(wk, { text, plain: true }, [])).value;
  } catch (e) {
    if (!(e instanceof WorkerFailed)) throw e;
  }
  return JSON.parse(text);
}
