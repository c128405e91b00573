// The worker thread of lib/offload/off-loop.ts. Plain JavaScript so that Node can start it from any
// process (the custom server under tsx, tests, a Next route handler); it loads the TypeScript
// tasks through tsx's API, resolved from the project root like db/pglite-worker.mjs.
import fs from "node:fs";
import os from "node:os";

// This thread (not the process) gets the lowest CPU priority: on Linux a thread is a task with
// its own nice value, and /proc/thread-self names it. Work on large bodies then uses the CPU the
// event loop, the database and other agents' requests leave over, instead of taking its share of
// it from them. Elsewhere (or refused) the thread keeps the normal priority.
try {
  const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
  if (tid > 0) os.setPriority(tid, 19);
} catch {
  /* not Linux: normal priority */
}

const { register } = await import("tsx/esm/api");
await import("../../scripts/register.mjs");
register();
await import("./off-loop-tasks.ts");
