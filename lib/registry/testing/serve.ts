/**
 * A separate app process for the multi-instance kill-switch test: serves the registry's machine
 * routes (same dispatcher and node:http adapter as server.ts / startTestApi) against the PostgreSQL URL given
 * as argv[2], and prints `READY <base url>` when listening. Killed by the parent test.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase, setProcessDb } from "@/lib/db";
import { parseTrustedProxies } from "@/lib/http/client-address";
import { noteAuthDenied } from "@/lib/auth/denied";
import { apiNotFound, createDispatcher } from "@/lib/server/dispatch";
import { registryRoutes } from "../routes";

async function main() {
  const url = process.argv[2];
  if (!url) throw new Error("usage: serve.ts <postgres url>");
  const handle = await openDatabase({ url, migrate: false, poolMax: 4 });
  setProcessDb(handle);
  // The one dispatcher (as server.ts and startTestApi), with just the registry's routes: the full
  // route table would load every other domain too.
  const server = http.createServer(
    createDispatcher({ routes: registryRoutes, fallback: apiNotFound, trustedProxies: parseTrustedProxies(undefined), onRefusal: noteAuthDenied }),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  const stop = () => server.close(() => void handle.close().finally(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  process.stderr.write(`serve failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
