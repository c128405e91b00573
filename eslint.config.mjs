import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The storage layer opens a database only once lib/ has installed its write hook (storage
// redaction, issue 16): everything opens it through lib/db.ts. Its raw opener and the hook
// installer are for lib/db.ts and lib/redaction/storage.ts only (db/client.ts also throws when no
// hook is installed).
const rawStorage = {
  name: "@/db/client",
  importNames: ["openStorage", "installWriteHook", "processDb"],
  message: "Open the database through @/lib/db (openDatabase, getDb): it installs storage redaction.",
};

const dbImport = {
  paths: [rawStorage],
  patterns: [
    {
      group: ["@/db/schema", "@/db/schema/*", "@/db/client", "@/lib/db", "drizzle-orm", "drizzle-orm/*", "pg", "@electric-sql/pglite"],
      message: "Read and write through lib/<domain> queries; app/ and components/ do not touch the database layer directly.",
      // getDb is the one allowed import: pages obtain the handle (from lib/db.ts) and pass it to lib/ queries.
      allowImportNames: ["getDb"],
    },
  ],
};

// Layering (issue 18): lib/http is the lowest layer of the API (adapters, errors, limits) and
// imports no domain code; the route table wires domain hooks in (lib/server/api-routes.ts).
const httpLayer = {
  paths: [rawStorage],
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
  paths: [rawStorage],
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
    files: ["**/*.{ts,tsx,mjs}"],
    ignores: ["lib/db.ts", "lib/redaction/storage.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [rawStorage] }] },
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
    ignores: ["db/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", storageLayer] },
  },
  {
    files: ["**/*.test.ts", "**/*.int.test.ts", "e2e/**/*.ts", "lib/testing/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
];

export default config;
