// OTLP telemetry ingest benchmark.
//
//   npx tsx --import ./scripts/register.mjs bench/telemetry.ts [--engine pglite|postgres|both]
//       [--requests 400] [--points 250] [--concurrency 4]
//
// A server process (this file with --serve) answers POST /api/otlp/v1/metrics on plain node:http
// (server.ts's lean adapter and the real handler: auth, gzip, protobuf decode through the
// OpenTelemetry definitions, mapping, the bucket upsert, the budget check) over a fresh
// database; this process posts pre-encoded, gzipped protobuf exports shaped like Claude Code's
// (cost, four token types, lines, active time per session and model) as a collector forwarding
// many sessions would, `--concurrency` at a time. Also a suite of bench/run.ts.
import http from "node:http";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import type { AddressInfo } from "node:net";
import { createPgDb, printAndExit, spawnBenchServer } from "./util";
import { machineActor } from "@/lib/auth/actor";

type Engine = "pglite" | "postgres";
interface Opts {
  requests: number;
  points: number;
  concurrency: number;
}

async function serve(engine: Engine, url?: string) {
  const { openDatabase, setProcessDb } = await import("@/lib/db");
  const { nodeHandle } = await import("@/lib/http/api");
  const { otlpMetricsApi } = await import("@/lib/telemetry/api");
  const { seedAgent } = await import("@/lib/audit/test-fixtures");
  const { saveBudget } = await import("@/lib/telemetry/budget-store");
  const { sql } = await import("drizzle-orm");
  const h = engine === "pglite" ? await openDatabase({ memory: true }) : await openDatabase({ url, poolMax: 10 });
  setProcessDb(h);
  const { token, agent } = await seedAgent(h.db, "otel-bench");
  // a budget on the agent, so every request also runs the budget check (well under its limit)
  await saveBudget(
    h.db,
    { scope: "agent", targetId: agent.id, period: "month", limitUsd: 1e7, thresholds: [80, 100], autoSuspend: false },
    machineActor("bench"),
  );
  const server = http.createServer((req, res) => {
    nodeHandle(otlpMetricsApi, req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/otlp/v1/metrics`, token }));
  for await (const line of (await import("node:readline")).createInterface({ input: process.stdin })) {
    if (line === "stats") {
      const r = (await h.db.execute(sql`SELECT count(*)::int AS rows, coalesce(sum(points), 0)::int AS points FROM telemetry_buckets`)) as unknown as {
        rows: { rows: number; points: number }[];
      };
      console.log(JSON.stringify(r.rows[0]));
    } else if (line === "quit") {
      server.close();
      await h.close();
      process.exit(0);
    }
  }
}

/** One export of `points` data points: sessions × (cost, 4 token kinds, lines ±, active time). */
async function makeBody(points: number, seq: number): Promise<Buffer> {
  const { encodeRequest } = await import("@/lib/telemetry/otlp");
  const now = BigInt(Date.now()) * 1_000_000n;
  const kv = (key: string, v: string) => ({ key, value: { stringValue: v } });
  const perSession = 8;
  const sessions = Math.max(1, Math.floor(points / perSession));
  const metric = (name: string, unit: string, dps: unknown[]) => ({ name, unit, sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: dps } });
  const dp = (attrs: unknown[], v: number) => ({ attributes: attrs, startTimeUnixNano: String(now - 1_000_000_000n), timeUnixNano: String(now), asDouble: v });
  const cost: unknown[] = [];
  const tokens: unknown[] = [];
  const lines: unknown[] = [];
  const active: unknown[] = [];
  for (let s = 0; s < sessions; s++) {
    const base = [kv("session.id", `bench-${seq % 50}-${s}`), kv("model", s % 3 ? "claude-sonnet-4-5" : "claude-opus-4-8[1m]")];
    cost.push(dp(base, 0.0123));
    for (const t of ["input", "output", "cacheRead", "cacheCreation"]) tokens.push(dp([...base, kv("type", t)], 1200));
    lines.push(dp([...base, kv("type", "added")], 12), dp([...base, kv("type", "removed")], 3));
    active.push(dp([...base, kv("type", "cli")], 4.2));
  }
  const req = {
    resourceMetrics: [
      {
        resource: { attributes: [kv("service.name", "claude-code"), kv("service.version", "2.1.197")] },
        scopeMetrics: [
          {
            scope: { name: "com.anthropic.claude_code" },
            metrics: [
              metric("claude_code.cost.usage", "USD", cost),
              metric("claude_code.token.usage", "tokens", tokens),
              metric("claude_code.lines_of_code.count", "", lines),
              metric("claude_code.active_time.total", "s", active),
            ],
          },
        ],
      },
    ],
  };
  return gzipSync(Buffer.from(encodeRequest("metrics", req)));
}

function post(agent: http.Agent, url: URL, token: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-protobuf", "content-encoding": "gzip", "content-length": body.length },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];

export async function runTelemetryBench(engine: Engine, o: Opts, pgBase?: string) {
  const pg = engine === "postgres" && pgBase ? await createPgDb(pgBase) : undefined;
  const s = await spawnBenchServer("bench/telemetry.ts", [engine, pg?.url ?? ""]);
  try {
    const url = new URL(s.hello.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
    const bodies = await Promise.all(Array.from({ length: 50 }, (_, i) => makeBody(o.points, i)));
    for (let i = 0; i < 10; i++) if ((await post(agent, url, s.hello.token, bodies[i])) !== 200) throw new Error("warm-up failed");
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (next < o.requests) {
          const i = next++;
          const t = performance.now();
          const status = await post(agent, url, s.hello.token, bodies[i % bodies.length]);
          if (status !== 200) throw new Error(`status ${status}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const stats = await s.ask("stats");
    latencies.sort((a, b) => a - b);
    const pointsPerRequest = Math.floor(o.points / 8) * 8;
    return {
      engine,
      requests: o.requests,
      pointsPerRequest,
      pointsPerSecond: Math.round((o.requests * pointsPerRequest) / seconds),
      requestsPerSecond: +(o.requests / seconds).toFixed(1),
      p50: +pct(latencies, 50).toFixed(1),
      p99: +pct(latencies, 99).toFixed(1),
      bucketRows: stats.rows,
      pointsStored: stats.points,
    };
  } finally {
    s.child.stdin!.write("quit\n");
    await new Promise((r) => s.child.once("exit", r));
    await pg?.drop();
  }
}

export default async function suite(ctx: { pgUrl?: string; quick: boolean; log: (s: string) => void }): Promise<string> {
  const o: Opts = { requests: ctx.quick ? 60 : 400, points: 250, concurrency: 4 };
  const rows = [await runTelemetryBench("pglite", o)];
  if (ctx.pgUrl) rows.push(await runTelemetryBench("postgres", o, ctx.pgUrl));
  for (const r of rows) ctx.log(JSON.stringify(r));
  const target = (e: Engine) => (e === "postgres" ? 5000 : 2500);
  return `## OTLP telemetry ingest

\`bench/telemetry.ts\`: ${o.requests} gzipped protobuf metric exports of ${Math.floor(o.points / 8) * 8} data points each (Claude Code's
cost, four token kinds, lines added/removed and active time for ${Math.floor(o.points / 8)} sessions on two models),
${o.concurrency} clients at a time, against POST /api/otlp/v1/metrics on the lean adapter in its own process: agent token,
gunzip, protobuf decode with the OpenTelemetry definitions, mapping, one bucket upsert per request, the session join and
an agent budget check. Target: ≥ 5,000 points/s on PostgreSQL, ≥ 2,500/s on PGlite, p99 ≤ 250 ms per request.

| engine | data points/s | requests/s | p50 ms | p99 ms | target | bucket rows after | points stored |
|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r.engine} | ${r.pointsPerSecond.toLocaleString("en-US")} | ${r.requestsPerSecond} | ${r.p50} | ${r.p99} | ${target(r.engine).toLocaleString("en-US")}/s, p99 ≤ 250 | ${r.bucketRows} | ${r.pointsStored} |`).join("\n")}

Storage stays small: every point lands in an hourly bucket per agent, session, model and kind, so
${rows[0].pointsStored.toLocaleString("en-US")} points became ${rows[0].bucketRows} rows.
`;
}

if (process.argv.includes("--serve")) {
  const i = process.argv.indexOf("--serve");
  void serve(process.argv[i + 1] as Engine, process.argv[i + 2] || undefined);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      engine: { type: "string", default: "both" },
      requests: { type: "string", default: "400" },
      points: { type: "string", default: "250" },
      concurrency: { type: "string", default: "4" },
    },
    allowPositionals: true,
  });
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  printAndExit(
    (async () => {
      const o = { requests: Number(values.requests), points: Number(values.points), concurrency: Number(values.concurrency) };
      const engines: Engine[] = values.engine === "both" ? ["pglite", "postgres"] : [values.engine as Engine];
      const rows = [];
      for (const e of engines) rows.push(await runTelemetryBench(e, o, pgUrl));
      return rows.map((r) => JSON.stringify(r)).join("\n");
    })(),
  );
}
