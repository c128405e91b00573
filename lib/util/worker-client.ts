// One worker thread's lifecycle for the event loop's off-loop helpers (lib/offload/off-loop.ts,
// lib/http/json-off-loop.ts): started on first use and unref'd (it never keeps a process alive),
// "ready" awaited once, every message matched to its reply by id, and — when the worker dies (out
// of memory, a crash) — every pending call rejected with WorkerFailed and a new worker started on
// the next call. A worker that fails before it was ever ready (no tsx, no file) is not tried again
// in this process: `ask` answers undefined and the caller does the work on the loop.
import { Worker, type Transferable } from "node:worker_threads";
import { processSingleton } from "@/lib/util/global";

/** The worker died holding this call (its input may be gone: a transferred buffer). */
export class WorkerFailed extends Error {}

/** What a worker posts: `{ ready: true }` once, then one reply per message, with the message's id. */
export interface WorkerReply {
  id: number;
  ready?: true;
}

interface Pending<R> {
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

interface State<R> {
  worker?: Worker;
  ready?: Promise<boolean>;
  /** set after a failure to start: every later call answers undefined */
  broken: boolean;
  pending: Map<number, Pending<R>>;
  nextId: number;
}

export interface WorkerClient<R extends WorkerReply> {
  /**
   * Posts `message` (with its `id` added) and resolves with the worker's reply; undefined when
   * the worker cannot run. Rejects with WorkerFailed when the worker died before replying.
   */
  ask(message: Record<string, unknown>, transfer?: readonly Transferable[]): Promise<R | undefined>;
}

/**
 * A client of the worker at `file` (an absolute path), its state kept per process under `key`
 * (one worker per process, whichever module graph asks: Next bundles a module more than once).
 * `onReply` runs for every reply (tests count them).
 */
export function workerClient<R extends WorkerReply>(key: string, file: () => string, onReply?: (r: R) => void): WorkerClient<R> {
  const state = () => processSingleton<State<R>>(key, () => ({ broken: false, pending: new Map(), nextId: 0 }));

  function start(s: State<R>): Promise<boolean> {
    if (s.ready) return s.ready;
    const w = new Worker(file());
    w.unref();
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
      w.on("message", (m: R) => {
        if (m.ready) {
          wasReady = true;
          return resolve(true);
        }
        const p = s.pending.get(m.id);
        if (!p) return;
        s.pending.delete(m.id);
        onReply?.(m);
        p.resolve(m);
      });
      w.on("error", (err) => {
        // failed before it was ready (no tsx, no worker file): do not try again in this process
        if (!wasReady) s.broken = true;
        resolve(false);
        fail(err);
      });
      w.once("exit", () => {
        resolve(false);
        fail(new Error("the worker exited"));
      });
    });
    return s.ready;
  }

  return {
    async ask(message, transfer = []) {
      const s = state();
      if (s.broken || !(await start(s)) || !s.worker) return undefined;
      const w = s.worker;
      return new Promise<R>((resolve, reject) => {
        const id = ++s.nextId;
        s.pending.set(id, { resolve, reject });
        w.postMessage({ ...message, id }, transfer);
      });
    },
  };
}
