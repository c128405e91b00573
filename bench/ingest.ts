// Audit ingest and verify benchmark.
//
//   npx tsx --import ./scripts/register.mjs bench/ingest.ts [--engine pglite|postgres|both]
//       [--batches 60] [--batch-size 500] [--concurrency 2] [--payload-bytes 1024]
//       [--verify-events 200000] [--explorer-events 0]
//
// A server process (this file with --serve) answers POST /api/v1/events on plain node:http (the
// handler and adapter of server.ts's lean path) over a fresh database; this process drives it
// over real HTTP with `--concurrency` clients, each posting pre-encoded batches back to back:
// validation, redaction, hashing, the dedupe lookup and the commit are all on. Client and server
// are separate processes on the same machine (they share its cores), as in production the
// clients are not the server. Also a suite of bench/run.ts (default export → Markdown).
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a fresh database is created and dropped).
import fs from "node:fs";
import http from "node:http";
import readline from "node:readline";
import { randomUUID } from "node:crypto";
import { createPgDb, spawnBenchServer } from "./util";
import { performance as perf } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { realisticPayload, SECRET_CORPUS } from "@/lib/redaction/corpus";

type Engine = "pglite" | "postgres";

interface Ctx {
  pgUrl?: string;
  quick: boolean;
  log: (s: string) => void;
}

export interface IngestOptions {
  batches: number;
  batchSize: number;
  concurrency: number;
  payloadBytes: number;
  verifyEvents: number;
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// ---------------------------------------------------------------- server side (child process)
async function serve(engine: Engine, url?: string) {
  const { openDatabase, setProcessDb, transaction } = await import("@/lib/db");
  const { nodeHandle } = await import("@/lib/http/api");
  const { eventsApi, ingestLimits } = await import("@/lib/audit/api");
  const { seedAgent } = await import("@/lib/audit/test-fixtures");
  const { appendAuditEvents } = await import("@/lib/audit/record");
  const { verifyAuditChain } = await import("@/lib/audit/verify");
  const { sql } = await import("drizzle-orm");

  const h = engine === "pglite" ? await openDatabase({ memory: true }) : await openDatabase({ url, poolMax: 10 });
  setProcessDb(h);
  ingestLimits.perSecond = 1e6;
  ingestLimits.burst = 1e6;
  const { token } = await seedAgent(h.db, "bench-bot");
  const server = http.createServer((req, res) => {
    nodeHandle(eventsApi, req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`, token }));

  // CPU time of the main (HTTP) thread: Linux /proc (its thread id is the process id); else
  // the event loop's busy time, which also counts time spent waiting for a core.
  const mainThreadUs = () => {
    try {
      const st = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
      const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
      return ((Number(f[11]) + Number(f[12])) * 1e6) / 100; // clock ticks (USER_HZ = 100)
    } catch {
      return perf.eventLoopUtilization().active * 1000;
    }
  };
  const count = async () => {
    const res = (await h.db.execute(sql`SELECT count(*)::int AS n FROM audit_events`)) as unknown as { rows: { n: number }[] };
    return Number(res.rows[0].n);
  };
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    const [cmd, arg] = line.split(" ");
    if (cmd === "stats") {
      const cpu = process.cpuUsage();
      const mainUs = mainThreadUs();
      console.log(JSON.stringify({ events: await count(), cpuUs: cpu.user + cpu.system, mainUs }));
    } else if (cmd === "verify") {
      // Seed (server-side appends, as recorded events) up to N rows, then verify the chain.
      const target = Number(arg);
      const chunk = 5000;
      const t0 = performance.now();
      for (let have = await count(); have < target; have += chunk) {
        const k = Math.min(chunk, target - have);
        await transaction(h.db, (tx) =>
          appendAuditEvents(
            tx,
            Array.from({ length: k }, (_, i) => ({
              actorKind: "agent" as const,
              type: "tool.post",
              agentSlug: "bench-bot",
              sessionId: `s-${(have + i) % 1000}`,
              command: `npm test ${have + i}`,
              resource: `src/f${(have + i) % 500}.ts`,
              outcome: "success",
              payload: { exit_code: 0, stdout: "Tests: 14 passed", i: have + i },
            })),
          ),
        );
      }
      const seedSeconds = (performance.now() - t0) / 1000;
      // Twice: the first run includes compiling the hot code (a fixed cost that 1M rows
      // amortise); the second is the one extrapolated per 1M.
      const tc = performance.now();
      await verifyAuditChain(h.db);
      const coldSeconds = (performance.now() - tc) / 1000;
      const c0 = process.cpuUsage();
      const t1 = performance.now();
      const r = await verifyAuditChain(h.db);
      const seconds = (performance.now() - t1) / 1000;
      const cpu = process.cpuUsage(c0);
      console.log(
        JSON.stringify({
          ok: r.ok,
          checked: r.checked,
          seconds: +seconds.toFixed(2),
          coldSeconds: +coldSeconds.toFixed(2),
          rowsPerSecond: Math.round(r.checked / seconds),
          secondsPer1M: +((seconds * 1e6) / Math.max(1, r.checked)).toFixed(1),
          cpuUsPerRow: +((cpu.user + cpu.system) / Math.max(1, r.checked)).toFixed(1),
          seedSeconds: +seedSeconds.toFixed(1),
        }),
      );
    } else if (cmd === "quit") {
      server.close();
      await h.close();
      process.exit(0);
    }
  }
}

// ---------------------------------------------------------------- load side
async function startServer(engine: Engine, url?: string) {
  const s = await spawnBenchServer("bench/ingest.ts", [engine, url ?? ""]);
  return { child: s.child, url: s.hello.url, token: s.hello.token, ask: s.ask };
}

function makeBodies(o: IngestOptions, count: number, offset: number): Buffer[] {
  const bodies: Buffer[] = [];
  let n = offset;
  for (let b = 0; b < count; b++) {
    const events = Array.from({ length: o.batchSize }, () => {
      const i = n++;
      return {
        id: randomUUID(),
        time: new Date().toISOString(),
        type: i % 2 ? "tool.post" : "tool.pre",
        session_id: `bench-${i % 200}`,
        action: { type: "shell.exec", tool: "Bash", repository: "acme/payments", command: `npm test -- src/f${i % 50}.test.ts` },
        outcome: "success",
        // ~1 % of events leak a secret: redaction and secret_exposure violations stay on the path.
        payload:
          i % 100 === 0
            ? { ...realisticPayload(i, o.payloadBytes), leaked: SECRET_CORPUS[i % SECRET_CORPUS.length].text }
            : realisticPayload(i, o.payloadBytes),
      };
    });
    bodies.push(Buffer.from(JSON.stringify({ events })));
  }
  return bodies;
}

function post(agent: http.Agent, url: URL, token: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Ingest (and then verify) on one engine; the server runs in a child process. */
export async function runIngestBench(engine: Engine, o: IngestOptions, pgBase?: string) {
  const db = engine === "postgres" ? await createPgDb(pgBase!) : undefined;
  const s = await startServer(engine, db?.url);
  try {
    const url = new URL(s.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
    const warm = makeBodies(o, 2, 0);
    const bodies = makeBodies(o, o.batches, 2 * o.batchSize);
    const mb = bodies.reduce((sum, b) => sum + b.length, 0) / 1e6;
    // Warm-up (JIT, connection pool, chain head cache): two batches, not counted.
    for (const b of warm) if ((await post(agent, url, s.token, b)).status !== 202) throw new Error("warm-up failed");
    const before = await s.ask("stats");
    const lat: number[] = [];
    let next = 0;
    let accepted = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const st = performance.now();
          const res = await post(agent, url, s.token, body);
          lat.push(performance.now() - st);
          if (res.status !== 202) throw new Error(`status ${res.status}: ${res.text.slice(0, 200)}`);
          accepted += (JSON.parse(res.text) as { accepted: number }).accepted;
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    const after = await s.ask("stats");
    agent.destroy();
    lat.sort((a, b) => a - b);
    const ingest = {
      events: accepted,
      stored: after.events - before.events,
      seconds: +secs.toFixed(2),
      eventsPerSecond: Math.round(accepted / secs),
      mbPerSecond: +(mb / secs).toFixed(1),
      p50ms: +pct(lat, 50).toFixed(1),
      p99ms: +pct(lat, 99).toFixed(1),
      maxms: +lat[lat.length - 1].toFixed(1),
      // server CPU per event: the whole process (all threads), and its main (HTTP) thread
      serverCpuUsPerEvent: +((after.cpuUs - before.cpuUs) / Math.max(1, accepted)).toFixed(1),
      serverMainUsPerEvent: +((after.mainUs - before.mainUs) / Math.max(1, accepted)).toFixed(1),
    };
    const verify = o.verifyEvents > 0 ? await s.ask(`verify ${o.verifyEvents}`) : undefined;
    return { ingest, verify };
  } finally {
    const exited = new Promise((r) => s.child.once("exit", r));
    s.child.stdin!.write("quit\n");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    s.child.kill();
    await db?.drop();
  }
}

/**
 * Explorer pages on a large table (in this process). Rows are generated in SQL (fast; the chain
 * is irrelevant here) with realistic spreads: 40 agents, 5,000 sessions, 8 types, 200 repositories.
 */
async function benchExplorer(engine: Engine, n: number) {
  const { createTestDb } = await import("@/lib/testing/db");
  const { sql } = await import("drizzle-orm");
  const h = await createTestDb(engine);
  try {
    const { db } = h;
    const t0 = performance.now();
    for (let from = 1; from <= n; from += 100_000) {
      const to = Math.min(n, from + 99_999);
      await db.execute(sql`INSERT INTO audit_events (seq, id, client_id, time, received_at, actor_kind, type, agent_slug, session_id,
          action_type, tool, repository, resource, command, decision, outcome, payload, prev_hash, hash)
        SELECT 10000000 + g, gen_random_uuid(), 'c' || g, now() - ((${n} - g) || ' seconds')::interval, now(), 'agent',
          (ARRAY['tool.pre','tool.post','prompt','session.start','session.end','decision','commit','tool.failure'])[1 + g % 8],
          'agent-' || (g % 40), 'sess-' || (g % 5000), 'shell.exec', 'Bash', 'acme/repo-' || (g % 200),
          'src/mod' || (g % 300) || '/file' || (g % 17) || '.ts', 'npm test ' || g,
          (ARRAY['allow','allow','allow','ask','deny'])[1 + g % 5], (ARRAY['success','success','failure','blocked'])[1 + g % 4],
          jsonb_build_object('i', g), repeat('0', 64), md5(g::text) || md5(g::text)
        FROM generate_series(${from}::bigint, ${to}::bigint) g`);
    }
    await db.execute(sql`ANALYZE audit_events`);
    const seedSecs = (performance.now() - t0) / 1000;
    const { listAuditEvents } = await import("@/lib/audit/queries");
    const cases: Record<string, Parameters<typeof listAuditEvents>[1]> = {
      first: {},
      agent: { agent: "agent-7" },
      session: { session: "sess-4321" },
      type: { type: "tool.failure" },
      deny: { decision: "deny" },
      repository: { repository: "acme/repo-42" },
      resource: { resource: "src/mod17/" },
      timeRange: { from: new Date(Date.now() - 3600_000).toISOString() },
      agentAndRepository: { agent: "agent-3", repository: "acme/repo-43" },
      emptyCombination: { agent: "agent-3", type: "tool.post" },
      q: { q: "npm test 99999" },
    };
    const out: Record<string, number> = {};
    for (const [name, f] of Object.entries(cases)) {
      const times: number[] = [];
      let cursor: number | undefined;
      for (let i = 0; i < 20; i++) {
        const s = performance.now();
        const page = await listAuditEvents(db, f, i % 2 ? cursor : undefined);
        times.push(performance.now() - s);
        cursor = page.nextCursor ?? undefined;
      }
      times.sort((a, b) => a - b);
      out[name] = +pct(times, 95).toFixed(1);
    }
    return { rows: n, seedSeconds: +seedSecs.toFixed(1), p95ms: out };
  } finally {
    await h.cleanup();
  }
}

const n0 = (x: number) => x.toLocaleString("en-US");

/** Suite for bench/run.ts: ingest + verify on PGlite, and on PostgreSQL when reachable. */
export default async function bench(ctx: Ctx): Promise<string> {
  const o: IngestOptions = { batches: ctx.quick ? 20 : 60, batchSize: 500, concurrency: 2, payloadBytes: 1024, verifyEvents: ctx.quick ? 20_000 : 200_000 };
  const engines: Engine[] = ctx.pgUrl ? ["pglite", "postgres"] : ["pglite"];
  const rows: string[] = [];
  const vrows: string[] = [];
  // One client shows the acknowledgement latency of a batch alone; more clients, what the server
  // takes in when batches queue (their waiting is in p99). Verify runs after the last.
  const clientCounts = [1, 2, 3];
  for (const engine of engines) {
    let v: Awaited<ReturnType<typeof runIngestBench>>["verify"];
    for (const concurrency of clientCounts) {
      const last = concurrency === clientCounts[clientCounts.length - 1];
      const res = await runIngestBench(engine, { ...o, concurrency, verifyEvents: last ? o.verifyEvents : 0 }, ctx.pgUrl);
      const r = res.ingest;
      v = res.verify;
      ctx.log(`${engine} ingest, ${concurrency} client(s): ${JSON.stringify(r)}`);
      const target = engine === "postgres" ? 10_000 : 5_000;
      const met = r.eventsPerSecond >= target && r.p99ms <= 250;
      rows.push(
        `| ${engine} | ${concurrency} | ${n0(r.eventsPerSecond)} | ${r.p50ms} | ${r.p99ms} | ${r.serverCpuUsPerEvent} / ${r.serverMainUsPerEvent} | ${r.stored} / ${r.events} | ≥ ${n0(target)}/s, p99 ≤ 250 ms: ${met ? "met" : "**not met**"} |`,
      );
    }
    if (v) ctx.log(`${engine} verify: ${JSON.stringify(v)}`);
    if (v)
      vrows.push(
        `| ${engine} | ${n0(v.checked)} | ${v.ok ? "intact" : "**BROKEN**"} | ${n0(v.rowsPerSecond)} | ${v.secondsPer1M} s | ${v.cpuUsPerRow} | ≤ 30 s per 1M: ${v.secondsPer1M <= 30 ? "met" : "**not met**"} |`,
      );
  }
  return `## Audit ingestion and verification

\`bench/ingest.ts\`: POST /api/v1/events, batches of ${o.batchSize} events (~${o.payloadBytes} B payload each, 1 % leaking
a secret), ${clientCounts.join(", ")} clients posting back to back, ${o.batches} batches after 2 warm-up batches; validation, redaction, hashing,
the dedupe lookup and the commit all on. The server is its own process (lean node:http path); the load generator is
another process on the same 2 cores. Server CPU is per accepted event: whole process (all threads) / main thread.

| engine | clients | events/s | p50 ms | p99 ms | server CPU µs/event (all / main) | stored / accepted | target |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}

\`audit verify\` over the ingested events plus server-side appends up to ${n0(o.verifyEvents)}; the second of two runs
(the first includes compiling the hot code), extrapolated per 1,000,000:

| engine | rows | result | rows/s | per 1M | CPU µs/row | target |
|---|---|---|---|---|---|---|
${vrows.join("\n")}
`;
}

// ---------------------------------------------------------------- command line
const argv = process.argv.slice(2);
if (argv[0] === "--serve") {
  void serve(argv[1] as Engine, argv[2] || undefined);
} else if (process.argv[1]?.endsWith("bench/ingest.ts")) {
  const { values: args } = parseArgs({
    options: {
      engine: { type: "string", default: "both" },
      batches: { type: "string", default: "60" },
      "batch-size": { type: "string", default: "500" },
      concurrency: { type: "string", default: "2" },
      "payload-bytes": { type: "string", default: "1024" },
      "verify-events": { type: "string", default: "200000" },
      "explorer-events": { type: "string", default: "0" },
    },
  });
  const o: IngestOptions = {
    batches: Number(args.batches),
    batchSize: Number(args["batch-size"]),
    concurrency: Number(args.concurrency),
    payloadBytes: Number(args["payload-bytes"]),
    verifyEvents: Number(args["verify-events"]),
  };
  const explorerN = Number(args["explorer-events"]);
  const main = async () => {
    const engines: Engine[] = args.engine === "both" ? ["pglite", "postgres"] : [args.engine as Engine];
    const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    for (const engine of engines) {
      if (engine === "postgres" && !pgUrl) {
        console.log("postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
        continue;
      }
      if (explorerN > 0) {
        if (engine === "postgres") process.env.TEST_DATABASE_URL = pgUrl;
        console.log(JSON.stringify({ bench: "audit.explorer", engine, ...(await benchExplorer(engine, explorerN)) }));
        continue;
      }
      const { ingest, verify } = await runIngestBench(engine, o, pgUrl);
      console.log(JSON.stringify({ bench: "audit.ingest", engine, batch: o.batchSize, concurrency: o.concurrency, payloadBytes: o.payloadBytes, ...ingest }));
      if (verify) console.log(JSON.stringify({ bench: "audit.verify", engine, ...verify }));
    }
  };
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
