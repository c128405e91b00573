// `npm run test:mutation [module …] [-- --concurrency N]`: StrykerJS per security core (the
// list is scripts/mutation-modules.mjs), then the score per module into QUALITY.md between the
// mutation-scores markers. Slow (minutes per module on 2 cores): not part of `npm test`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { MUTATION_MODULES } from "./mutation-modules.mjs";

const args = process.argv.slice(2);
const dash = args.indexOf("--");
const names = (dash < 0 ? args : args.slice(0, dash)).filter((a) => !a.startsWith("-"));
const extra = dash < 0 ? args.filter((a) => a.startsWith("-")) : args.slice(dash + 1);
const unknown = names.filter((n) => !MUTATION_MODULES[n]);
if (unknown.length) {
  console.error(`unknown module(s) ${unknown.join(", ")}; modules: ${Object.keys(MUTATION_MODULES).join(", ")}`);
  process.exit(2);
}
const TARGET = 85;

/** Killed / detected share from Stryker's JSON report (mutation-testing-report-schema). */
export function score(file) {
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  const n = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
  const survivors = [];
  for (const [path, f] of Object.entries(report.files)) {
    for (const m of f.mutants) {
      if (m.status in n) n[m.status]++;
      else n.other++;
      if (m.status === "Survived" || m.status === "NoCoverage")
        survivors.push(
          `${path}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${m.status}${m.replacement ? ` → ${JSON.stringify(m.replacement).slice(0, 80)}` : ""}`,
        );
    }
  }
  const detected = n.Killed + n.Timeout;
  const valid = detected + n.Survived + n.NoCoverage;
  return { ...n, valid, pct: valid ? (100 * detected) / valid : 100, survivors };
}

function writeQuality(rows) {
  const file = "QUALITY.md";
  const begin = "<!-- mutation-scores:start -->";
  const end = "<!-- mutation-scores:end -->";
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `# Quality\n\n${begin}\n${end}\n`;
  const old = text.includes(begin) ? text.slice(text.indexOf(begin) + begin.length, text.indexOf(end)) : "";
  const prev = new Map([...old.matchAll(/^\| `([^`]+)` \|.*$/gm)].map((m) => [m[1], m[0]]));
  for (const r of rows)
    prev.set(r.name, `| \`${r.name}\` | ${r.pct.toFixed(1)} % | ${r.Killed} | ${r.Timeout} | ${r.Survived} | ${r.NoCoverage} | ${r.valid} | ${r.date} |`);
  const order = Object.keys(MUTATION_MODULES);
  const table = [
    "| module | score | killed | timeout | survived | no coverage | mutants | measured |",
    "|---|---|---|---|---|---|---|---|",
    ...[...prev.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((k) => prev.get(k)),
  ].join("\n");
  const next = text.includes(begin)
    ? `${text.slice(0, text.indexOf(begin) + begin.length)}\n${table}\n${text.slice(text.indexOf(end))}`
    : `${text}\n${begin}\n${table}\n${end}\n`;
  fs.writeFileSync(file, next);
}

// parts (`part: "<module>"`) only when named: the whole module already holds their mutants
const run = names.length ? names : Object.keys(MUTATION_MODULES).filter((n) => !MUTATION_MODULES[n].part);
const rows = [];
let below = false;
for (const name of run) {
  console.log(`\n=== mutation: ${name}`);
  const t0 = Date.now();
  const json = `reports/mutation/${name}.json`;
  // --from-reports: only re-read the last JSON reports (e.g. to rewrite the QUALITY.md table)
  const r = extra.includes("--from-reports")
    ? { status: fs.existsSync(json) ? 0 : 1 }
    : spawnSync("npx", ["stryker", "run", "stryker.config.mjs", ...extra], {
        stdio: "inherit",
        env: { ...process.env, ...MUTATION_MODULES[name].env, STRYKER_MODULE: name, CI: "" },
      });
  if (r.status !== 0 || !fs.existsSync(json)) {
    console.error(`stryker failed for ${name} (exit ${r.status})`);
    below = true;
    continue;
  }
  const s = score(json);
  rows.push({ name, ...s, date: fs.statSync(json).mtime.toISOString().slice(0, 10) });
  console.log(`${name}: ${s.pct.toFixed(1)} % (${s.Killed + s.Timeout}/${s.valid}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const sv of s.survivors) console.log(`  survived: ${sv}`);
  if (s.pct < TARGET) below = true;
}
if (rows.length) writeQuality(rows);
console.log("\n" + rows.map((r) => `${r.name}: ${r.pct.toFixed(1)} %`).join("\n"));
process.exit(below ? 1 : 0);
