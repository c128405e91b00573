// Benchmark of the decision hot path: POST /api/v1/decisions over real HTTP, with autocannon
// (10 connections) beside a server process, on PGlite and PostgreSQL; checks that every
// answered request left exactly one recorded decision. Standalone: `npx tsx --import
// ./scripts/register.mjs bench/decisions.ts [--quick] [--engine pglite]`; also a suite for bench/run.ts (default export → Markdown).
import readline from "node:readline";
import { createPgDb, printAndExit, spawnBenchServer } from "./util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance as perf } from "node:perf_hooks";

interface Ctx {
  pgUrl?: string;
  quick: boolean;
  /** run one engine only */
  only?: "pglite" | "postgres";
  log: (s: string) => void;
}

export const BODY = JSON.stringify({
  action: { type: "file.read", tool: "Read", repository: "acme/payments", resource: "src/auth/session.ts" },
  session_id: "bench",
  initiated_by: "dev@acme.test",
});
export const HOOK_PATH = "/api/hooks/claude-code?repository=acme/payments&initiated_by=dev@acme.test";
export const HOOK_BODY = JSON.stringify({
  session_id: "bench",
  transcript_path: "/tmp/t.jsonl",
  cwd: "/work/payments",
  permission_mode: "default",
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command: "npm test -- --run" },
  tool_use_id: "toolu_bench",
});

// ---------------------------------------------------------------- server side (child process)
async function serve(engine: "pglite" | "postgres", url?: string) {
  const { openDatabase } = await import("@/lib/db");
  const { startTestApi } = await import("@/lib/testing/http");
  const { decisionFixture } = await import("@/lib/decisions/testing");
  const { writerFor } = await import("@/lib/decisions/writer");
  const { sql } = await import("drizzle-orm");
  // PGlite on a data directory on disk, as the product runs it (not in memory).
  const dataDir = engine === "pglite" ? fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-decisions-")) : undefined;
  const h = engine === "pglite" ? await openDatabase({ dataDir }) : await openDatabase({ url, poolMax: 10 });
  const fx = await decisionFixture(h.db, "bench");
  const { token } = await fx.agent("bench-agent");
  const api = await startTestApi(h);
  console.log(JSON.stringify({ base: api.base, token }));
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (line === "count") {
      await writerFor(h.db).drain();
      const r = (await h.db.execute(
        sql`SELECT (SELECT count(*) FROM decisions) AS d, (SELECT count(*) FROM audit_events WHERE type = 'decision') AS a`,
      )) as unknown as { rows: { d: string; a: string }[] };
      const w = writerFor(h.db);
      const cpu = process.cpuUsage();
      const elu = perf.eventLoopUtilization();
      console.log(
        JSON.stringify({
          decisions: Number(r.rows[0].d),
          audit: Number(r.rows[0].a),
          batches: w.batches,
          items: w.items,
          cpuUs: cpu.user + cpu.system,
          mainUs: elu.active * 1000,
        }),
      );
    } else if (line === "quit") {
      await api.close();
      await h.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  }
}

// ---------------------------------------------------------------- load side
async function startChild(engine: string, url?: string) {
  const s = await spawnBenchServer("bench/decisions.ts", [engine, url ?? ""]);
  return { child: s.child, base: s.hello.base, token: s.hello.token, ask: s.ask };
}

export async function load(base: string, token: string, path: string, body: string, seconds: number) {
  const { default: autocannon } = await import("autocannon");
  const r = await autocannon({
    url: base + path,
    connections: 10,
    duration: seconds,
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
  });
  return {
    rps: r.requests.average,
    total: r.requests.total,
    sent: r.requests.sent,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

export default async function bench(ctx: Ctx): Promise<string> {
  const seconds = ctx.quick ? 3 : 10;
  const rows: string[] = [];
  const engines: { engine: "pglite" | "postgres"; url?: string; drop?: () => Promise<void> }[] = ctx.only === "postgres" ? [] : [{ engine: "pglite" }];
  if (ctx.pgUrl) engines.push({ engine: "postgres", ...(await createPgDb(ctx.pgUrl)) });
  for (const e of engines) {
    const s = await startChild(e.engine, e.url);
    try {
      for (const [label, path, body] of [
        ["POST /api/v1/decisions", "/api/v1/decisions", BODY],
        // who and where as the generated settings send them (a hook without a repository is gated)
        ["PreToolUse hook", HOOK_PATH, HOOK_BODY],
      ] as const) {
        await load(s.base, s.token, path, body, 1); // warm-up
        const before = await s.ask("count");
        const r = await load(s.base, s.token, path, body, seconds);
        const after = await s.ask("count");
        const recorded = after.decisions - before.decisions;
        // Requests still in flight when the run stops are answered (and recorded) after it: compare with `sent`.
        const ok = r.sent - r.errors;
        const batch = (after.items - before.items) / Math.max(1, after.batches - before.batches);
        // CPU per decision: the whole server process (all threads) and its main (HTTP) thread.
        const cpuPer = (after.cpuUs - before.cpuUs) / Math.max(1, recorded);
        const mainPer = (after.mainUs - before.mainUs) / Math.max(1, recorded);
        ctx.log(
          `${e.engine} ${label}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, recorded ${recorded}/${ok}, avg batch ${batch.toFixed(1)}, server CPU ${cpuPer.toFixed(0)} µs/decision (main thread ${mainPer.toFixed(0)})`,
        );
        rows.push(
          `| ${e.engine} | ${label} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${recorded} / ${ok} ${recorded === ok ? "✓" : "✗"} | ${batch.toFixed(1)} | ${cpuPer.toFixed(0)} (${mainPer.toFixed(0)}) |`,
        );
      }
    } finally {
      const exited = new Promise((r) => s.child.once("exit", r));
      s.child.stdin!.write("quit\n");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      s.child.kill();
      await e.drop?.();
    }
  }
  return `## Decisions (hot path)

autocannon, 10 connections, ${seconds} s per row, lean node:http path (the same adapter server.ts uses
for \`lean: true\` routes), one server process (PGlite on a data directory, on its own thread); every
decision is recorded (its hash-chained audit event, group commit: one statement per batch) before its
answer is sent. Server CPU = the server process's CPU time per recorded decision (all threads), and of
its main (HTTP) thread.

| engine | route | req/s | p50 ms | p99 ms | errors | decisions recorded / answered | avg batch | server CPU µs/decision (main thread) |
|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}
`;
}

const argv = process.argv.slice(2);
if (argv[0] === "--serve") {
  void serve(argv[1] as "pglite" | "postgres", argv[2] || undefined);
} else if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bench/decisions.ts")) {
  const only = argv.includes("--engine") ? argv[argv.indexOf("--engine") + 1] : undefined;
  const pgUrl =
    only === "pglite" ? undefined : (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  printAndExit(bench({ pgUrl, quick: argv.includes("--quick"), only: only as Ctx["only"], log: console.log }));
}
