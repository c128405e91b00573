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

const config = [
  { ignores: [".next/**", ".next-*/**", "node_modules/**", ".data/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".stryker-tmp/**", "reports/**", ".data-*/**", "coverage/**", "blob-report/**", "bench/results/**"] },
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
    files: ["**/*.test.ts", "**/*.int.test.ts", "e2e/**/*.ts", "lib/testing/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
];

export default config;
