// JSON.parse of a body at the size limits (5 MiB events, 25 MiB CI runs) blocks the event loop in
// one piece: every other request — decisions, the kill switch — waits. Bodies above
// OFF_LOOP_BYTES are parsed on a worker thread instead; the value comes back by structured clone,
// which for the usual worst case (one huge string) is a copy, and for many small values costs
// about what the parse would have. Small bodies stay on the loop (a worker round trip is ~0.1 ms).
import { Worker } from "node:worker_threads";

export const OFF_LOOP_BYTES = 256 * 1024;

// Evaluated code (not a file): nothing for the Next build to trace or bundle.
// The thread runs at the lowest CPU priority (as lib/offload/off-loop-worker.mjs explains).
const SOURCE = `
const { parentPort } = require("node:worker_threads");
try {
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  if (tid > 0) require("node:os").setPriority(tid, 19);
} catch {}
parentPort.on("message", ({ id, text }) => {
  let value, ok = true;
  try { value = JSON.parse(text); } catch { ok = false; }
  parentPort.postMessage({ id, ok, value });
});`;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 0;

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(SOURCE, { eval: true });
  w.unref(); // never keeps a process (CLI, tests) alive
  w.on("message", ({ id, ok, value }: { id: number; ok: boolean; value: unknown }) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (ok) p.resolve(value);
    else p.reject(new SyntaxError("not valid JSON"));
  });
  const fail = (err: Error) => {
    if (worker === w) worker = undefined;
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(Object.assign(err, { workerFailed: true }));
    }
  };
  w.on("error", fail);
  w.on("exit", () => fail(new Error("the JSON worker exited")));
  worker = w;
  return w;
}

/**
 * JSON.parse, off the event loop for large texts. Throws SyntaxError for invalid JSON like
 * JSON.parse; if the worker itself fails (out of memory), parses on the loop as before.
 */
export async function parseJson(text: string): Promise<unknown> {
  if (text.length < OFF_LOOP_BYTES) return JSON.parse(text);
  try {
    return await new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      getWorker().postMessage({ id, text });
    });
  } catch (e) {
    if ((e as { workerFailed?: boolean }).workerFailed) return JSON.parse(text);
    throw e;
  }
}
