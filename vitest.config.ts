import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // server-only throws outside React Server Components; tests run lib/ directly.
  "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    // `.only` left in a file would silently run a fraction of the suite in CI.
    allowOnly: !process.env.CI,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          environment: "node",
          // Property tests run thousands of cases: 5 s (the default) fails them whenever the
          // shared 2-core machine is busy, which is a wall-clock assertion in disguise.
          testTimeout: 30_000,
          setupFiles: ["lib/testing/setup.ts"],
          include: ["{app,components,lib,db}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          environment: "node",
          setupFiles: ["lib/testing/setup.ts"],
          include: ["{app,components,lib,db}/**/*.int.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file opens its own databases; two at a time fits 2 cores.
          maxWorkers: 2,
          // after the unit project when both run in one `npx vitest run` (projects with different
          // maxWorkers must not share a group)
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
