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
import { processSingleton } from "@/lib/util/global";
import type { OFF_LOOP_TASKS, OffLoopTask } from "./off-loop-tasks";
import { WorkerFailed, workerClient } from "@/lib/util/worker-client";

export const OFF_LOOP_UNAVAILABLE = Symbol("off-loop unavailable");

type Output<K extends OffLoopTask> = ReturnType<(typeof OFF_LOOP_TASKS)[K]>;

/** Tests switch the worker off to run the in-process path (`disabled`); `done` counts tasks answered. */
export const offLoopSettings = processSingleton("off-loop-settings", () => ({ disabled: false, done: 0 }));

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

interface Reply {
  id: number;
  ready?: true;
  ok: boolean;
  output?: unknown;
  error?: { name: string; message: string };
}

const client = workerClient<Reply>(
  "off-loop-worker",
  () => path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "offload", "off-loop-worker.mjs"),
  () => offLoopSettings.done++,
);

/**
 * Runs a task of lib/offload/off-loop-tasks.ts on the worker. Rejects with OffLoopError when the task
 * threw there; answers OFF_LOOP_UNAVAILABLE when there is no worker (run the in-process path).
 */
export async function offLoop<K extends OffLoopTask>(
  task: K,
  input: Parameters<(typeof OFF_LOOP_TASKS)[K]>[0],
): Promise<Output<K> | typeof OFF_LOOP_UNAVAILABLE> {
  if (offLoopSettings.disabled) return OFF_LOOP_UNAVAILABLE;
  let m: Reply | undefined;
  try {
    m = await client.ask({ task, input });
  } catch (e) {
    if (e instanceof WorkerFailed) return OFF_LOOP_UNAVAILABLE;
    throw e;
  }
  if (!m) return OFF_LOOP_UNAVAILABLE;
  if (!m.ok) throw new OffLoopError(m.error!.name, m.error!.message);
  return m.output as Output<K>;
}
