// Work proportional to a request's size, off the HTTP event loop (issue 16): redaction, canonical
// JSON, hashing and serialisation of a payload of megabytes, the parse of a CI report. One worker
// thread at the lowest CPU priority (lib/offload/off-loop-worker.mjs) runs the tasks of
// lib/offload/off-loop-tasks.ts one after the other; the event loop only sends the input and takes
// the result (structured clones: copies, a few milliseconds for megabytes of text). Admission
// control (lib/http/body-admission.ts) bounds what one caller can queue here.
//
// When the worker cannot run (it failed to start, or died: out of memory), `offLoop` answers
// OFF_LOOP_UNAVAILABLE and callers take their in-process path, which gives the loop back in
// steps: slower for everybody else, never wrong.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { processSingleton } from "@/lib/util/global";
import type { OFF_LOOP_TASKS, OffLoopTask } from "./off-loop-tasks";

export const OFF_LOOP_UNAVAILABLE = Symbol("off-loop unavailable");

type Output<K extends OffLoopTask> = ReturnType<(typeof OFF_LOOP_TASKS)[K]>;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface State {
  worker?: Worker;
  ready?: Promise<boolean>;
  /** set after a failure to start: every later call answers OFF_LOOP_UNAVAILABLE */
  broken: boolean;
  pending: Map<number, Pending>;
  nextId: number;
}

/** Tests switch the worker off to run the in-process path (`disabled`); `done` counts tasks answered. */
export const offLoopSettings = processSingleton("off-loop-settings", () => ({ disabled: false, done: 0 }));

const state = () => processSingleton<State>("off-loop-worker", () => ({ broken: false, pending: new Map(), nextId: 0 }));

/** A task's failure inside the worker, with the name and message it had there. */
export class OffLoopError extends Error {
  constructor(
    public readonly remoteName: string,
    message: string,
  ) {
    super(message);
    this.name = "OffLoopError";
  }
}

class WorkerFailed extends Error {}

function start(s: State): Promise<boolean> {
  if (s.ready) return s.ready;
  const w = new Worker(path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "offload", "off-loop-worker.mjs"));
  w.unref(); // never keeps a process (CLI, tests) alive
  s.worker = w;
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
  let wasReady = false;
  s.ready = new Promise<boolean>((resolve) => {
    w.on("message", (m: { ready?: true; id: number; ok: boolean; output?: unknown; error?: { name: string; message: string } }) => {
      if (m.ready) {
        wasReady = true;
        return resolve(true);
      }
      const p = s.pending.get(m.id);
      if (!p) return;
      s.pending.delete(m.id);
      offLoopSettings.done++;
      if (m.ok) p.resolve(m.output);
      else p.reject(new OffLoopError(m.error!.name, m.error!.message));
    });
    w.on("error", (err) => {
      // failed before it was ready (no tsx, no worker file): do not try again in this process
      if (!wasReady) s.broken = true;
      resolve(false);
      fail(err);
    });
    w.once("exit", () => {
      resolve(false);
      fail(new Error("the off-loop worker exited"));
    });
  });
  return s.ready;
}

/**
 * Runs a task of lib/offload/off-loop-tasks.ts on the worker. Rejects with OffLoopError when the task
 * threw there; answers OFF_LOOP_UNAVAILABLE when there is no worker (run the in-process path).
 */
export async function offLoop<K extends OffLoopTask>(
  task: K,
  input: Parameters<(typeof OFF_LOOP_TASKS)[K]>[0],
): Promise<Output<K> | typeof OFF_LOOP_UNAVAILABLE> {
  const s = state();
  if (offLoopSettings.disabled || s.broken) return OFF_LOOP_UNAVAILABLE;
  if (!(await start(s)) || !s.worker) return OFF_LOOP_UNAVAILABLE;
  const worker = s.worker;
  try {
    return (await new Promise((resolve, reject) => {
      const id = ++s.nextId;
      s.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, task, input });
    })) as Output<K>;
  } catch (e) {
    if (e instanceof WorkerFailed) return OFF_LOOP_UNAVAILABLE;
    throw e;
  }
}
