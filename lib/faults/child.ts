// Spawns scripts/faults/api-child.ts as a real, separate process that can be SIGKILLed.
// It is started as `node --import tsx --import ./scripts/register.mjs …` (what `npx tsx
// --import ./scripts/register.mjs` runs) rather than through the npx/tsx wrappers: the pid we
// kill must be the one serving HTTP and holding the data directory, not a parent shim.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const SCRIPT = path.join(REPO_ROOT, "scripts", "faults", "api-child.ts");

export interface ApiChild {
  proc: ChildProcess;
  pid: number;
  base: string;
  /** ms from spawn to READY (module loading, database open and migrations) */
  startMs: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL and wait until the process is gone. */
  kill(): Promise<void>;
  output(): string;
}

export async function startApiChild(target: { dataDir: string } | { url: string }, timeoutMs = 60_000): Promise<ApiChild> {
  const t0 = Date.now();
  const args = "dataDir" in target ? ["--data-dir", target.dataDir] : ["--url", target.url];
  const proc = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/register.mjs", SCRIPT, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, GATEHOUSE_WORKERS: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`api child not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += String(d);
      const m = /READY (\d+) (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), pid: Number(m[2]) });
      }
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", (d: Buffer) => (out += String(d)));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`api child exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
  return {
    proc,
    pid: ready.pid,
    base: `http://127.0.0.1:${ready.port}`,
    startMs: Date.now() - t0,
    exited,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await exited;
    },
    output: () => out,
  };
}
