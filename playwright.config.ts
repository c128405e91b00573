import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium here; Playwright's own browser elsewhere (set CHROMIUM_PATH="" to use it).
const chromiumPath =
  process.env.CHROMIUM_PATH !== undefined
    ? process.env.CHROMIUM_PATH || undefined
    : fs.existsSync("/usr/bin/chromium")
      ? "/usr/bin/chromium"
      : undefined;

const port = Number(process.env.E2E_PORT ?? 3199);
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-e2e-"));
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: "./e2e",
  // separate artefacts per build dir, so parallel runs do not delete each other's traces
  outputDir: `test-results/${process.env.NEXT_DIST_DIR || "main"}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
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
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // Builds when sources changed, then serves the production build on a fresh data dir.
    command: "node scripts/start.mjs",
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 300_000,
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
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    },
  },
});
