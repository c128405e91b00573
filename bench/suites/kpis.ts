// Benchmark of the KPI page data and the /changes list at scale: 10,000 changes, 50,000 gate
// runs, 2,000 defects, 3,000 decided approvals, 2,000 violations and 1,000,000 audit events,
// on PGlite and PostgreSQL. Measures server-side query time (p50/p95) of the exact functions
// the pages call, the full rollup rebuild, and one incremental recompute (what every webhook /
// CI run / defect write pays). Standalone: `npx tsx bench/kpis.ts [--quick]`; also a suite for
// bench/run.ts (default export → Markdown).
import { transaction } from "@/db/client";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { sql } from "drizzle-orm";

// The page queries start with `import "server-only"`, which throws outside React Server
// Components; like the vitest alias, point the marker at its empty server build.
{
  const req = createRequire(import.meta.url);
  const marker = req.resolve("server-only");
  const empty = path.join(path.dirname(marker), "empty.js");
  req(empty);
  req.cache[marker] = req.cache[empty];
}

interface Ctx {
  pgUrl?: string;
  quick: boolean;
  log: (s: string) => void;
}

type Db = import("@/db/client").Db;

export const SIZES = { changes: 10_000, gateRuns: 50_000, defects: 2_000, approvals: 3_000, violations: 2_000, audit: 1_000_000 };
export const QUICK = { changes: 2_000, gateRuns: 10_000, defects: 400, approvals: 600, violations: 400, audit: 50_000 };

export async function seed(db: Db, exec: (s: string) => Promise<void>, n: typeof SIZES, log: (s: string) => void) {
  const t0 = Date.now();
  await exec(`
    INSERT INTO teams (slug, name) SELECT 'team-' || i, 'Team ' || i FROM generate_series(1, 5) i;
    INSERT INTO users (email, name, role) VALUES ('sponsor@bench.test', 'Sponsor', 'eng_manager');
    INSERT INTO agents (slug, name, kind, role, team_id, sponsor_id, model, toolchain_version)
      SELECT 'agent-' || i, 'Agent ' || i, (ARRAY['claude_code','codex','cursor','devin','copilot','custom','claude_code','codex'])[i]::agent_kind,
        'refactoring', (SELECT id FROM teams ORDER BY slug OFFSET (i % 5) LIMIT 1), (SELECT id FROM users LIMIT 1), 'model', '1.0'
      FROM generate_series(1, 8) i;`);
  // deterministic spread: (i * prime) % k picks stable pseudo-random values
  await exec(`
    INSERT INTO changes (repository, number, head_sha, merge_sha, title, author_login, author_kind, agent_id, agent_label, team_id,
      attribution_confidence, state, security_adjacent, human_approved, created_at, merged_at)
    SELECT 'acme/repo-' || (i % 12), i, md5('h' || i), CASE WHEN i % 10 < 8 THEN md5('m' || i) END, 'Change ' || i, 'dev' || (i % 40),
      CASE WHEN i % 5 < 2 THEN 'agent' ELSE 'human' END::author_kind,
      CASE WHEN i % 5 < 2 THEN (SELECT id FROM agents ORDER BY slug OFFSET (i * 7 % 8) LIMIT 1) END,
      CASE WHEN i % 5 < 2 THEN 'Agent' END,
      (SELECT id FROM teams ORDER BY slug OFFSET (i * 3 % 5) LIMIT 1),
      0.9, CASE WHEN i % 10 < 8 THEN 'merged' WHEN i % 10 = 8 THEN 'open' ELSE 'closed' END::change_state,
      i % 13 = 0, i % 2 = 0,
      now() - ((i * 7919 % (90 * 24)) || ' hours')::interval,
      CASE WHEN i % 10 < 8 THEN now() - ((i * 7919 % (90 * 24)) || ' hours')::interval + interval '6 hours' END
    FROM generate_series(1, ${n.changes}) i;`);
  await exec(`
    INSERT INTO gate_runs (change_id, repository, commit_sha, pull_request, gate, stage, status, finished_at, created_at, findings_count)
    SELECT c.id, c.repository, c.head_sha, c.number, g.gate, g.stage,
      (CASE WHEN (c.number * 31 + g.k) % 11 = 0 THEN 'failed' WHEN (c.number + g.k) % 23 = 0 THEN 'skipped' ELSE 'passed' END)::gate_status,
      c.created_at + interval '1 hour', c.created_at + interval '1 hour', 0
    FROM (SELECT * FROM changes ORDER BY number LIMIT ${Math.ceil(n.gateRuns / 5)}) c
    CROSS JOIN (VALUES (1, 'lint', 'static'), (2, 'unit', 'behaviour'), (3, 'sast', 'security'), (4, 'sca', 'security'), (5, 'integration', 'behaviour')) g(k, gate, stage);`);
  await exec(`
    INSERT INTO defects (repository, title, severity, found, detected_at, introduced_change_id, link_method)
    SELECT c.repository, 'Defect ' || i, 'medium', CASE WHEN i % 3 = 0 THEN 'post_merge' ELSE 'pre_merge' END::defect_found,
      c.created_at + interval '2 days', c.id, 'explicit'
    FROM generate_series(1, ${n.defects}) i JOIN changes c ON c.number = (i * 4999 % ${n.changes}) + 1;`);
  await exec(`
    INSERT INTO approval_requests (agent_id, action_type, action, status, decided_at, created_at, expires_at)
    SELECT (SELECT id FROM agents ORDER BY slug OFFSET (i % 8) LIMIT 1), 'git.push', '{}'::jsonb,
      CASE WHEN i % 4 = 0 THEN 'denied' ELSE 'approved' END::approval_status,
      now() - ((i * 13 % (90 * 24)) || ' hours')::interval + ((i * 37 % 3600) || ' seconds')::interval,
      now() - ((i * 13 % (90 * 24)) || ' hours')::interval, now() + interval '1 day'
    FROM generate_series(1, ${n.approvals}) i;`);
  await exec(`
    INSERT INTO violations (kind, severity, agent_slug, title, explanation, group_key, first_seen_at, last_seen_at)
    SELECT 'scope_violation', 'medium', 'agent-' || (i % 8 + 1), 'v', 'v', 'scope_violation:' || i,
      now() - ((i * 17 % (90 * 24)) || ' hours')::interval, now() - ((i * 17 % (90 * 24)) || ' hours')::interval
    FROM generate_series(1, ${n.violations}) i;`);
  // audit events: bulk rows (the hash values are placeholders; no KPI query reads the chain)
  const chunk = 100_000;
  for (let s = 0; s < n.audit; s += chunk) {
    await exec(`
      INSERT INTO audit_events (seq, id, time, actor_kind, type, agent_slug, session_id, action_type, resource, prev_hash, hash)
      SELECT i, md5('e' || i)::uuid, now() - ((i % 7776000) || ' seconds')::interval, 'agent',
        (ARRAY['tool.pre','tool.post','decision','commit'])[i % 4 + 1], 'agent-' || (i % 8 + 1), 's-' || (i / 50),
        'file.read', 'src/x.ts', 'p', 'h'
      FROM generate_series(${s + 1}, ${Math.min(s + chunk, n.audit)}) i;`);
  }
  await exec("ANALYZE");
  log(`  seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  void db;
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

async function time(label: string, iterations: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(i); // warm caches and plans
  const xs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn(i);
    xs.push(performance.now() - t);
  }
  return { label, p50: pct(xs, 0.5), p95: pct(xs, 0.95), max: Math.max(...xs), n: iterations };
}

async function runEngine(engine: "pglite" | "postgres", ctx: Ctx): Promise<string[]> {
  const { openDatabase } = await import("@/lib/db");
  const { rebuildKpiRollups, recomputeKpiDays } = await import("@/lib/kpis/rollup");
  const { loadKpiPage, loadHeadlineTiles } = await import("@/lib/kpis/queries");
  const { listChanges } = await import("@/lib/changes/queries");
  const n = ctx.quick ? QUICK : SIZES;
  let url: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (engine === "postgres") {
    const { Client } = await import("pg");
    const name = `gh_bench_kpis_${randomBytes(4).toString("hex")}`;
    const admin = new Client({ connectionString: ctx.pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(ctx.pgUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new Client({ connectionString: ctx.pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const h = engine === "pglite" ? await openDatabase({ memory: true }) : await openDatabase({ url, poolMax: 10 });
  try {
    ctx.log(`[${engine}] seeding ${n.changes} changes, ${n.gateRuns} gate runs, ${n.audit} audit events…`);
    await seed(h.db, h.exec, n, ctx.log);
    const t0 = performance.now();
    await rebuildKpiRollups(h.db);
    const rebuildMs = performance.now() - t0;
    const rollupRows = Number(((await h.db.execute(sql`SELECT count(*) AS n FROM kpi_daily`)) as unknown as { rows: { n: string }[] }).rows[0].n);
    const it = ctx.quick ? 15 : 40;
    const cohorts = ["author_kind", "agent", "team", "repository"] as const;
    const results = [
      await time("KPI page, 30 days, agent vs human", it, () => loadKpiPage(h.db, { windowDays: 30, cohort: "author_kind" })),
      await time("KPI page, 90 days, per repository", it, () => loadKpiPage(h.db, { windowDays: 90, cohort: "repository" })),
      await time("KPI page, any window × cohort (rotating)", it, (i) => loadKpiPage(h.db, { windowDays: [7, 30, 90][i % 3], cohort: cohorts[i % 4] })),
      await time("overview KPI tiles (30 d vs previous)", it, () => loadHeadlineTiles(h.db, 30)),
      await time("changes list, first page, no filter", it, () => listChanges(h.db, {})),
      await time("changes list, agent-authored + repository", it, () => listChanges(h.db, { author: "agent", repository: "acme/repo-3" })),
      await time("changes list, flagged + merged", it, () => listChanges(h.db, { flagged: "1", state: "merged" })),
      await time("changes list, team filter", it, () => listChanges(h.db, { team: "team-2" })),
    ];
    const first = await listChanges(h.db, {});
    results.push(await time("changes list, page 2 (keyset cursor)", it, () => listChanges(h.db, { cursor: first.nextCursor! })));
    const today = new Date().toISOString().slice(0, 10);
    results.push(
      await time("incremental recompute of one day (per write)", ctx.quick ? 10 : 20, () => transaction(h.db, (tx) => recomputeKpiDays(tx, [today]))),
    );
    const lines = [
      `### ${engine === "pglite" ? "PGlite (embedded, in-memory)" : "PostgreSQL"}`,
      "",
      `Data: ${n.changes.toLocaleString("en-US")} changes, ${n.gateRuns.toLocaleString("en-US")} gate runs, ${n.defects.toLocaleString("en-US")} defects, ${n.approvals.toLocaleString("en-US")} decided approvals, ${n.violations.toLocaleString("en-US")} violations, ${n.audit.toLocaleString("en-US")} audit events. Full rollup rebuild: ${(rebuildMs / 1000).toFixed(2)} s → ${rollupRows.toLocaleString("en-US")} kpi_daily rows.`,
      "",
      "| query | p50 ms | p95 ms | max ms | runs | ≤ 200 ms p95 |",
      "|---|---:|---:|---:|---:|:-:|",
      ...results.map((r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.n} | ${r.p95 <= 200 ? "yes" : "**no**"} |`),
      "",
    ];
    ctx.log(lines.join("\n"));
    return lines;
  } finally {
    await h.close();
    await drop?.();
  }
}

export default async function bench(ctx: Ctx): Promise<string> {
  const out = [
    "## KPIs page and changes list",
    "",
    "Server time of the queries behind `/kpis`, the overview tiles and `/changes` (same functions the pages call, in-process, no HTTP).",
    "",
  ];
  out.push(...(await runEngine("pglite", ctx)));
  if (ctx.pgUrl) out.push(...(await runEngine("postgres", ctx)));
  else out.push("PostgreSQL not reachable: skipped.", "");
  return out.join("\n");
}

if (process.argv[1]?.endsWith("kpis.ts")) {
  const pg = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  let pgUrl: string | undefined;
  try {
    const { Client } = await import("pg");
    const c = new Client({ connectionString: pg, connectionTimeoutMillis: 1500 });
    await c.connect();
    await c.end();
    pgUrl = pg;
  } catch {
    pgUrl = undefined;
  }
  const md = await bench({ pgUrl, quick: process.argv.includes("--quick"), log: (s) => console.log(s) });
  console.log("\n" + md);
  process.exit(0);
}
