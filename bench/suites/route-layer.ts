// Route layer: the machine hot path through the real production server (server.ts on the
// `.next-bench` build, Next's request handler in the same process) in its two modes side by side:
// GATEHOUSE_LEAN_API=1 serves the `lean: true` routes of lib/server/api-routes.ts on plain
// node:http ahead of Next, GATEHOUSE_LEAN_API=0 sends every request through Next's route handlers
// (the catch-all app/api/[...path] serving the same route table). autocannon, 10 connections, on
// POST /api/v1/decisions and the PreToolUse hook; reports the ratio lean / next.
// Standalone: `npx tsx --import ./scripts/register.mjs bench/suites/route-layer.ts [--quick]`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchContext } from "../run";
import { BODY, HOOK_BODY, load } from "../decisions";
import { DIST, buildIfStale, freePort, waitHealthy } from "./pages";
import { printAndExit } from "../util";

const TSX = ["tsx", "--import", "./scripts/register.mjs"];
const SELF = path.relative(process.cwd(), import.meta.filename);

const MODES = [
  { mode: "lean", leanApi: "1", what: "node:http ahead of Next" },
  { mode: "next", leanApi: "0", what: "Next route handlers" },
] as const;
const ROUTES = [
  { label: "POST /api/v1/decisions", path: "/api/v1/decisions", body: BODY },
  { label: "PreToolUse hook", path: "/api/hooks/claude-code", body: HOOK_BODY },
] as const;

type Mode = (typeof MODES)[number]["mode"];
interface Row {
  mode: Mode;
  route: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

// ---------------------------------------------------------------- helper (child process)
// The PGlite data dir is locked by one process at a time: the fixture is made (and decisions
// counted) by a short-lived process that exits before the server starts (after it stopped).
async function helper(cmd: string, dataDir: string) {
  const { openDatabase } = await import("@/lib/db");
  const { sql } = await import("drizzle-orm");
  const h = await openDatabase({ dataDir });
  try {
    if (cmd === "--fixture") {
      const { decisionFixture } = await import("@/lib/decisions/testing");
      const fx = await decisionFixture(h.db, "bench");
      const { token } = await fx.agent("bench-agent");
      console.log(JSON.stringify({ token }));
    } else {
      const r = (await h.db.execute(sql`SELECT count(*) AS n FROM decisions`)) as unknown as { rows: { n: string }[] };
      console.log(JSON.stringify({ decisions: Number(r.rows[0].n) }));
    }
  } finally {
    await h.close();
  }
}

function runHelper(cmd: "--fixture" | "--count", env: NodeJS.ProcessEnv): Record<string, unknown> {
  const r = spawnSync("npx", [...TSX, SELF, cmd, env.GATEHOUSE_DATA_DIR!], { env, encoding: "utf8" });
  const line = r.stdout
    ?.split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (r.status !== 0 || !line) throw new Error(`${SELF} ${cmd} failed (exit ${r.status}): ${(r.stderr || r.stdout || "").slice(-800)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

// ---------------------------------------------------------------- server
function lockHeld(dataDir: string) {
  try {
    const { pid } = JSON.parse(fs.readFileSync(path.join(dataDir, "gatehouse.lock"), "utf8")) as { pid: number };
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // no lock file, a half-written one, or its process is gone
  }
}

/** SIGTERM to the server's process group (npx → tsx → node), then wait until it let go of the data dir. */
async function stopServer(child: ChildProcess, dataDir: string) {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      /* already gone */
    }
  };
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", r));
  signal("SIGTERM");
  const until = Date.now() + 30_000;
  await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  // npx may exit before its grandchild has closed PGlite: the lock file says when it has.
  while (lockHeld(dataDir) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  if (lockHeld(dataDir)) {
    signal("SIGKILL");
    throw new Error("the server did not stop within 30 s of SIGTERM");
  }
}

/** One request by hand: the route answers 200 in this mode, and which layer answered it. */
async function probe(base: string, token: string, route: (typeof ROUTES)[number]) {
  const res = await fetch(base + route.path, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: route.body,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${route.label} answered ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { decision?: string; hookSpecificOutput?: { permissionDecision?: string } };
  return {
    decision: body.decision ?? body.hookSpecificOutput?.permissionDecision ?? "?",
    // next.config.ts adds its security headers to everything Next answers; the lean path does not.
    viaNext: res.headers.has("x-frame-options"),
  };
}

const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "n/a");

export default async function routeLayer(ctx: BenchContext): Promise<string> {
  const seconds = ctx.quick ? 3 : 10;
  const warmup = 2;
  buildIfStale(ctx.log);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-route-layer-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: "",
    GATEHOUSE_DATA_DIR: dataDir,
    // A throwaway key: the bench must not generate one into the default data directory.
    GATEHOUSE_AUDIT_KEY: randomBytes(32).toString("hex"),
    GATEHOUSE_WORKERS: "0",
    GATEHOUSE_DEMO: "0",
    NEXT_DIST_DIR: DIST,
    HOSTNAME: "127.0.0.1",
  };
  const rows: Row[] = [];
  const answers: string[] = [];
  const recorded: string[] = [];
  try {
    const { token } = runHelper("--fixture", env) as { token: string };
    let decisions = 0;
    for (const m of MODES) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = spawn("npx", [...TSX, "server.ts"], {
        env: { ...env, PORT: String(port), GATEHOUSE_LEAN_API: m.leanApi },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      let serverLog = "";
      const keep = (d: Buffer) => (serverLog = (serverLog + d).slice(-20_000));
      server.stdout!.on("data", keep);
      server.stderr!.on("data", keep);
      let answered = 0;
      try {
        await waitHealthy(base, server, 180_000);
        for (const r of ROUTES) {
          const p = await probe(base, token, r);
          if (p.viaNext !== (m.mode === "next")) throw new Error(`${m.mode} mode: ${r.label} was answered by ${p.viaNext ? "Next" : "the lean path"}`);
          answers.push(`${m.mode} ${r.label} → ${p.decision}`);
          const w = await load(base, token, r.path, r.body, warmup);
          const x = await load(base, token, r.path, r.body, seconds);
          // Requests still in flight when a run stops are answered (and recorded) after it: count `sent`.
          answered += 1 + w.sent - w.errors + x.sent - x.errors;
          rows.push({ mode: m.mode, route: r.label, rps: x.rps, p50: x.p50, p99: x.p99, errors: x.errors });
          ctx.log(`${m.mode} ${r.label}: ${x.rps.toFixed(0)} req/s, p50 ${ms(x.p50)} ms, p99 ${ms(x.p99)} ms, errors ${x.errors} (answer: ${p.decision})`);
        }
      } catch (e) {
        ctx.log(serverLog.slice(-3000));
        throw e;
      } finally {
        await stopServer(server, dataDir);
      }
      const { decisions: now } = runHelper("--count", env) as { decisions: number };
      recorded.push(`${m.mode}: ${now - decisions} recorded / ${answered} answered ${now - decisions === answered ? "✓" : "✗"}`);
      ctx.log(recorded.at(-1)!);
      decisions = now;
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const get = (mode: Mode, route: string) => rows.find((r) => r.mode === mode && r.route === route)!;
  const table = rows.map((r) => `| ${r.mode} | ${r.route} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} |`);
  const ratios = ROUTES.map(({ label }) => {
    const [l, n] = [get("lean", label), get("next", label)];
    return `- ${label}: req/s ${ratio(l.rps, n.rps)}, p99 ${ratio(l.p99, n.p99)}`;
  });
  return `## Route layer: lean node:http vs Next route handlers (decision hot path)

The built app end to end: \`server.ts\` in production mode on the \`${DIST}\` build (Next's production
server in the same process), one PGlite data dir (throwaway, no demo data, no background workers),
every decision recorded (its hash-chained audit event) before its answer is sent.
Run twice, one mode after the other on the same data dir: **lean** (\`GATEHOUSE_LEAN_API=1\`, the
\`lean: true\` routes on plain node:http ahead of Next's request handler) and **next**
(\`GATEHOUSE_LEAN_API=0\`, every request through Next's route handlers, the same handler functions).
autocannon, 10 connections, ${warmup} s warm-up then ${seconds} s per row, bearer token of an agent with a
wide scope; errors = errors + timeouts + non-2xx. Answers: ${answers
    .filter((a) => a.startsWith("lean"))
    .map((a) => a.replace(/^lean /, ""))
    .join(", ")}.

| mode | route | req/s | p50 ms | p99 ms | errors |
|---|---|---|---|---|---|
${table.join("\n")}

Ratio lean / next (req/s: higher is better for lean; p99: lower is better for lean):

${ratios.join("\n")}

Decisions recorded / answered (all requests of a mode, warm-up included): ${recorded.join("; ")}.
`;
}

const argv = process.argv.slice(2);
const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bench/suites/route-layer.ts");
if (isMain && (argv[0] === "--fixture" || argv[0] === "--count")) {
  helper(argv[0], argv[1]).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else if (isMain) {
  printAndExit(routeLayer({ quick: argv.includes("--quick"), log: console.log }));
}
