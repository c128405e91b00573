import path from "node:path";
import { defineConfig } from "vitest/config";

// The one-project config Stryker's vitest runner uses (scripts/mutation.mjs): only the test files
// of the module under mutation (STRYKER_TESTS, comma-separated globs), run on PGlite (no
// TEST_DATABASE_URL) when they are integration tests.
const alias = [
  { find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` },
  { find: /^server-only$/, replacement: path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts") },
  // property tests capped at 100 runs per mutant (lib/testing/fast-check-capped.ts)
  { find: /^fast-check$/, replacement: path.resolve(import.meta.dirname, "lib/testing/fast-check-capped.ts") },
];

export default defineConfig({
  resolve: { alias },
  test: {
    environment: "node",
    setupFiles: ["lib/testing/setup.ts"],
    include: (process.env.STRYKER_TESTS ?? "").split(",").filter(Boolean),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
