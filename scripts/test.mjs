// `npm test`: lint, types, unit, integration (PGlite, and PostgreSQL when reachable), then e2e
// in Chromium against the production build. Every layer runs (a failure does not hide the
// layers after it); the end prints one line per layer with the counts read from vitest's and
// Playwright's JSON reports, then the total alone on a line: `N passed, N failed`.
// Under CI=true nothing may shrink unseen: no PostgreSQL or no browser fails the run with the
// reason, and so does any test reported as skipped.
//   node scripts/test.mjs [lint|typecheck|unit|integration|e2e …]
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const CI = !!process.env.CI && process.env.CI !== "false" && process.env.CI !== "0";

async function reachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** The PostgreSQL URL for the integration layer, or a reason there is none. */
async function detectPostgres() {
  if (process.env.TEST_DATABASE_URL) {
    return (await reachable(process.env.TEST_DATABASE_URL))
      ? { url: process.env.TEST_DATABASE_URL }
      : { reason: "TEST_DATABASE_URL is set but the server does not answer" };
  }
  const url = "postgres://postgres@127.0.0.1:5432/postgres";
  return (await reachable(url)) ? { url } : { reason: "no PostgreSQL on 127.0.0.1:5432 and TEST_DATABASE_URL unset" };
}

/** A reason the e2e layer cannot find a browser, or undefined. */
function browserMissing() {
  if (process.env.CHROMIUM_PATH) return fs.existsSync(process.env.CHROMIUM_PATH) ? undefined : `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`;
  if (process.env.CHROMIUM_PATH === undefined && fs.existsSync("/usr/bin/chromium")) return undefined;
  const pwCache = `${process.env.HOME}/.cache/ms-playwright`;
  if (fs.existsSync(pwCache) && fs.readdirSync(pwCache).some((d) => d.startsWith("chromium"))) return undefined;
  if (!CI && process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get")) {
    console.log("No Chromium found: installing Debian's chromium package for the e2e tests…");
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    const r = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (r.status === 0) return undefined;
  }
  return "no Chromium (apt-get install chromium, or set CHROMIUM_PATH; .ci/run installs it)";
}

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-test-report-"));
const vitestJson = (name) => path.join(reportDir, `${name}.json`);

/** Counts from vitest's JSON reporter (Jest-compatible shape). */
function vitestCounts(file) {
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  const c = { passed: 0, failed: 0, skipped: 0, skippedNames: [], failedFiles: 0 };
  for (const f of r.testResults ?? []) {
    if (f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed")) c.failedFiles++;
    for (const a of f.assertionResults ?? []) {
      if (a.status === "passed") c.passed++;
      else if (a.status === "failed") c.failed++;
      else {
        c.skipped++;
        c.skippedNames.push(`${path.relative(process.cwd(), f.name)} › ${a.fullName ?? a.title}`);
      }
    }
  }
  return c;
}

/** Counts from Playwright's JSON reporter: stats.expected / unexpected / flaky / skipped. */
function playwrightCounts(file) {
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  const s = r.stats ?? {};
  const c = {
    passed: s.expected ?? 0,
    failed: (s.unexpected ?? 0) + (s.flaky ?? 0),
    skipped: s.skipped ?? 0,
    skippedNames: [],
    failedFiles: (r.errors ?? []).length,
  };
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) if (t.status === "skipped") c.skippedNames.push(`[${t.projectName}] ${[...trail, spec.title].join(" › ")}`);
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const suite of r.suites ?? []) walk(suite, [suite.title]);
  return c;
}

const layers = [
  // ESLint, then the formatter check (package.json "lint")
  { name: "lint", cmd: ["npm", "run", "--silent", "lint"] },
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
  {
    name: "unit",
    cmd: ["npx", "vitest", "run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson("unit")}`],
    counts: () => vitestCounts(vitestJson("unit")),
  },
  {
    name: "integration",
    cmd: ["npx", "vitest", "run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson("integration")}`],
    counts: () => vitestCounts(vitestJson("integration")),
  },
  {
    name: "e2e",
    cmd: ["npx", "playwright", "test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reportDir, "e2e.json") },
    counts: () => playwrightCounts(path.join(reportDir, "e2e.json")),
  },
];

const only = process.argv.slice(2);
const unknown = only.filter((n) => !layers.some((l) => l.name === n));
if (unknown.length) {
  console.error(`Unknown layer(s): ${unknown.join(", ")}; layers: ${layers.map((l) => l.name).join(", ")}`);
  process.exit(2);
}
const selected = layers.filter((l) => !only.length || only.includes(l.name));
const env = { ...process.env };
/** Layers that cannot run at all, with the reason (a failure under CI, a note otherwise). */
const blocked = new Map();
const notes = [];

if (selected.some((l) => l.name === "integration")) {
  const found = await detectPostgres();
  if (found.url) {
    env.TEST_DATABASE_URL = found.url;
    console.log(`Integration tests run on PGlite and on PostgreSQL (${found.url.replace(/:[^:@/]*@/, ":***@")}).`);
  } else if (CI) {
    blocked.set("integration", `PostgreSQL required under CI: ${found.reason}`);
  } else {
    delete env.TEST_DATABASE_URL;
    notes.push(`integration ran on PGlite only: ${found.reason}`);
    console.log(`${found.reason}: integration tests run on PGlite only (PostgreSQL suites are skipped).`);
  }
}
if (selected.some((l) => l.name === "e2e")) {
  const missing = browserMissing();
  if (missing) blocked.set("e2e", missing);
}

const lines = [];
const total = { passed: 0, failed: 0, skipped: 0 };
if (CI) console.log("CI=true: a layer that cannot run, or any skipped test, fails the run.");
/** Runs a layer with its output collected, to print once it ends (for layers run side by side). */
function runCollected(layer) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(layer.cmd[0], layer.cmd.slice(1), { stdio: ["ignore", "pipe", "pipe"], env: { ...env, ...layer.env } });
    const out = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => out.push(c));
    const done = (status, signal) => resolve({ status, signal, output: Buffer.concat(out).toString("utf8"), secs: ((Date.now() - t0) / 1000).toFixed(1) });
    child.on("error", (e) => {
      out.push(Buffer.from(`${e.message}\n`));
      done(null, "spawn error");
    });
    child.on("close", done);
  });
}

// lint and typecheck are single-threaded: on two cores they run side by side (each prints its
// output when it ends); the test layers use both cores themselves and run one after the other.
const parallel = new Set(["lint", "typecheck"]);
const early = new Map();
const side = selected.filter((l) => parallel.has(l.name) && !blocked.has(l.name));
if (side.length > 1) for (const l of side) early.set(l.name, runCollected(l));

let ok = true;
for (const layer of selected) {
  if (blocked.has(layer.name)) {
    ok = false;
    total.failed++;
    lines.push(`${layer.name}: FAILED — cannot run: ${blocked.get(layer.name)}`);
    continue;
  }
  console.log(`\n=== ${layer.name}: ${layer.cmd.join(" ")}`);
  let r;
  let secs;
  let note = "";
  if (early.has(layer.name)) {
    const done = await early.get(layer.name);
    process.stdout.write(done.output);
    r = done;
    secs = done.secs;
    note = `, side by side with ${side
      .filter((l) => l !== layer)
      .map((l) => l.name)
      .join(", ")}`;
  } else {
    const t0 = Date.now();
    r = spawnSync(layer.cmd[0], layer.cmd.slice(1), { stdio: "inherit", env: { ...env, ...layer.env } });
    secs = ((Date.now() - t0) / 1000).toFixed(1);
  }
  if (!layer.counts) {
    // lint and typecheck have no test counts: a failure counts as one failed check
    if (r.status !== 0) total.failed++;
    ok &&= r.status === 0;
    lines.push(`${layer.name}: ${r.status === 0 ? "ok" : `FAILED (exit ${r.status ?? r.signal})`} (${secs} s${note})`);
    continue;
  }
  let c;
  try {
    c = layer.counts();
  } catch (e) {
    c = undefined;
    lines.push(`${layer.name}: FAILED — no JSON report (${e.message.split("\n")[0]}), exit ${r.status ?? r.signal} (${secs} s${note})`);
  }
  if (!c) {
    ok = false;
    total.failed++;
    continue;
  }
  // A file that failed to load reports no test; the exit status still counts it as a failure.
  const failed = c.failed + c.failedFiles + (r.status !== 0 && c.failed + c.failedFiles === 0 ? 1 : 0);
  total.passed += c.passed;
  // under CI a skipped test is a failed one (the total line is what CI reads)
  total.failed += failed + (CI ? c.skipped : 0);
  total.skipped += c.skipped;
  let verdict = failed === 0 && r.status === 0 ? "ok" : "FAILED";
  if (CI && c.skipped > 0) verdict = "FAILED (skipped tests count as failed under CI)";
  if (verdict !== "ok") ok = false;
  lines.push(`${layer.name}: ${c.passed} passed, ${failed} failed, ${c.skipped} skipped — ${verdict} (${secs} s${note})`);
  if (c.skipped > 0) for (const n of c.skippedNames.slice(0, 20)) lines.push(`  skipped: ${n}`);
}

fs.rmSync(reportDir, { recursive: true, force: true });
console.log(`\n${lines.join("\n")}`);
for (const n of notes) console.log(`note: ${n}`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(ok ? 0 : 1);
