// The one worker lifecycle behind lib/offload/off-loop.ts and lib/http/json-off-loop.ts: replies
// matched by id, a worker that dies fails its pending calls and is started again on the next call,
// a worker that cannot start answers undefined from then on (callers do the work on the loop).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WorkerFailed, workerClient } from "./worker-client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "worker-client-"));
const file = path.join(dir, "echo.mjs");
// echoes n * 2 after `wait` ms; "die" exits the thread while another call is pending
fs.writeFileSync(
  file,
  `import { parentPort, threadId } from "node:worker_threads";
parentPort.on("message", ({ id, n, wait, die }) => {
  if (die) process.exit(1);
  setTimeout(() => parentPort.postMessage({ id, value: n * 2, thread: threadId }), wait ?? 0);
});
parentPort.postMessage({ ready: true });
`,
);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Reply = { id: number; ready?: true; value: number; thread: number };

describe("workerClient", () => {
  it("matches replies to calls by id, whatever order they come back in", async () => {
    let replies = 0;
    const c = workerClient<Reply>(
      `wc-test-order-${Math.random()}`,
      () => file,
      () => replies++,
    );
    const [slow, fast] = await Promise.all([c.ask({ n: 1, wait: 50 }), c.ask({ n: 2, wait: 0 })]);
    expect(slow?.value).toBe(2);
    expect(fast?.value).toBe(4);
    expect(replies).toBe(2);
  });

  it("fails the pending calls of a worker that dies and starts a new one on the next call", async () => {
    const c = workerClient<Reply>(`wc-test-crash-${Math.random()}`, () => file);
    const first = await c.ask({ n: 1 });
    const pending = c.ask({ n: 5, wait: 1000 });
    await new Promise((r) => setTimeout(r, 20)); // posted before the crash
    const crash = c.ask({ die: true });
    await expect(pending).rejects.toBeInstanceOf(WorkerFailed);
    await expect(crash).rejects.toBeInstanceOf(WorkerFailed);
    const after = await c.ask({ n: 3 });
    expect(after?.value).toBe(6);
    expect(after?.thread).not.toBe(first?.thread);
  });

  it("answers undefined, without trying again, when the worker cannot start", async () => {
    let tries = 0;
    const c = workerClient<Reply>(`wc-test-broken-${Math.random()}`, () => {
      tries++;
      return path.join(dir, "missing.mjs");
    });
    expect(await c.ask({ n: 1 })).toBeUndefined();
    expect(await c.ask({ n: 1 })).toBeUndefined();
    expect(tries).toBe(1);
  });
});
