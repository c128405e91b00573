import http from "node:http";
import next from "next";
import { demoEnabled, env } from "@/lib/env";
import { boot } from "@/lib/server/boot";
import { API_HOOKS, API_ROUTES } from "@/lib/server/api-routes";
import { createDispatcher } from "@/lib/server/dispatch";
import { configuredTrustedProxies } from "@/lib/http/client-address";
import { closeProcessDb, getDb } from "@/lib/db";
import { DataDirLockedError } from "@/db/lock";

const dev = process.argv.includes("--dev");
if (!dev) (process.env as Record<string, string>).NODE_ENV = "production";

async function main() {
  const e = env();
  const started = Date.now();
  const { handle } = await boot();
  if (e.GATEHOUSE_WORKERS !== false) {
    const { startDetectionWorker } = await import("@/lib/detection/worker");
    const { startAlertWorker } = await import("@/lib/violations/alerts");
    startDetectionWorker(getDb);
    startAlertWorker(getDb);
    (await import("@/lib/chat/deliver")).startChatWorker(getDb);
    (await import("@/lib/changes/github-status")).startGithubStatusWorker(getDb);
    if (demoEnabled() && e.GATEHOUSE_DEMO_LIVE !== false) {
      const { startDemoTraffic } = await import("@/lib/demo/live");
      startDemoTraffic(getDb);
    }
  }
  const app = next({ dev, dir: process.cwd(), port: e.PORT, hostname: e.HOSTNAME ?? "0.0.0.0" });
  await app.prepare();
  const handle_ = app.getRequestHandler();
  const lean = e.GATEHOUSE_LEAN_API !== false;
  // Every request passes the dispatcher: client address, request-target and Origin checks,
  // then the lean routes on node:http, then Next.
  const server = http.createServer(
    createDispatcher({
      routes: lean ? API_ROUTES.filter((r) => r.lean) : [],
      ...API_HOOKS,
      fallback: (req, res) => void handle_(req, res),
      trustedProxies: configuredTrustedProxies(),
    }),
  );
  server.keepAliveTimeout = 65_000;
  server.listen(e.PORT, e.HOSTNAME ?? "0.0.0.0", () => {
    const url = `http://localhost:${e.PORT}`;
    console.log(
      `Gatehouse is up at ${url} (${dev ? "development" : "production"}, ${handle.engine === "pglite" ? `embedded PGlite in ${e.GATEHOUSE_DATA_DIR}` : "PostgreSQL"}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (handle.engine === "pglite" || e.GATEHOUSE_DEMO) {
      console.log(
        `Sign in at ${url}/signin — demo accounts: admin@acme.test, security@acme.test, approver@acme.test, manager@acme.test, viewer@acme.test; password: gatehouse-demo (demo data only).`,
      );
    }
    console.log(`No demo data? Create an admin: npm run --silent gatehouse -- user create --email you@example.com --role admin`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down…`);
    server.close();
    server.closeAllConnections?.();
    try {
      const { runShutdownHooks } = await import("@/lib/server/shutdown");
      await runShutdownHooks();
      await closeProcessDb();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err) => {
  if (err instanceof DataDirLockedError) console.error(err.message);
  else console.error("Gatehouse failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
