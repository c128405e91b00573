// Decision writer under slow round trips (issue 16, PostgreSQL): two victim agents ask for
// decisions back to back while a third sends forbidden decisions back to back (each raises a
// violation: a transaction of several statements on the decision path). Every PostgreSQL round
// trip's answer is held back RT_DELAY_MS (default 5 ms) in this process, as on a machine whose cores
// are busy, so the figure shows how many round trips the victims wait for, not the machine's load.
// `npx tsx --import ./scripts/register.mjs bench/writer-lanes.ts [seconds]` (PostgreSQL at
// BENCH_DATABASE_URL / TEST_DATABASE_URL / 127.0.0.1). Not a suite of bench/run.ts.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPgDb } from "./util";

const DELAY = Number(process.env.RT_DELAY_MS ?? 5);
const seconds = Number(process.argv[2] ?? 8);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// every query's answer arrives DELAY ms late (the statement itself ran at full speed)
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const r = query.apply(this, args);
  return r && typeof (r as Promise<unknown>).then === "function" ? (r as Promise<unknown>).then(async (v) => (await sleep(DELAY), v)) : r;
} as typeof pg.Client.prototype.query;

process.env.GATEHOUSE_AUDIT_KEY ??= randomBytes(32).toString("hex");
const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const made = await createPgDb(base);
const { openDatabase } = await import("@/lib/db");
const { startTestApi } = await import("@/lib/testing/http");
const { decisionFixture } = await import("@/lib/decisions/testing");
const h = await openDatabase({ url: made.url, poolMax: 10 });
const fx = await decisionFixture(h.db, "lanes");
const victims = [await fx.agent("victim-1"), await fx.agent("victim-2")];
const offender = await fx.agent("offender");
const api = await startTestApi(h);
const FREE = { action: { type: "file.read", tool: "Read", repository: "acme/payments", resource: "src/a.ts" } };
const FORBIDDEN = { action: { type: "secret.read", resource: "prod/db-password" } };
const ask = async (token: string, body: unknown) => {
  const r = await fetch(api.base + "/api/v1/decisions", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await r.json()) as { decision: string };
};
const loop = async (until: number, fn: () => Promise<unknown>, out?: number[]) => {
  while (Date.now() < until) {
    const t0 = performance.now();
    await fn();
    out?.push(performance.now() - t0);
  }
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
try {
  await loop(Date.now() + 1000, () => Promise.all(victims.map((v) => ask(v.token, FREE))));
  const rows: string[] = [];
  let idleP99 = NaN;
  for (const attack of [false, true]) {
    const ms: number[] = [];
    let forbidden = 0;
    const until = Date.now() + seconds * 1000;
    await Promise.all([
      ...victims.map((v) => loop(until, () => ask(v.token, FREE), ms)),
      attack ? loop(until, async () => ((await ask(offender.token, FORBIDDEN)).decision === "deny" ? forbidden++ : undefined)) : Promise.resolve(),
    ]);
    if (!attack) idleP99 = pct(ms, 99);
    rows.push(
      `| ${attack ? "forbidden decisions back to back" : "idle"} | ${ms.length} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 99).toFixed(1)} | ${attack ? `${(pct(ms, 99) / idleP99).toFixed(1)}×` : "—"} | ${attack ? forbidden : "—"} |`,
    );
  }
  console.log(
    `\nRound trips delayed ${DELAY} ms, ${seconds} s per row\n\n| load | victims' decisions | p50 ms | p99 ms | p99 vs idle | forbidden decisions |\n|---|---|---|---|---|---|\n${rows.join("\n")}`,
  );
} finally {
  await api.close();
  await h.close();
  await made.drop();
}
process.exit(0);
