// Page speed of the main views on a large data set (1,000,000 audit events; 50,000 in quick
// mode): server response time of the HTML document (p50/p95 of 20 GETs, signed in), first-load
// JavaScript per route (gzip, budget ≤ 250 KB) and LCP in Chromium on localhost (budget ≤ 1.0 s).
// Runs the production build (`.next-bench`) on a throwaway PGlite data dir seeded first.
// Standalone: `npx tsx --import ./scripts/register.mjs bench/run.ts pages [--quick]`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type BrowserContext } from "playwright-core";

interface Ctx {
  pgUrl?: string;
  quick: boolean;
  log: (s: string) => void;
}

export const ROUTES = ["/", "/agents", "/approvals", "/violations", "/audit", "/changes", "/kpis", "/policies"];
export const BUDGET = { jsKb: 250, lcpMs: 1000 };
export const DIST = ".next-bench";
const ROOT = process.cwd();
const TSX = ["tsx", "--import", "./scripts/register.mjs"];
const CHROME_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds into .next-bench when there is no build or the sources changed since (as scripts/start.mjs).
 * `next build` adds the dist dir's type folders to tsconfig.json's include list: put the file back.
 */
export function buildIfStale(log: (s: string) => void) {
  const id = path.join(ROOT, DIST, "BUILD_ID");
  const sources = Math.max(
    ...["app", "components", "lib", "db"].map((d) => newestMtime(path.join(ROOT, d))),
    ...["next.config.ts", "package.json", "postcss.config.mjs"].map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)),
  );
  if (fs.existsSync(id) && fs.statSync(id).mtimeMs >= sources) return log(`using the existing build in ${DIST}`);
  log(`building into ${DIST}…`);
  const t0 = Date.now();
  const tsconfig = fs.readFileSync("tsconfig.json", "utf8");
  const r = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: DIST } });
  if (fs.readFileSync("tsconfig.json", "utf8") !== tsconfig) fs.writeFileSync("tsconfig.json", tsconfig);
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  log(`built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export async function waitHealthy(base: string, child: ChildProcess, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was healthy`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not become healthy in time");
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const median = (xs: number[]) => pct(xs, 50);

interface RouteResult {
  route: string;
  status: number;
  htmlKb: number;
  p50: number;
  p95: number;
  jsFiles: number;
  jsGzipKb: number;
  allJsFiles: number;
  allJsGzipKb: number;
  jsTransferKb: number;
  lcpMs: number;
}

/** GET the HTML document n times with the session cookie; wall time to the last byte. */
async function serverTimes(base: string, route: string, cookie: string, n: number) {
  const times: number[] = [];
  let status = 0;
  let html = "";
  for (let i = 0; i < n + 1; i++) {
    const t0 = performance.now();
    const res = await fetch(base + route, { headers: { cookie, accept: "text/html" }, redirect: "manual" });
    html = await res.text();
    if (i > 0) times.push(performance.now() - t0); // the first request warms the route
    status = res.status;
  }
  // First-load JS as Next counts it: the chunks the document itself references (lazy
  // next/dynamic chunks fetched after hydration are not part of it).
  const srcs = new Set<string>();
  // (the noModule polyfills are skipped: modern browsers never fetch them, nor does Next count them)
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const tag = m[0];
    if (/\snomodule/i.test(tag) || (tag.startsWith("<link") && !/as="script"/.test(tag))) continue;
    const src = /\s(?:src|href)="([^"]+\.js[^"]*)"/.exec(tag)?.[1];
    if (src) srcs.add(new URL(src.replaceAll("&amp;", "&"), base).href);
  }
  return { status, htmlKb: Buffer.byteLength(html) / 1024, p50: median(times), p95: pct(times, 95), docScripts: [...srcs] };
}

async function gzipKb(urls: string[], cookie: string) {
  let total = 0;
  for (const url of urls) {
    if (!gzCache.has(url)) {
      const body = Buffer.from(await (await fetch(url, { headers: { cookie } })).arrayBuffer());
      gzCache.set(url, gzipSync(body, { level: 6 }).byteLength);
    }
    total += gzCache.get(url)!;
  }
  return total / 1024;
}

const gzCache = new Map<string, number>();

/** Loads the route in a fresh context (empty cache); scripts from resource timing, sized gzip-compressed. */
async function firstLoad(ctx: BrowserContext, base: string, route: string, cookie: string) {
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: number };
    w.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__lcp = Math.max(w.__lcp, e.startTime);
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  await page.goto(base + route, { waitUntil: "load" });
  await page.waitForTimeout(800); // let late paints and lazy chunks land
  const { scripts, lcp } = await page.evaluate(() => ({
    lcp: (window as unknown as { __lcp: number }).__lcp,
    scripts: performance
      .getEntriesByType("resource")
      .map((e) => e as PerformanceResourceTiming)
      .filter((e) => e.initiatorType === "script" || /\.m?js(\?|$)/.test(e.name))
      .map((e) => ({ url: e.name, encoded: e.encodedBodySize })),
  }));
  await page.close();
  const transfer = scripts.reduce((a, s) => a + s.encoded, 0);
  return {
    allJsFiles: scripts.length,
    allJsGzipKb: await gzipKb(
      scripts.map((s) => s.url),
      cookie,
    ),
    jsTransferKb: transfer / 1024,
    lcpMs: lcp,
  };
}

export default async function pages(ctx: Ctx): Promise<string> {
  const events = ctx.quick ? 50_000 : 1_000_000;
  const lcpRuns = ctx.quick ? 3 : 5;
  buildIfStale(ctx.log);

  // BENCH_PAGES_DATA_DIR: measure an already seeded data dir (kept afterwards) instead of seeding.
  const reuse = process.env.BENCH_PAGES_DATA_DIR;
  const dataDir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-pages-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: "",
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_DEMO: "1",
    GATEHOUSE_DEMO_LIVE: "0",
    NEXT_DIST_DIR: DIST,
    PORT: String(port),
    NEXTAUTH_URL: base,
  };

  let seedSecs = 0;
  let rowsWritten = `(reused ${dataDir})`;
  if (!reuse) {
    ctx.log(`seeding ${events.toLocaleString("en-US")} audit events into ${dataDir}…`);
    const t0 = Date.now();
    const seeded = spawnSync("npx", [...TSX, "lib/demo/seed/cli.ts", "--events", String(events)], { env, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    if (seeded.status !== 0) throw new Error(`seeding failed: ${(seeded.stderr || seeded.stdout).slice(-800)}`);
    seedSecs = (Date.now() - t0) / 1000;
    rowsWritten = /Rows written:\n([\s\S]*?)\n\n/.exec(seeded.stdout)?.[1] ?? "";
    ctx.log(`seeded in ${seedSecs.toFixed(0)} s`);
  }
  // PGlite has no autovacuum daemon, so nothing ever ANALYZEs a freshly seeded database and the
  // planner picks sequential scans (the overview's 24-hour event count reads all 1M rows).
  // BENCH_PAGES_ANALYZE=1 runs ANALYZE first, to measure the state the fix would give.
  const analyzed = process.env.BENCH_PAGES_ANALYZE === "1";
  if (analyzed) {
    const { openDatabase } = await import("@/lib/db");
    const { sql } = await import("drizzle-orm");
    const h = await openDatabase({ dataDir });
    await h.db.execute(sql`ANALYZE`);
    await h.close();
  }

  const server = spawn("npx", [...TSX, "server.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let serverLog = "";
  server.stdout!.on("data", (d) => (serverLog += d));
  server.stderr!.on("data", (d) => (serverLog += d));
  const browser = await chromium.launch({ executablePath: fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined, args: CHROME_ARGS });
  const results: RouteResult[] = [];
  try {
    await waitHealthy(base, server, 180_000);
    // Sign in once, as a person who may see every view, and reuse the session.
    const login = await browser.newContext();
    const p = await login.newPage();
    await p.goto(`${base}/signin`);
    await p.getByLabel("Email").fill("admin@acme.test");
    await p.getByLabel("Password").fill("gatehouse-demo");
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByTestId("current-user").waitFor({ timeout: 60_000 });
    const state = await login.storageState();
    await login.close();
    const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");

    for (const route of ROUTES) {
      const timing = await serverTimes(base, route, cookie, 20);
      const loads = [];
      for (let i = 0; i < lcpRuns; i++) {
        const c = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
        loads.push(await firstLoad(c, base, route, cookie));
        await c.close();
      }
      const { docScripts, ...times } = timing;
      const jsGzipKb = await gzipKb(docScripts, cookie);
      const r: RouteResult = { route, ...times, jsFiles: docScripts.length, jsGzipKb, ...loads[0], lcpMs: median(loads.map((l) => l.lcpMs)) };
      results.push(r);
      ctx.log(
        `${route.padEnd(12)} ${r.status} html ${r.htmlKb.toFixed(0)} KB p50 ${r.p50.toFixed(0)} ms p95 ${r.p95.toFixed(0)} ms · first-load JS ${r.jsGzipKb.toFixed(0)} KB gz (${r.jsFiles} files; all JS by load ${r.allJsGzipKb.toFixed(0)} KB gz, ${r.allJsFiles} files, ${r.jsTransferKb.toFixed(0)} KB transferred) · LCP ${r.lcpMs.toFixed(0)} ms`,
      );
    }
  } catch (e) {
    ctx.log(serverLog.slice(-3000));
    throw e;
  } finally {
    await browser.close();
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
    await new Promise((r) => setTimeout(r, 1500));
    if (!reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const ok = (b: boolean) => (b ? "pass" : "**FAIL**");
  const rows = results.map(
    (r) =>
      `| \`${r.route}\` | ${r.status} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.htmlKb.toFixed(0)} | ${r.jsGzipKb.toFixed(0)} (${r.jsFiles} files) | ${ok(r.jsGzipKb <= BUDGET.jsKb)} | ${r.allJsGzipKb.toFixed(0)} | ${r.lcpMs.toFixed(0)} | ${ok(r.lcpMs > 0 && r.lcpMs <= BUDGET.lcpMs)} |`,
  );
  return `## Page speed (${ctx.quick ? "quick: 50,000" : "1,000,000"} audit events, PGlite)

Production build (\`${DIST}\`), one server process on a PGlite data dir seeded first with
\`lib/demo/seed/cli.ts --events ${events}\` (${seedSecs.toFixed(0)} s${reuse ? "; a data dir seeded earlier, reused" : ""}); planner statistics:
${analyzed ? "ANALYZE run after seeding" : "as seeded (no ANALYZE: PGlite has no autovacuum)"}. Signed in as the admin.
Server time: wall time to the last byte of the HTML document, 20 GETs per route after one
warm-up (Node fetch, keep-alive). First-load JS: the scripts the HTML document references
(as \`next build\` counts it), each gzip-compressed (level 6); budget ≤ ${BUDGET.jsKb} KB. "All JS by
load" adds what the page fetched by its load event + 0.8 s in a fresh Chromium context
(lazy chunks included). LCP: the last
\`largest-contentful-paint\` entry, median of ${lcpRuns} cold-cache loads at 1280×800 (headless
Chromium, no GPU, same 2 cores as the server); budget ≤ ${BUDGET.lcpMs} ms.

| route | status | server p50 (ms) | server p95 (ms) | HTML (KB) | first-load JS gzip (KB) | JS ≤ ${BUDGET.jsKb} KB | all JS by load, gzip (KB) | LCP (ms) | LCP ≤ ${BUDGET.lcpMs} ms |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Seeded rows:

\`\`\`
${rowsWritten.trim()}
\`\`\`
`;
}
