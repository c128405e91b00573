// Inventory benchmark: the data of the /agents page (listAgents + filter options + fleet state,
// exactly what app/(dashboard)/agents/page.tsx awaits) with 500 agents, on PGlite and
// PostgreSQL. A bench/run.ts suite (default export → Markdown); standalone:
// `npx tsx lib/registry/bench.ts [--quick]`.
import { agentScopes, agents, approvalRequests, teams, users, violations } from "@/db/schema";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { fleetState } from "./lifecycle";
import { listAgents, registryOptions } from "./queries";

interface Ctx {
  pgUrl?: string;
  quick: boolean;
  log: (s: string) => void;
}

const N_AGENTS = 500;

async function fill(h: TestDb) {
  const db = h.db;
  const teamRows = await db
    .insert(teams)
    .values(Array.from({ length: 8 }, (_, i) => ({ slug: `team-${i}`, name: `Team ${i}` })))
    .returning();
  const people = await db
    .insert(users)
    .values(Array.from({ length: 40 }, (_, i) => ({ email: `p${i}@acme.test`, name: `Person ${i}`, role: "eng_manager" as const, teamId: teamRows[i % 8].id })))
    .returning();
  const rows = await db
    .insert(agents)
    .values(
      Array.from({ length: N_AGENTS }, (_, i) => ({
        slug: `agent-${i}`,
        name: `Agent ${i}`,
        kind: (["claude_code", "codex", "cursor", "devin", "copilot", "custom"] as const)[i % 6],
        role: ["code-review", "test-automation", "refactoring", "deployment"][i % 4],
        teamId: teamRows[i % 8].id,
        sponsorId: people[i % 40].id,
        model: "claude-sonnet-4-5",
        toolchainVersion: "2.0.14",
        status: i % 17 === 0 ? ("suspended" as const) : ("active" as const),
        lastSeenAt: new Date(Date.now() - i * 60_000),
      })),
    )
    .returning({ id: agents.id });
  const dims = ["repository", "branch", "environment", "tool", "path", "endpoint"] as const;
  await db
    .insert(agentScopes)
    .values(rows.flatMap((a, i) => dims.map((d, k) => ({ agentId: a.id, dimension: d, pattern: (i + k) % 7 === 0 ? "*" : `x/${k}/**` }))));
  await db.insert(violations).values(
    Array.from({ length: 3000 }, (_, i) => ({
      kind: "scope_creep",
      severity: (["low", "medium", "high", "critical"] as const)[i % 4],
      status: i % 3 === 0 ? ("resolved" as const) : ("open" as const),
      agentId: rows[i % N_AGENTS].id,
      title: "t",
      explanation: "e",
      groupKey: `g${i}`,
    })),
  );
  await db.insert(approvalRequests).values(
    Array.from({ length: 1000 }, (_, i) => ({
      agentId: rows[i % N_AGENTS].id,
      actionType: "deploy",
      action: {},
      status: i % 2 ? ("pending" as const) : ("approved" as const),
      expiresAt: new Date(Date.now() + 3600_000),
    })),
  );
}

async function pageData(h: TestDb, filter: Parameters<typeof listAgents>[1]) {
  await Promise.all([listAgents(h.db, filter), registryOptions(h.db), fleetState(h.db)]);
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

async function run(engine: "pglite" | "postgres", ctx: Ctx) {
  if (engine === "postgres") process.env.TEST_DATABASE_URL ??= ctx.pgUrl;
  const h = await createTestDb(engine);
  try {
    await fill(h);
    const cases: [string, Parameters<typeof listAgents>[1]][] = [
      ["default page (50, by name)", {}],
      ["sorted by risk, 100 per page", { sort: "risk", dir: "desc", pageSize: 100 }],
      ["filtered: team + status + risk + q", { team: "team-3", status: "active", risk: "medium", q: "agent" }],
      ["all 500 rows in one page", { pageSize: 500 }],
    ];
    const out: string[] = [];
    for (const [label, filter] of cases) {
      for (let i = 0; i < 3; i++) await pageData(h, filter); // warm up
      const samples: number[] = [];
      for (let i = 0; i < (ctx.quick ? 10 : 40); i++) {
        const t0 = performance.now();
        await pageData(h, filter);
        samples.push(performance.now() - t0);
      }
      const s = stats(samples);
      ctx.log(`${engine} ${label}: median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms`);
      out.push(`| ${engine} | ${label} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} | ${s.p95 < 200 ? "yes" : "**no**"} |`);
    }
    return out;
  } finally {
    await h.cleanup();
  }
}

export default async function registryBench(ctx: Ctx): Promise<string> {
  const rows = [...(await run("pglite", ctx))];
  if (ctx.pgUrl) rows.push(...(await run("postgres", ctx)));
  return [
    "## Agent inventory (/agents page data, 500 agents)",
    "",
    `${N_AGENTS} agents × 6 scope entries, 3,000 violations, 1,000 approval requests. Time to load everything the page awaits (one listAgents query with risk/violations/approvals/last-seen/overdue, filter options, fleet state), in process. Target: < 200 ms server time.`,
    "",
    "| engine | case | median ms | p95 ms | max ms | p95 < 200 ms |",
    "|---|---|---|---|---|---|",
    ...rows,
    ctx.pgUrl ? "" : "\nPostgreSQL not reachable: PGlite only.",
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const md = await registryBench({
    pgUrl: process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL,
    quick: process.argv.includes("--quick"),
    log: (s) => console.log(s),
  });
  console.log(md);
}
