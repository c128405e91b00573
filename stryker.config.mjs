// StrykerJS over the security cores, one module per run (scripts/mutation.mjs sets
// STRYKER_MODULE). `npm run test:mutation` runs them all; see QUALITY.md.
import { MUTATION_MODULES } from "./scripts/mutation-modules.mjs";

const name = process.env.STRYKER_MODULE ?? "audit-canonical";
const mod = MUTATION_MODULES[name];
if (!mod) throw new Error(`unknown STRYKER_MODULE ${name}; one of ${Object.keys(MUTATION_MODULES).join(", ")}`);
process.env.STRYKER_TESTS = mod.tests.join(",");

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.stryker.config.ts", related: false },
  mutate: mod.mutate,
  coverageAnalysis: "perTest",
  // two shared cores: one test process unless told otherwise (--concurrency)
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  // `npm run test:mutation <module> -- --incremental` re-tests only mutants whose code or
  // covering tests changed since that module's last run (one file per module)
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  // the sandbox needs the sources and configs, not build output or artefacts. Anchored at the root
  // ("/reports", not "reports"): an unanchored name also left out lib/changes/reports/, and a test
  // file whose import then failed ran no test, silently (no test, so no failure)
  ignorePatterns: [
    "/.next*",
    "/.data*",
    "/test-results",
    "/playwright-report",
    "/blob-report",
    "/reports",
    "/bench",
    "/e2e",
    "/docs",
    "/coverage",
    "*.tsbuildinfo",
  ],
  ignoreStatic: true,
};

export default config;
