// `node scripts/mutation-survivors.mjs <module>`: the surviving and uncovered mutants of the
// last `npm run test:mutation <module>` run (reports/mutation/<module>.json), each with its
// source line and replacement, to kill with a test or to explain in QUALITY.md.
import fs from "node:fs";

const name = process.argv[2];
if (!name) {
  console.error("usage: node scripts/mutation-survivors.mjs <module>");
  process.exit(2);
}
const report = JSON.parse(fs.readFileSync(`reports/mutation/${name}.json`, "utf8"));
const counts = {};
for (const [file, f] of Object.entries(report.files)) {
  const lines = f.source.split("\n");
  for (const m of f.mutants.sort((a, b) => a.location.start.line - b.location.start.line)) {
    counts[m.status] = (counts[m.status] ?? 0) + 1;
    if (m.status !== "Survived" && m.status !== "NoCoverage") continue;
    const { start, end } = m.location;
    const src = lines[start.line - 1].trim();
    console.log(`${file}:${start.line}:${start.column} ${m.mutatorName} ${m.status} (id ${m.id})`);
    console.log(`    ${src.slice(0, 160)}`);
    const orig = start.line === end.line ? lines[start.line - 1].slice(start.column - 1, end.column - 1) : `${lines[start.line - 1].slice(start.column - 1)}…`;
    console.log(`    ${JSON.stringify(orig).slice(0, 120)} → ${JSON.stringify(m.replacement ?? "").slice(0, 120)}`);
  }
}
console.log(counts);
