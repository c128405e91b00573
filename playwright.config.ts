import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium here; Playwright's own browser elsewhere (set CHROMIUM_PATH="" to use it).
const chromiumPath =
  process.env.CHROMIUM_PATH !== undefined ? process.env.CHROMIUM_PATH || undefined : fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;

const port = Number(process.env.E2E_PORT ?? 3199);
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-e2e-"));
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: "./e2e",
  // separate artefacts per build dir, so parallel runs do not delete each other's traces
  outputDir: `test-results/${process.env.NEXT_DIST_DIR || "main"}`,
  // generous: 2 shared cores run the server, two browsers and the real CLI at once (a limit, not a speed check)
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  // No flakiness allowance: a test that needs a retry to pass is a failing test.
  retries: 0,
  forbidOnly: !!process.env.CI,
  // scripts/test.mjs adds the JSON reporter (--reporter=list,json) to count the results.
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: /\.global\.spec\.ts$/ },
    // Specs that change global state (the approval TTL in the policy, …) run after every other
    // spec has finished, one at a time, so nothing running in parallel sees that state.
    {
      name: "global-state",
      use: { ...devices["Desktop Chrome"] },
      testMatch: /\.global\.spec\.ts$/,
      dependencies: ["chromium"],
      fullyParallel: false,
      workers: 1,
    },
  ],
  webServer: {
    // Builds when sources changed, then serves the production build on a fresh data dir.
    command: "node scripts/start.mjs",
    url: `http://127.0.0.1:${port}/api/health`,
    // a cold production build on 2 busy cores can take several minutes
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_DEMO: "1",
      // the tests count and pick demo rows: no live demo traffic under them
      GATEHOUSE_DEMO_LIVE: "0",
      DATABASE_URL: "",
      GITHUB_WEBHOOK_SECRET: "e2e-webhook-secret",
      // gatehouse/compliance statuses go to the GitHub stand-in of e2e/github.ts (githubStandInPort)
      GITHUB_API_URL: `http://127.0.0.1:${port + 20000}`,
      GITHUB_STATUS_TOKEN: "e2e-github-token",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    },
  },
});
