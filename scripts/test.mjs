// `npm test`: lint, types, unit, integration (PGlite, and PostgreSQL when reachable), then e2e
// in Chromium against the production build. Stops at the first failure.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";

async function detectPostgres() {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const url = "postgres://postgres@127.0.0.1:5432/postgres";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch {
    return undefined;
  }
}

function ensureBrowser() {
  if (process.env.CHROMIUM_PATH !== undefined || fs.existsSync("/usr/bin/chromium")) return;
  const pwCache = `${process.env.HOME}/.cache/ms-playwright`;
  if (fs.existsSync(pwCache) && fs.readdirSync(pwCache).some((d) => d.startsWith("chromium"))) return;
  if (process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get")) {
    console.log("No Chromium found: installing Debian's chromium package for the e2e tests…");
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    const r = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (r.status === 0) return;
  }
  console.error("No Chromium for the e2e tests: install it (apt-get install chromium) or set CHROMIUM_PATH.");
  process.exit(1);
}

const steps = [
  ["lint", ["npx", "eslint", "--max-warnings=0", "."]],
  ["typecheck", ["npx", "tsc", "--noEmit"]],
  ["unit", ["npx", "vitest", "run", "--project", "unit"]],
  ["integration", ["npx", "vitest", "run", "--project", "integration"]],
  ["e2e", ["npx", "playwright", "test"]],
];

const only = process.argv.slice(2);
const env = { ...process.env };
const pgUrl = await detectPostgres();
if (pgUrl) {
  env.TEST_DATABASE_URL = pgUrl;
  console.log(`Integration tests run on PGlite and on PostgreSQL (${pgUrl.replace(/:[^:@/]*@/, ":***@")}).`);
} else {
  console.log("No PostgreSQL reachable and TEST_DATABASE_URL unset: integration tests run on PGlite only.");
}
if (!only.length || only.includes("e2e")) ensureBrowser();

const results = [];
for (const [name, cmd] of steps) {
  if (only.length && !only.includes(name)) continue;
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${cmd.join(" ")}`);
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: "inherit", env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  results.push(`${name}: ${r.status === 0 ? "ok" : "FAILED"} (${secs} s)`);
  if (r.status !== 0) {
    console.log(`\n${results.join("\n")}`);
    process.exit(r.status ?? 1);
  }
}
console.log(`\n${results.join("\n")}\nAll test steps passed.`);
