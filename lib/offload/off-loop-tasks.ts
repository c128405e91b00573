// What the off-loop worker (lib/offload/off-loop.ts) can do: pure functions of structured-cloneable
// inputs, each also callable in process (the fallback, and the property tests that compare both).
import { parentPort } from "node:worker_threads";
import { auditPayloadWork } from "@/lib/audit/payload-work";
import { ciReportWork } from "@/lib/changes/reports/offload";
import { redactValue } from "@/lib/redaction/redact";

export const OFF_LOOP_TASKS = {
  auditPayload: auditPayloadWork,
  ciReport: ciReportWork,
  redactValue: (value: unknown) => redactValue(value),
} as const;

export type OffLoopTask = keyof typeof OFF_LOOP_TASKS;

interface Message {
  id: number;
  task: OffLoopTask;
  input: unknown;
}

parentPort?.on("message", ({ id, task, input }: Message) => {
  try {
    const output = (OFF_LOOP_TASKS[task] as (i: unknown) => unknown)(input);
    parentPort!.postMessage({ id, ok: true, output });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ id, ok: false, error: { name: err?.name ?? "Error", message: err?.message ?? String(e) } });
  }
});
parentPort?.postMessage({ ready: true });
