import http from "node:http";
import type { AddressInfo } from "node:net";
import { API_ROUTES, createMatcher } from "@/lib/server/api-routes";
import { nodeHandle } from "@/lib/http/api";
import { setProcessDb, type DbHandle } from "@/db/client";

/**
 * Serves the real machine API (every route of API_ROUTES, on the same adapter server.ts
 * uses) on a free loopback port against the given database. Tests talk real HTTP to it.
 */
export async function startTestApi(handle: DbHandle) {
  setProcessDb(handle);
  const match = createMatcher(API_ROUTES);
  const server = http.createServer((req, res) => {
    const m = match(req.method ?? "GET", (req.url ?? "/").split("?")[0]);
    if (!m) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "not_found", message: "No such route." } }));
      return;
    }
    nodeHandle(m.route.handler, req, res, m.params).catch(() => {
      // A stream that fails after its headers went out cannot become a 500 any more: cut the
      // connection so the client sees a failed transfer instead of hanging.
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal_error", message: "Something went wrong on our side." } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    async request(method: string, path: string, opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.raw !== undefined) body = opts.raw;
      else if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
      const res = await fetch(base + path, { method, headers, body });
      const text = await res.text();
      let json: unknown = undefined;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json: json as any };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
