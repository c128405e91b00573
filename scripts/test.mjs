// `npm test`: lint, types, unit, integration (PGlite, and PostgreSQL when TEST_DATABASE_URL
// is set), then e2e in Chromium against the production build. Stops at the first failure.
import { spawnSync } from "node:child_process";

const steps = [
  ["lint", ["npx", "eslint", "--max-warnings=0", "."]],
  ["typecheck", ["npx", "tsc", "--noEmit"]],
  ["unit", ["npx", "vitest", "run", "--project", "unit"]],
  ["integration", ["npx", "vitest", "run", "--project", "integration"]],
  ["e2e", ["npx", "playwright", "test"]],
];

const only = process.argv.slice(2);
const results = [];
if (!process.env.TEST_DATABASE_URL) {
  console.log("TEST_DATABASE_URL is not set: integration tests run on PGlite only (set it to also run them on PostgreSQL).");
}
for (const [name, cmd] of steps) {
  if (only.length && !only.includes(name)) continue;
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${cmd.join(" ")}`);
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: "inherit", env: process.env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  results.push(`${name}: ${r.status === 0 ? "ok" : "FAILED"} (${secs} s)`);
  if (r.status !== 0) {
    console.log(`\n${results.join("\n")}`);
    process.exit(r.status ?? 1);
  }
}
console.log(`\n${results.join("\n")}\nAll test steps passed.`);
