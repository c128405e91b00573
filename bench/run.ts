// `npm run bench`: runs every benchmark in bench/suites and writes BENCHMARKS.md.
// Each suite exports `default (ctx) => Promise<string>` returning a Markdown section.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execSync } from "node:child_process";

export interface BenchContext {
  /** PostgreSQL server URL for creating throwaway databases, when reachable. */
  pgUrl?: string;
  /** quick mode (CI smoke): smaller data sets and shorter runs */
  quick: boolean;
  log: (s: string) => void;
}

const quick = process.argv.includes("--quick");
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));

async function reachable(url: string) {
  const { default: pg } = await import("pg");
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const suitesDir = path.join(import.meta.dirname, "suites");
const files = fs.existsSync(suitesDir)
  ? fs
      .readdirSync(suitesDir)
      .filter((f) => f.endsWith(".ts"))
      .sort()
  : [];
const pgCandidate = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ctx: BenchContext = {
  pgUrl: (await reachable(pgCandidate)) ? pgCandidate : undefined,
  quick,
  log: (s) => console.log(s),
};

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
let commit = "unknown";
try {
  commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
} catch {
  /* not a checkout */
}
const sections: string[] = [];
for (const f of files) {
  const name = f.replace(/\.ts$/, "");
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== bench ${name}`);
  const t0 = Date.now();
  try {
    const mod = (await import(path.join(suitesDir, f))) as { default: (c: BenchContext) => Promise<string> };
    sections.push(await mod.default(ctx));
  } catch (e) {
    sections.push(`## ${name}\n\nFAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    console.error(e);
  }
  console.log(`(${name}: ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

const header = `# Benchmarks

Measured by \`npm run bench${quick ? " -- --quick" : ""}\` on ${new Date().toISOString().slice(0, 10)} at commit ${commit}:
${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}.
Load generators run on the same machine as the server (loopback), so they compete for the same 2 cores.
PostgreSQL: ${ctx.pgUrl ? "local server (127.0.0.1:5432)" : "not reachable — PostgreSQL rows skipped"}.
`;
const out = path.join(process.cwd(), only.length ? `BENCHMARKS.partial.md` : "BENCHMARKS.md");
fs.writeFileSync(out, [header, ...sections].join("\n"));
console.log(`\nWrote ${out}`);
process.exit(0);
