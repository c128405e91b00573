// Stall benchmark (issue 16): can one token holder slow everybody else down? One server process
// (the dispatcher server.ts uses, every route on node:http, PGlite on its own thread or
// PostgreSQL), two "victim" agents asking for decisions back to back, and one attacker sending
// worst-case bodies at the size limits, one after the other: 5 MiB event batches full of
// secret-looking text (the redaction rules), 2 MiB PreToolUse hook inputs (the command globs),
// 20 MiB JUnit reports (the CI report parser). Reported: the victims' decision latency under each
// attack against idle, and the server's worst event-loop delay. Target: p99 within 2× of idle.
// Standalone: `npx tsx --import ./scripts/register.mjs bench/stall.ts [--quick] [--engine pglite|postgres]
// [--loads events,hook,ci,forbidden]` (`--redaction`:
// only the in-process redaction figure);
// also a suite of bench/run.ts (bench/suites/stall.ts).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { monitorEventLoopDelay, performance as perf } from "node:perf_hooks";
import { spawn } from "node:child_process";
import { createPgDb, printAndExit, spawnBenchServer } from "./util";

interface Ctx {
  pgUrl?: string;
  quick: boolean;
  only?: "pglite" | "postgres";
  /** only these attack rows (after idle) */
  loads?: string[];
  log: (s: string) => void;
}

// (not imported from ./decisions: that module starts its own server when run with --serve)
// A session belongs to the agent that opened it: each victim (and the attacker) has its own, or
// all but the first are refused 403 session_not_owned (which made half the victims' answers errors).
const bodyFor = (session: string) =>
  JSON.stringify({
    action: { type: "file.read", tool: "Read", repository: "acme/payments", resource: "src/auth/session.ts" },
    session_id: session,
    initiated_by: "dev@acme.test",
  });

// ---------------------------------------------------------------- server side (child process)
async function serve(engine: "pglite" | "postgres", url?: string) {
  const { openDatabase } = await import("@/lib/db");
  const { startTestApi } = await import("@/lib/testing/http");
  const { decisionFixture } = await import("@/lib/decisions/testing");
  const { createIntegrationToken } = await import("@/lib/people/queries");
  const dataDir = engine === "pglite" ? fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-stall-")) : undefined;
  const h = engine === "pglite" ? await openDatabase({ dataDir }) : await openDatabase({ url, poolMax: 10 });
  const fx = await decisionFixture(h.db, "stall");
  const victims = [await fx.agent("victim-1"), await fx.agent("victim-2")];
  const attacker = await fx.agent("attacker");
  const ci = await createIntegrationToken(h.db, { name: "stall-ci", scopes: ["ci:write"] }, fx.actor);
  const api = await startTestApi(h);
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  let elu = perf.eventLoopUtilization();
  console.log(
    JSON.stringify({
      base: api.base,
      victims: victims.map((v) => v.token).join(","),
      attacker: attacker.token,
      attackerSlug: attacker.agent.slug,
      ci: ci.token,
    }),
  );
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (line === "lag") {
      // worst and p99 event-loop delay since the last call, in ms; the share of that time the
      // event loop was busy (victims' decisions and the attacker's bodies alike) and for how long
      const used = perf.eventLoopUtilization(elu);
      elu = perf.eventLoopUtilization();
      console.log(JSON.stringify({ max: lag.max / 1e6, p99: lag.percentile(99) / 1e6, busy: used.utilization, busyMs: used.active }));
      lag.reset();
    } else if (line === "quit") {
      await api.close();
      await h.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  }
}

// ---------------------------------------------------------------- worst-case bodies
const MiB = 1024 * 1024;

/** One 5 MiB batch: a payload of PEM headers (the quadratic rule) and KEY=value / token lines. */
function eventsBody(slug: string, size = 5 * MiB - 64 * 1024): string {
  const pem = "-----BEGIN PRIVATE KEY-----!";
  const lines = [
    "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "password: hunter2hunter2",
    "ghp_" + "a1B2".repeat(9),
    "postgres://u:pw@db/x",
  ];
  const half = Math.floor(size / 2);
  const text = pem.repeat(Math.floor(half / pem.length)) + "\n" + lines.join("\n").repeat(Math.floor(half / (lines.join("\n").length + 1)));
  return JSON.stringify({ events: [{ id: randomUUID(), type: "tool.post", agent: slug, outcome: "success", payload: { output: text } }] });
}

/** A PreToolUse hook of ~2 MiB: a Bash command that almost matches every command glob. */
function hookBody(size = 2 * MiB - 64 * 1024): string {
  const part = "git push --force origin feature cat x.env ";
  return JSON.stringify({
    session_id: "stall-attacker",
    hook_event_name: "PreToolUse",
    cwd: "/work/repo",
    tool_name: "Bash",
    tool_input: { command: part.repeat(Math.floor(size / part.length)) },
    tool_use_id: "toolu_stall",
  });
}

/** A JUnit report of ~20 MiB: many failing cases with secret-looking messages, one 600 KB file= attribute. */
function junitBody(size = 20 * MiB): string {
  const head = `<?xml version="1.0"?><testsuites><testsuite name="stall" tests="1">`;
  const huge = `<testcase classname="c" name="huge" file="${"a/".repeat(300_000)}x.ts"><failure message="m">x</failure></testcase>`;
  const one = (i: number) =>
    `<testcase classname="pkg.Class${i % 97}" name="case ${i}" file="src/f${i % 13}.ts" time="0.01"><failure message="expected AKIAIOSFODNN7EXAMPLE to equal token ghp_abc">at f (src/f.ts:1:1)</failure></testcase>`;
  const parts = [head, huge];
  let n = head.length + huge.length;
  for (let i = 0; n < size - 1000; i++) {
    const c = one(i);
    parts.push(c);
    n += c.length;
  }
  parts.push("</testsuite></testsuites>");
  return JSON.stringify({
    repository: "acme/payments",
    commit_sha: "abcdef1234567",
    gate: "unit",
    status: "failed",
    report: { format: "junit", content: parts.join("") },
  });
}

// ---------------------------------------------------------------- client side
interface Sample {
  ms: number[];
  errors: number;
}

async function victim(base: string, token: string, until: () => boolean, out: Sample) {
  const BODY = bodyFor(`stall-victim-${token.slice(-8)}`);
  while (!until()) {
    const t0 = performance.now();
    try {
      const r = await fetch(base + "/api/v1/decisions", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: BODY,
      });
      const text = await r.text();
      if (r.status !== 200) {
        out.errors++;
        if (out.errors === 1) console.error(`a victim's decision answered ${r.status}: ${text.slice(0, 200)}`);
      }
    } catch {
      out.errors++;
    }
    out.ms.push(performance.now() - t0);
  }
}

async function attack(base: string, route: string, token: string, body: () => string, until: () => boolean, statuses: Map<string, number>) {
  while (!until()) {
    const b = body();
    try {
      const r = await fetch(base + route, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: b });
      const text = await r.text();
      // a hook answers every refusal as a 200 deny: tell the bodies refused unread (admission
      // control's 429, "too many hook calls") from those read and decided
      const key =
        r.status === 200 && route.startsWith("/api/hooks/") ? (text.includes("too many hook calls") ? "200 (refused)" : "200 (decided)") : String(r.status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    } catch (e) {
      const why = `error (${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message})`;
      statuses.set(why, (statuses.get(why) ?? 0) + 1);
    }
  }
}

/** The key of the attacker process's CPU ms in its answer line (not a status). */
const ATTACKER_CPU = "cpuMs";

/**
 * Not a worst-case body: a small forbidden decision (each one raises a violation: a transaction
 * on the decision path), back to back. Only with `--loads forbidden`: it isolates what the hook
 * row's admitted bodies do to the decision writer, without megabytes on the same cores.
 */
const forbiddenBody = () => JSON.stringify({ action: { type: "secret.read", resource: "prod/db-password" }, session_id: "stall-forbidden" });

const BODIES = { events: (slug: string) => eventsBody(slug), hook: () => hookBody(), ci: () => junitBody(), forbidden: () => forbiddenBody() } as const;

/** The attacker process's nice value (STALL_ATTACKER_NICE), or undefined: the bench's own priority. */
function attackerNice(): number | undefined {
  const v = process.env.STALL_ATTACKER_NICE;
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < -20 || n > 19) throw new Error(`STALL_ATTACKER_NICE must be an integer from -20 to 19, not ${v}`);
  return n;
}

/**
 * The attacker runs in a process of its own (`--attack`): building and sending 20 MiB bodies in
 * the victims' process held the victims' own event loop, which counted as server latency. It
 * attacks until `seconds` have passed and prints the answers' statuses as one JSON line.
 */
function attackInChild(base: string, route: string, token: string, kind: keyof typeof BODIES, slug: string, seconds: number): Promise<Map<string, number>> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/register.mjs", "bench/stall.ts", "--attack", base, route, token, kind, slug, String(seconds)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  // STALL_ATTACKER_NICE=19: the attacker's process at that priority, a stand-in for a client on a
  // machine of its own (on these 2 shared cores, building and sending its bodies took a third of
  // the machine's CPU). It still sends as fast as it is answered: the "attacker answers" column
  // shows whether the server saw the same admitted load (decided / refused) as without it.
  const nice = attackerNice();
  if (nice !== undefined && child.pid) os.setPriority(child.pid, nice);
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (c: string) => (out += c));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (code !== 0 || !line) return reject(new Error(`the attacker process exited with ${code}`));
      resolve(new Map(Object.entries(JSON.parse(line) as Record<string, number>)));
    }),
  );
}

/**
 * In process, no server: the worst-case 5 MiB payload redacted in one piece (redactValue, as
 * ingest did) and in steps (redactValueSteps, as ingest does now): the longest time the event loop
 * is held is the longest step. Best of `runs`.
 */
async function redactionHold(runs: number) {
  const { redactValue, redactValueSteps } = await import("@/lib/redaction/redact");
  const payload = (JSON.parse(eventsBody("x")) as { events: { payload: unknown }[] }).events[0].payload;
  let whole = Infinity;
  let longest = Infinity;
  let total = Infinity;
  let steps = 0;
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    redactValue(payload);
    whole = Math.min(whole, performance.now() - t0);
    const gen = redactValueSteps(payload);
    let worst = 0;
    let n = 0;
    const start = performance.now();
    for (;;) {
      t0 = performance.now();
      const r = gen.next();
      worst = Math.max(worst, performance.now() - t0);
      n++;
      if (r.done) break;
    }
    longest = Math.min(longest, worst);
    total = Math.min(total, performance.now() - start);
    steps = n;
  }
  return { whole, longest, total, steps };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f = (x: number) => (Number.isNaN(x) ? "n/a" : x < 10 ? x.toFixed(1) : x.toFixed(0));

// ---------------------------------------------------------------- CPU by process (Linux /proc)
const TICK_MS = 10; // CLK_TCK 100

/** User + system CPU ms of a process (all its threads), or undefined when it is gone / not Linux. */
function procCpuMs(pid: number | string): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** Busy and total CPU ms of the whole machine (all cores), from /proc/stat. */
function machineCpuMs(): { busy: number; total: number } | undefined {
  try {
    const [, ...v] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - v[3] - v[4]) * TICK_MS, total: total * TICK_MS };
  } catch {
    return undefined;
  }
}

/**
 * Samples, every 250 ms, the CPU of the PostgreSQL backends serving the bench's database (their
 * command line names it) and of the other PostgreSQL processes; a backend that exits between
 * samples loses at most its last 250 ms. `take()` returns the CPU ms used since the last take.
 *
 * When the bench runs at a raised priority (`nice -n -10`, on a shared machine), the backends of
 * its database are given the same (they are forked by the PostgreSQL server at its own, 0):
 * PGlite's thread runs inside the server process at the bench's priority, and a comparison in
 * which only PostgreSQL's backends queue behind the machine's other work measures the machine.
 * `reniced` counts them; nothing else of PostgreSQL is touched.
 */
function pgCpuSampler(dbName: string | undefined) {
  const ours = os.getPriority();
  const reniced = new Set<string>();
  const last = new Map<string, { ms: number; ours: boolean }>();
  let used = { ours: 0, other: 0 };
  const scan = () => {
    let pids: string[];
    try {
      pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
    } catch {
      return;
    }
    for (const pid of pids) {
      let cmd: string;
      try {
        cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      } catch {
        continue;
      }
      if (!cmd.startsWith("postgres")) continue;
      const ms = procCpuMs(pid);
      if (ms === undefined) continue;
      const mine = !!dbName && cmd.includes(` ${dbName} `);
      if (mine && ours < 0 && !reniced.has(pid)) {
        try {
          os.setPriority(Number(pid), ours);
          reniced.add(pid);
        } catch {
          // not allowed (another user's server): measured at its own priority
        }
      }
      const prev = last.get(pid);
      // a pid first seen after the first scan counts from its start (a new backend)
      const delta = prev ? ms - prev.ms : ms;
      if (mine) used.ours += delta;
      else used.other += delta;
      last.set(pid, { ms, ours: mine });
    }
  };
  scan();
  used = { ours: 0, other: 0 };
  const timer = setInterval(scan, 250);
  timer.unref();
  return {
    take() {
      scan();
      const u = used;
      used = { ours: 0, other: 0 };
      return u;
    },
    stop: () => clearInterval(timer),
    reniced: () => reniced.size,
  };
}

export default async function bench(ctx: Ctx): Promise<string> {
  const seconds = ctx.quick ? 4 : 15;
  const engines: { engine: "pglite" | "postgres"; url?: string; drop?: () => Promise<void> }[] = ctx.only === "postgres" ? [] : [{ engine: "pglite" }];
  if (ctx.pgUrl && ctx.only !== "pglite") engines.push({ engine: "postgres", ...(await createPgDb(ctx.pgUrl)) });
  const rows: string[] = [];
  const cpuRows: string[] = [];
  const priorityNotes: string[] = [];
  const verdicts: string[] = [];
  const hold = await redactionHold(ctx.quick ? 1 : 3);
  ctx.log(
    `redaction of the 5 MiB worst-case payload: ${f(hold.whole)} ms in one piece; in steps: ${hold.steps} steps, longest ${f(hold.longest)} ms, ${f(hold.total)} ms in all`,
  );
  for (const e of engines) {
    const s = await spawnBenchServer("bench/stall.ts", [e.engine, e.url ?? ""]);
    const pgCpu = pgCpuSampler(e.url ? new URL(e.url).pathname.slice(1) : undefined);
    const { base, attacker, attackerSlug, ci } = s.hello;
    const victims = s.hello.victims.split(",");
    const loads: { label: string; route?: string; token?: string; kind?: keyof typeof BODIES }[] = [
      { label: "idle" },
      { label: "events: 5 MiB of secret-looking text", route: "/api/v1/events", token: attacker, kind: "events" },
      { label: "hook: 2 MiB Bash command", route: "/api/hooks/claude-code?wait_seconds=0", token: attacker, kind: "hook" },
      { label: "CI: 20 MiB JUnit report", route: "/api/v1/ci/runs", token: ci, kind: "ci" },
      { label: "forbidden decisions back to back (small)", route: "/api/v1/decisions", token: attacker, kind: "forbidden" },
    ];
    // `--loads idle,hook` (standalone): only these rows (idle always first; for profiles)
    const picked = ctx.loads ? loads.filter((l, i) => i === 0 || ctx.loads!.some((k) => k === l.kind)) : loads.filter((l) => l.kind !== "forbidden");
    try {
      // warm-up: the first requests compile and fill caches
      const warm: Sample = { ms: [], errors: 0 };
      const w0 = Date.now();
      await Promise.all(victims.map((v) => victim(base, v, () => Date.now() - w0 > 2000, warm)));
      let idleP99 = NaN;
      let idleBusyPerDecision = 0;
      let idleCpuPerDecision = { server: 0, pg: 0 };
      for (const l of picked) {
        await s.ask("lag");
        pgCpu.take();
        const cpu0 = { server: procCpuMs(s.child.pid!), victims: process.cpuUsage(), machine: machineCpuMs() };
        const sample: Sample = { ms: [], errors: 0 };
        const t0 = Date.now();
        const stop = () => Date.now() - t0 > seconds * 1000;
        const attackerRun = l.route ? attackInChild(base, l.route, l.token!, l.kind!, attackerSlug, seconds) : Promise.resolve(new Map<string, number>());
        await Promise.all(victims.map((v) => victim(base, v, stop, sample)));
        // the last attack request finishes (its time is not in the victims' sample)
        const statuses = await attackerRun;
        const lag = await s.ask("lag");
        // CPU ms each process used in the row (PostgreSQL: the bench database's backends; "others":
        // what the rest of the machine used — other people's work on the shared cores)
        const pgUsed = pgCpu.take();
        const victimsUsed = process.cpuUsage(cpu0.victims);
        const machine = machineCpuMs();
        const attackerCpu = statuses.get(ATTACKER_CPU) ?? 0;
        statuses.delete(ATTACKER_CPU);
        const used = {
          server: (procCpuMs(s.child.pid!) ?? NaN) - (cpu0.server ?? NaN),
          pg: pgUsed.ours,
          pgOther: pgUsed.other,
          victims: (victimsUsed.user + victimsUsed.system) / 1000,
          attacker: attackerCpu,
          machineBusy: machine && cpu0.machine ? machine.busy - cpu0.machine.busy : NaN,
          machineTotal: machine && cpu0.machine ? machine.total - cpu0.machine.total : NaN,
        };
        const others = used.machineBusy - used.server - used.pg - used.victims - used.attacker;
        const p50 = pct(sample.ms, 50);
        const p99 = pct(sample.ms, 99);
        // no decision answered within the run: the whole run is the (lower bound of the) latency
        const max = sample.ms.length ? Math.max(...sample.ms) : seconds * 1000;
        if (!sample.ms.length) sample.ms.push(Date.now() - t0);
        if (!l.route) idleP99 = p99;
        const ratio = p99 / idleP99;
        const attacks = [...statuses].map(([k, n]) => `${n}× ${k}`).join(", ") || "—";
        // the loop's busy time per decision at idle; under attack, the rest is the attacker's
        const busyPerDecision = lag.busyMs / sample.ms.length;
        if (!l.route) idleBusyPerDecision = busyPerDecision;
        // the same for CPU: the server's and its backends' CPU beyond what the row's decisions cost at idle
        const serverPerDecision = used.server / sample.ms.length;
        const pgPerDecision = used.pg / sample.ms.length;
        if (!l.route) idleCpuPerDecision = { server: serverPerDecision, pg: pgPerDecision };
        const attackerBusy = lag.busyMs - idleBusyPerDecision * sample.ms.length;
        const answered = [...statuses.values()].reduce((a, b) => a + b, 0);
        const perAnswer = l.route && answered ? `${f(Math.max(0, attackerBusy) / answered)}` : "—";
        const beyond = (x: number, perDecision: number) => (l.route && answered ? f(Math.max(0, x - perDecision * sample.ms.length) / answered) : "—");
        const sec = (ms: number) => (ms / 1000).toFixed(1);
        cpuRows.push(
          `| ${e.engine} | ${l.label} | ${sec(used.machineTotal / os.cpus().length)} | ${sec(used.server)} | ${sec(used.pg)} | ${sec(used.victims)} | ${l.route ? sec(used.attacker) : "—"} | ${sec(used.pgOther)} | ${sec(others)} | ${((used.machineBusy / used.machineTotal) * 100).toFixed(0)} % | ${f(serverPerDecision)} / ${f(pgPerDecision)} | ${beyond(used.server, idleCpuPerDecision.server)} / ${beyond(used.pg, idleCpuPerDecision.pg)} |`,
        );
        ctx.log(
          `${e.engine} ${l.label}: ${sample.ms.length} decisions, p50 ${f(p50)} ms, p99 ${f(p99)} ms, max ${f(max)} ms (${ratio.toFixed(1)}× idle p99), attacker ${attacks}, event-loop delay max ${f(lag.max)} ms, loop busy ${(lag.busy * 100).toFixed(0)} % (attacker ≈ ${perAnswer} ms per answer)`,
        );
        rows.push(
          `| ${e.engine} | ${l.label} | ${sample.ms.length} | ${sample.errors} | ${f(p50)} | ${f(p99)} | ${f(max)} | ${l.route ? `${ratio.toFixed(1)}× ${ratio <= 2 ? "✓" : "✗"}` : "—"} | ${attacks} | ${f(lag.max)} | ${(lag.busy * 100).toFixed(0)} % | ${perAnswer} |`,
        );
        if (l.route && ratio > 2) verdicts.push(`${e.engine}, ${l.label}: p99 ${ratio.toFixed(1)}× idle, worst event-loop delay ${f(lag.max)} ms`);
      }
    } finally {
      pgCpu.stop();
      if (pgCpu.reniced())
        priorityNotes.push(`${e.engine}: ${pgCpu.reniced()} backends of the bench database ran at the bench's priority (nice ${os.getPriority()})`);
      const exited = new Promise((r) => s.child.once("exit", r));
      s.child.stdin!.write("quit\n");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      s.child.kill();
      await e.drop?.();
    }
  }
  const nice = attackerNice();
  return `## Stalls: other agents' decisions while one client sends worst-case bodies

One server process (\`lib/server/dispatch.ts\`, the dispatcher \`server.ts\` uses, every route on node:http;
PGlite on its own thread, or PostgreSQL). Two victim agents ask for decisions back to back
(\`POST /api/v1/decisions\`, one request in flight each) for ${seconds} s per row while one attacker sends, one
after the other, bodies at the size limits: a 5 MiB event batch whose payload repeats
\`-----BEGIN PRIVATE KEY-----!\` and KEY=value / token / URL-credential lines (redaction, engineer C), a 2 MiB
PreToolUse Bash command of \`git push --force … cat x.env\` repeated (command globs, engineer A), a 20 MiB
CI run with a JUnit report of failing cases and a 600 KB \`file=\` attribute (report parsing, engineer E).
Latency is measured by the victims; the attacker runs in a process of its own (building and sending its
bodies does not hold the victims' loop) and sends its next body as soon as one is answered, 429s included
(admission control: lib/http/body-admission.ts).${
    nice === undefined
      ? ""
      : ` **The attacker's process ran at nice ${nice}** (\`STALL_ATTACKER_NICE\`), a stand-in for a client on a machine of its own; it still sent its next body as soon as one was answered.`
  } The event-loop delay is the server's worst (monitorEventLoopDelay);
"loop busy" the share of the row the server's event loop was working (eventLoopUtilization), and "loop ms
per attacker answer" its busy time beyond what the row's decisions cost at idle, per answer the attacker got
(less sensitive to a busy machine than the latencies).
Target (issue 16): victims' p99 within 2× of idle.

Redaction alone (in process, best of ${ctx.quick ? 1 : 3}): the 5 MiB worst-case payload takes ${f(hold.whole)} ms in one piece
(what ingest did); in steps (\`redactValueSteps\`, what ingest does now, driven by \`runYielding\`) it takes ${hold.steps}
steps, the longest ${f(hold.longest)} ms, ${f(hold.total)} ms in all: the event loop is held at most for the longest step.

| engine | attacker load | decisions | errors | p50 ms | p99 ms | max ms | p99 vs idle | attacker answers | worst event-loop delay ms | loop busy | loop ms per attacker answer |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

CPU by process in each row (seconds of CPU, user + system, from Linux's /proc, over the row's window: its
${seconds} s of victims and the attacker's last answer, on ${os.cpus().length} cores): the server process (its event loop and worker threads; PGlite's thread too), the PostgreSQL
backends serving the bench's database, the victims' process, the attacker's process, the other PostgreSQL
processes (WAL writer, checkpointer, other databases), and everything else on the machine (others' work on
the shared cores). Per decision: the server's and its backends' CPU ms per victim decision; per attacker
answer: their CPU beyond what the row's decisions cost at idle, per answer the attacker got.

| engine | attacker load | window s | server s | PostgreSQL backends s | victims s | attacker s | other PostgreSQL s | others s | machine busy | ms per decision (server / backends) | ms per attacker answer (server / backends) |
|---|---|---|---|---|---|---|---|---|---|---|---|
${cpuRows.join("\n")}
${priorityNotes.length ? `\nPriority: the bench ran at nice ${os.getPriority()}; ${priorityNotes.join("; ")} (PGlite's thread runs in the server process at that priority).\n` : ""}
${verdicts.length ? `Not yet within 2× of idle:\n\n${verdicts.map((v) => `- ${v}`).join("\n")}\n` : "Every attacker load stays within 2× of idle.\n"}`;
}

const argv = process.argv.slice(2);
if (argv[0] === "--serve") {
  void serve(argv[1] as "pglite" | "postgres", argv[2] || undefined);
} else if (argv[0] === "--attack") {
  const [, base, route, token, kind, slug, seconds] = argv;
  const statuses = new Map<string, number>();
  const t0 = Date.now();
  const body = BODIES[kind as keyof typeof BODIES];
  void attack(
    base,
    route,
    token,
    () => body(slug),
    () => Date.now() - t0 > Number(seconds) * 1000,
    statuses,
  ).then(() => {
    // its own CPU (building and sending the bodies), reported apart from the answers
    const cpu = process.cpuUsage();
    console.log(JSON.stringify({ ...Object.fromEntries(statuses), [ATTACKER_CPU]: (cpu.user + cpu.system) / 1000 }));
    process.exit(0);
  });
} else if (argv[0] === "--redaction") {
  // the in-process redaction figure alone (no server, no database)
  void redactionHold(3).then((h) => {
    console.log(
      `redaction of the 5 MiB worst-case payload: ${f(h.whole)} ms in one piece; in steps: ${h.steps} steps, longest ${f(h.longest)} ms, ${f(h.total)} ms in all`,
    );
    process.exit(0);
  });
} else if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bench/stall.ts")) {
  const only = argv.includes("--engine") ? argv[argv.indexOf("--engine") + 1] : undefined;
  const pgUrl =
    only === "pglite" ? undefined : (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  const loads = argv.includes("--loads") ? argv[argv.indexOf("--loads") + 1].split(",") : undefined;
  printAndExit(bench({ pgUrl, quick: argv.includes("--quick"), only: only as Ctx["only"], loads, log: console.log }));
}
