// Shared by the standalone benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import readline from "node:readline";

/** A throwaway PostgreSQL database on the server at `base`, and how to drop it. */
export async function createPgDb(base: string) {
  const { default: pg } = await import("pg");
  const name = `gh_bench_${randomBytes(4).toString("hex")}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

/** Run from the command line: print the Markdown section, exit 0; or the error, exit 1. */
export function printAndExit(section: Promise<string>) {
  section.then(
    (md) => {
      console.log("\n" + md);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

export interface BenchServer {
  child: ChildProcess;
  /** the server's first JSON line (its address, a token …) */
  hello: Record<string, string>;
  /** sends a command line, resolves with the server's next JSON line */
  ask: (cmd: string) => Promise<Record<string, number>>;
}

/**
 * Starts `script --serve …args` as its own process (the server side of a benchmark) and talks to
 * it over stdin/stdout, one JSON line per answer. BENCH_SERVER_NODE_ARGS adds node options
 * (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
export function spawnBenchServer(script: string, args: string[]): Promise<BenchServer> {
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...extra, "--import", "tsx", "--import", "./scripts/register.mjs", script, "--serve", ...args], {
    stdio: ["pipe", "pipe", "inherit"],
    // A throwaway key: the bench must not generate one into the default data directory.
    env: { ...process.env, GATEHOUSE_AUDIT_KEY: process.env.GATEHOUSE_AUDIT_KEY ?? randomBytes(32).toString("hex") },
  });
  const rl = readline.createInterface({ input: child.stdout! });
  const lines: string[] = [];
  let waiter: ((l: string) => void) | null = null;
  rl.on("line", (l) => {
    if (!l.startsWith("{")) return;
    if (waiter) {
      const w = waiter;
      waiter = null;
      w(l);
    } else lines.push(l);
  });
  const failed = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`bench server exited (code ${code})`))));
  failed.catch(() => {});
  const next = () => Promise.race([new Promise<string>((r) => (lines.length ? r(lines.shift()!) : (waiter = r))), failed]);
  return next().then((first) => ({
    child,
    hello: JSON.parse(first),
    ask: async (cmd: string) => {
      child.stdin!.write(cmd + "\n");
      return JSON.parse(await next());
    },
  }));
}
