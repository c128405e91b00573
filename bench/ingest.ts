// Audit ingest and verify benchmark.
//
//   npx tsx bench/ingest.ts [--engine pglite|postgres|both] [--batches 80] [--batch-size 500]
//                           [--concurrency 4] [--payload-bytes 1024] [--verify-events 200000]
//
// Serves POST /api/v1/events on plain node:http (the same handler and adapter as the lean path
// of server.ts) against a fresh database, and drives it with a small concurrent client over
// real HTTP: validation, redaction, hashing, dedupe lookup and the commit are all on. Client
// and server share this process (and this machine's cores), so the figures are conservative.
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a fresh database is created and dropped).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { setProcessDb } from "@/db/client";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { nodeHandle } from "@/lib/http/api";
import { eventsApi, ingestLimits } from "@/lib/audit/api";
import { seedAgent } from "@/lib/audit/test-fixtures";
import { appendAuditEvents } from "@/lib/audit/record";
import { verifyAuditChain } from "@/lib/audit/verify";
import { realisticPayload, SECRET_CORPUS } from "@/lib/redaction/corpus";

const { values: args } = parseArgs({
  options: {
    engine: { type: "string", default: "both" },
    batches: { type: "string", default: "80" },
    "batch-size": { type: "string", default: "500" },
    concurrency: { type: "string", default: "4" },
    "payload-bytes": { type: "string", default: "1024" },
    "verify-events": { type: "string", default: "200000" },
    "explorer-events": { type: "string", default: "0" },
  },
});
const BATCHES = Number(args.batches);
const BATCH = Number(args["batch-size"]);
const CONC = Number(args.concurrency);
const PAYLOAD = Number(args["payload-bytes"]);
const VERIFY_N = Number(args["verify-events"]);
const EXPLORER_N = Number(args["explorer-events"]);

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function makeBodies(): string[] {
  const bodies: string[] = [];
  let n = 0;
  for (let b = 0; b < BATCHES; b++) {
    const events = Array.from({ length: BATCH }, () => {
      const i = n++;
      return {
        id: randomUUID(),
        time: new Date().toISOString(),
        type: i % 2 ? "tool.post" : "tool.pre",
        session_id: `bench-${i % 200}`,
        action: { type: "shell.exec", tool: "Bash", repository: "acme/payments", command: `npm test -- src/f${i % 50}.test.ts` },
        outcome: "success",
        // ~1 % of events leak a secret: redaction and secret_exposure violations stay on the path.
        payload: i % 100 === 0 ? { ...realisticPayload(i, PAYLOAD), leaked: SECRET_CORPUS[i % SECRET_CORPUS.length].text } : realisticPayload(i, PAYLOAD),
      };
    });
    bodies.push(JSON.stringify({ events }));
  }
  return bodies;
}

async function benchIngest(h: TestDb) {
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
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`;
  const bodies = makeBodies();
  const mb = bodies.reduce((s, b) => s + b.length, 0) / 1e6;
  const post = (body: string) =>
    fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body });
  // warm-up (JIT, connection pool, first checkpoint paths)
  await (await post(makeWarmup())).text();
  const lat: number[] = [];
  let next = 0;
  let accepted = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONC }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const s = performance.now();
        const res = await post(body);
        const j = (await res.json()) as { accepted: number };
        lat.push(performance.now() - s);
        if (res.status !== 202) throw new Error(`status ${res.status}`);
        accepted += j.accepted;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  server.close();
  lat.sort((a, b) => a - b);
  return {
    events: accepted,
    seconds: +secs.toFixed(2),
    eventsPerSecond: Math.round(accepted / secs),
    mbPerSecond: +(mb / secs).toFixed(1),
    p50ms: +pct(lat, 50).toFixed(1),
    p99ms: +pct(lat, 99).toFixed(1),
    maxms: +lat[lat.length - 1].toFixed(1),
  };
}

function makeWarmup() {
  return JSON.stringify({ events: [{ id: randomUUID(), type: "bench.warmup", payload: realisticPayload(0, PAYLOAD) }] });
}

async function benchVerify(h: TestDb) {
  const { db } = h;
  const res = (await db.execute(sql`SELECT count(*)::int AS n FROM audit_events`)) as unknown as { rows: { n: number }[] };
  const n = Number(res.rows[0].n);
  const chunk = 5000;
  const t0 = performance.now();
  for (let have = n; have < VERIFY_N; have += chunk) {
    const k = Math.min(chunk, VERIFY_N - have);
    await db.transaction((tx) =>
      appendAuditEvents(
        tx as unknown as Db,
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
  const seedSecs = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const r = await verifyAuditChain(db);
  const secs = (performance.now() - t1) / 1000;
  return { ok: r.ok, checked: r.checked, seconds: +secs.toFixed(2), rowsPerSecond: Math.round(r.checked / secs), seedSeconds: +seedSecs.toFixed(1) };
}

/**
 * Explorer pages on a large table. Rows are generated in SQL (fast; the chain is irrelevant
 * here) with realistic spreads: 40 agents, 5,000 sessions, 8 types, 200 repositories.
 */
async function benchExplorer(h: TestDb) {
  const { db } = h;
  const t0 = performance.now();
  for (let from = 1; from <= EXPLORER_N; from += 100_000) {
    const to = Math.min(EXPLORER_N, from + 99_999);
    await db.execute(sql`INSERT INTO audit_events (seq, id, client_id, time, received_at, actor_kind, type, agent_slug, session_id,
        action_type, tool, repository, resource, command, decision, outcome, payload, prev_hash, hash)
      SELECT 10000000 + g, gen_random_uuid(), 'c' || g, now() - ((${EXPLORER_N} - g) || ' seconds')::interval, now(), 'agent',
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
  return { rows: EXPLORER_N, seedSeconds: +seedSecs.toFixed(1), p95ms: out };
}

async function main() {
  const engines = args.engine === "both" ? (["pglite", "postgres"] as const) : ([args.engine] as ("pglite" | "postgres")[]);
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  for (const engine of engines) {
    if (engine === "postgres" && !pgUrl) {
      console.log("postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
      continue;
    }
    if (engine === "postgres") process.env.TEST_DATABASE_URL = pgUrl;
    const h = await createTestDb(engine);
    try {
      if (EXPLORER_N > 0) {
        console.log(JSON.stringify({ bench: "audit.explorer", engine, ...(await benchExplorer(h)) }));
        continue;
      }
      const ingest = await benchIngest(h);
      console.log(JSON.stringify({ bench: "audit.ingest", engine, batch: BATCH, concurrency: CONC, payloadBytes: PAYLOAD, ...ingest }));
      if (VERIFY_N > 0) {
        const verify = await benchVerify(h);
        console.log(JSON.stringify({ bench: "audit.verify", engine, ...verify }));
      }
    } finally {
      await h.cleanup();
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
