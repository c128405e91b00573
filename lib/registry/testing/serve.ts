/**
 * A separate app process for the multi-instance kill-switch test: serves the registry's machine
 * routes (same node:http adapter as server.ts / startTestApi) against the PostgreSQL URL given
 * as argv[2], and prints `READY <base url>` when listening. Killed by the parent test.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase, setProcessDb } from "@/db/client";
import { nodeHandle } from "@/lib/http/api";
import { registryRoutes } from "../routes";

async function main() {
  const url = process.argv[2];
  if (!url) throw new Error("usage: serve.ts <postgres url>");
  const handle = await openDatabase({ url, migrate: false, poolMax: 4 });
  setProcessDb(handle);
  // Own tiny matcher: importing the full route table would load every other domain too.
  const compiled = registryRoutes.map((r) => ({ r, re: new RegExp(`^${r.path.replace(/:[a-z_]+/gi, "([^/]+)")}/?$`) }));
  const match = (method: string, path: string) => {
    for (const c of compiled) {
      const m = c.r.method === method ? c.re.exec(path) : null;
      if (m) return { route: c.r, params: (m[1] ? { id: decodeURIComponent(m[1]) } : {}) as Record<string, string> };
    }
    return undefined;
  };
  const server = http.createServer((req, res) => {
    const m = match(req.method ?? "GET", (req.url ?? "/").split("?")[0]);
    if (!m) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "not_found", message: "No such route." } }));
      return;
    }
    nodeHandle(m.route.handler, req, res, m.params).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
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
