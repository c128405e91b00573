import http from "node:http";
import type { AddressInfo } from "node:net";
import { API_ROUTES } from "@/lib/server/api-routes";
import { apiNotFound, createDispatcher } from "@/lib/server/dispatch";
import { parseTrustedProxies } from "@/lib/http/client-address";
import { setProcessDb, type DbHandle } from "@/db/client";

/**
 * Serves the real machine API (every route of API_ROUTES, on the same adapter server.ts
 * uses) on a free loopback port against the given database. Tests talk real HTTP to it.
 */
export async function startTestApi(handle: DbHandle, opts: { trustedProxies?: string } = {}) {
  setProcessDb(handle);
  // the dispatcher server.ts uses (client address, request-target checks), every route lean
  const server = http.createServer(
    createDispatcher({ routes: API_ROUTES, fallback: apiNotFound, trustedProxies: parseTrustedProxies(opts.trustedProxies) }),
  );
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
