// The four mutants issue 17 found surviving, each applied in a throw-away copy of the working
// tree (never in the shared tree) and run against the test named to kill it: every one must
// FAIL that test. `node scripts/named-mutants.mjs [id …]`; PostgreSQL-only parts run when
// TEST_DATABASE_URL is set, else on PGlite. Results are listed in QUALITY.md.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const MUTANTS = [
  {
    id: "policy-priority-sort",
    what: "lib/policy/compile.ts: the priority sort dropped (rules in file order)",
    file: "lib/policy/compile.ts",
    edits: [
      ["  generic.sort(byPriority);\n", "\n"],
      ["].sort(byPriority);", "];"],
    ],
    test: ["--project", "unit", "lib/policy/reference.test.ts"],
  },
  {
    id: "verify-prev-link",
    what: "lib/audit/verify.ts: the previous-hash link check skipped",
    file: "lib/audit/verify.ts",
    edits: [["} else if (linkKnown && row.prevHash !== prev) {", "} else if (false) {"]],
    test: ["--project", "integration", "lib/audit/anchor.int.test.ts", "-t", "altered and re-hashed"],
  },
  {
    id: "redaction-depth-64",
    what: "lib/redaction/redact.ts: values deeper than 64 levels returned unscanned",
    file: "lib/redaction/redact.ts",
    edits: [["  if (depth > MAX_REDACT_DEPTH) {", "  if (depth > 64) return value;\n  if (depth > MAX_REDACT_DEPTH) {"]],
    test: ["--project", "unit", "lib/redaction/redact.test.ts", "-t", "levels deep"],
  },
  {
    id: "redaction-keys",
    what: "lib/redaction/redact.ts: object keys not redacted",
    file: "lib/redaction/redact.ts",
    edits: [["const k = key.length >= 16 ? redactText(key, report) : key;", "const k = key;"]],
    test: ["--project", "unit", "lib/redaction/redact.test.ts", "-t", "used as object keys"],
  },
  {
    id: "approvals-decide-pending",
    what: "lib/approvals/queries.ts: status = 'pending' dropped from the decide statement",
    file: "lib/approvals/queries.ts",
    edits: [['          eq(approvalRequests.status, "pending"),\n          sql`NOT', "          sql`NOT"]],
    test: ["--project", "integration", "lib/approvals/segregation.int.test.ts", "-t", "at once"],
  },
  {
    id: "approvals-initiator-case",
    what: "lib/approvals/initiators.ts: initiator emails compared without lower-casing",
    file: "lib/approvals/initiators.ts",
    edits: [["const t = v.trim().toLowerCase();", "const t = v.trim();"]],
    test: ["--project", "integration", "lib/approvals/segregation.int.test.ts", "-t", "other case"],
  },
];

const root = path.resolve(import.meta.dirname, "..");
const only = process.argv.slice(2);
const copy = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-named-mutants-"));
const skip = new Set(["node_modules", ".git", "test-results", "reports", ".stryker-tmp", "coverage"]);
fs.cpSync(root, copy, {
  recursive: true,
  filter: (src) => {
    const b = path.relative(root, src).split(path.sep)[0];
    return !skip.has(b) && !b.startsWith(".next") && !b.startsWith(".data");
  },
});
fs.symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"));

const vitest = (args) => spawnSync("npx", ["vitest", "run", ...args], { cwd: copy, encoding: "utf8", env: { ...process.env, CI: "" } });
let bad = 0;
for (const m of MUTANTS.filter((m) => !only.length || only.includes(m.id))) {
  const file = path.join(copy, m.file);
  const original = fs.readFileSync(file, "utf8");
  let text = original;
  for (const [from, to] of m.edits) {
    if (!text.includes(from)) {
      console.log(`${m.id}: CANNOT APPLY — "${from.trim()}" not found in ${m.file} (the code changed: update the mutant)`);
      bad++;
      text = undefined;
      break;
    }
    text = text.replace(from, to);
  }
  if (text === undefined) continue;
  const clean = vitest(m.test);
  fs.writeFileSync(file, text);
  const mutated = vitest(m.test);
  fs.writeFileSync(file, original);
  const count = (out) => /Tests\s+(.*)\n/.exec(out.replace(/\x1b\[[0-9;]*m/g, ""))?.[1]?.trim() ?? "no summary";
  const killed = clean.status === 0 && mutated.status !== 0;
  if (!killed) bad++;
  console.log(`${m.id}: ${killed ? "KILLED" : clean.status !== 0 ? "TEST FAILS WITHOUT THE MUTANT" : "SURVIVED"} — ${m.what}`);
  console.log(`  vitest run ${m.test.join(" ")}\n  unmutated: ${count(clean.stdout)}\n  mutated:   ${count(mutated.stdout)}`);
  if (clean.status !== 0) {
    const why = (clean.stdout + clean.stderr)
      .replace(/\x1b\[[0-9;]*m/g, "")
      .split("\n")
      .filter((l) => /Error|FAIL/.test(l));
    console.log(`  unmutated run failed:\n    ${why.slice(0, 6).join("\n    ")}`);
  }
}
fs.rmSync(copy, { recursive: true, force: true });
process.exit(bad ? 1 : 0);
