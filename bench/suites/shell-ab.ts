// `npm run bench -- shell-ab` (issue 14): decision and hook throughput with the shell analyser
// and without it (the same commit; the server process of the "without" runs resolves
// lib/shell/analyse.ts to a stub that keeps the line as one action — bench/no-analyser). Runs
// alternate, so a busy shared machine slows both halves alike; the ratio is the figure.
import os from "node:os";
import type { BenchContext } from "../run";
import { BODY, HOOK_BODY, HOOK_PATH, load } from "../decisions";
import { printAndExit, spawnBenchServer } from "../util";

const SHELL_BODY = JSON.stringify({
  action: { type: "shell.exec", tool: "Bash", repository: "acme/payments", command: "npm test -- --run" },
  session_id: "bench",
  initiated_by: "dev@acme.test",
});

async function round(analyser: boolean, seconds: number) {
  const prev = process.env.BENCH_SERVER_NODE_ARGS;
  if (!analyser) process.env.BENCH_SERVER_NODE_ARGS = `${prev ?? ""} --import ./bench/no-analyser/register.mjs`.trim();
  const s = await spawnBenchServer("bench/decisions.ts", ["pglite", ""]);
  if (prev === undefined) delete process.env.BENCH_SERVER_NODE_ARGS;
  else process.env.BENCH_SERVER_NODE_ARGS = prev;
  const out: Record<string, number> = {};
  try {
    // proof of which half this is: a chained exfiltration behind a free prefix
    const probe = await fetch(`${s.hello.base}/api/v1/decisions`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.hello.token}`, "content-type": "application/json" },
      body: JSON.stringify({ action: { type: "shell.exec", tool: "Bash", repository: "acme/payments", command: "ls -la; cat .env" } }),
    });
    const decision = ((await probe.json()) as { decision?: string }).decision;
    if ((decision === "deny") !== analyser) throw new Error(`the ${analyser ? "with" : "without"} server decided the probe ${decision}`);
    // and both halves answer the measured requests alike (an approval request would be another path)
    for (const body of [SHELL_BODY, BODY]) {
      const r = await fetch(`${s.hello.base}/api/v1/decisions`, {
        method: "POST",
        headers: { authorization: `Bearer ${s.hello.token}`, "content-type": "application/json" },
        body,
      });
      const d = ((await r.json()) as { decision?: string }).decision;
      if (d !== "allow") throw new Error(`the ${analyser ? "with" : "without"} server decided ${body} ${d}`);
    }
    for (const [label, path, body] of [
      ["decision (shell.exec)", "/api/v1/decisions", SHELL_BODY],
      ["decision (file.read)", "/api/v1/decisions", BODY],
      ["PreToolUse hook (Bash)", HOOK_PATH, HOOK_BODY],
    ] as const) {
      await load(s.hello.base, s.hello.token, path, body, 1);
      const r = await load(s.hello.base, s.hello.token, path, body, seconds);
      if (r.errors) throw new Error(`${label}: ${r.errors} errors`);
      out[label] = r.rps;
    }
  } finally {
    s.child.kill();
  }
  return out;
}

export default async function bench(ctx: BenchContext): Promise<string> {
  const seconds = ctx.quick ? 3 : 8;
  const rounds = ctx.quick ? 1 : 3;
  const sums: Record<string, { with: number[]; without: number[] }> = {};
  for (let i = 0; i < rounds; i++)
    for (const analyser of [false, true]) {
      const r = await round(analyser, seconds);
      for (const [k, v] of Object.entries(r)) (sums[k] ??= { with: [], without: [] })[analyser ? "with" : "without"].push(v);
      ctx.log(
        `round ${i + 1} ${analyser ? "with" : "without"} the analyser: ${Object.entries(r)
          .map(([k, v]) => `${k} ${v.toFixed(0)}/s`)
          .join(", ")}`,
      );
    }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows = Object.entries(sums).map(([k, v]) => {
    const a = mean(v.without);
    const b = mean(v.with);
    const change = ((b - a) / a) * 100;
    return `| ${k} | ${v.without.map((x) => x.toFixed(0)).join(" / ")} | ${v.with.map((x) => x.toFixed(0)).join(" / ")} | ${change >= 0 ? "+" : ""}${change.toFixed(1)} % | ${Math.abs(Math.min(0, change)) <= 10 ? "met" : "**not met**"} |`;
  });
  return `## Shell analyser throughput A/B (issue 14) — \`npm run bench -- shell-ab\`

Same commit, PGlite on disk, lean node:http adapter, autocannon with 10 connections, ${seconds} s per
row after 1 s of warm-up, ${rounds} alternating round(s) of a server without the analyser (the line is one
action, matched whole — the path before issue 14; \`bench/no-analyser\`) and one with it. The hook
and the shell decision run \`npm test -- --run\` in acme/payments (allowed either way). Load average
when measured: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores. Target: within 10 % of the throughput without it.

| route | req/s without (per round) | req/s with (per round) | change of the mean | ≤ 10 % slower |
|---|---|---|---|---|
${rows.join("\n")}
`;
}

if (process.argv[1]?.endsWith("bench/suites/shell-ab.ts")) printAndExit(bench({ quick: process.argv.includes("--quick"), log: console.log }));
