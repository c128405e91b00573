import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const dbImport = {
  patterns: [
    {
      group: ["@/db/schema", "@/db/schema/*", "@/db/client", "drizzle-orm", "drizzle-orm/*", "pg", "@electric-sql/pglite"],
      message: "Read and write through lib/<domain> queries; app/ and components/ do not touch the database layer directly.",
      // getDb is the one allowed import: pages obtain the handle and pass it to lib/ queries.
      allowImportNames: ["getDb"],
    },
  ],
};

// Layering (issue 18): lib/http is the lowest layer of the API (adapters, errors, limits) and
// imports no domain code; the route table wires domain hooks in (lib/server/api-routes.ts).
const httpLayer = {
  patterns: [
    {
      group: [
        "@/lib/*",
        "!@/lib/http",
        "!@/lib/util",
        "!@/lib/env",
        "!@/lib/security",
        "@/lib/security/*",
        "!@/lib/security/json-guard",
        "@/db",
        "@/db/*",
        "@/app/*",
        "@/components/*",
        "../*",
      ],
      message: "lib/http is the lowest layer: no domain imports (pass a hook in from the route table, lib/server/api-routes.ts).",
    },
  ],
};
// The storage layer (db/) is used by lib/, never the other way round; its env helper aside.
const storageLayer = {
  patterns: [
    {
      group: ["@/lib/*", "!@/lib/env", "@/app/*", "@/components/*", "../lib/*", "../../lib/*"],
      message: "db/ is the storage layer: it imports no lib/ code (lib/env aside). Applications of lib/ (the demo seed) live in lib/.",
    },
  ],
};

const config = [
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      ".data/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      ".stryker-tmp/**",
      "reports/**",
      ".data-*/**",
      "coverage/**",
      "blob-report/**",
      "bench/results/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", dbImport] },
  },
  {
    files: ["lib/http/**/*.ts"],
    // tests may build fixtures from anywhere (the off-loop worker, which runs domain tasks, is
    // lib/offload, not part of this layer)
    ignores: ["lib/http/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", httpLayer] },
  },
  {
    files: ["db/**/*.ts"],
    // db/client.ts still takes processSingleton and the storage redaction hook from lib/ (to untie)
    ignores: ["db/**/*.test.ts", "db/client.ts"],
    rules: { "no-restricted-imports": ["error", storageLayer] },
  },
  {
    files: ["**/*.test.ts", "**/*.int.test.ts", "e2e/**/*.ts", "lib/testing/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
];

export default config;
