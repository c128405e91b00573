import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { API_HOOKS, API_ROUTES } from "@/lib/server/api-routes";
import { apiNotFound, createDispatcher } from "@/lib/server/dispatch";
import { createNextApi } from "@/lib/server/next-api";
import type { SessionCheck } from "@/lib/server/routes";
import { parseTrustedProxies } from "@/lib/http/client-address";
import { setProcessDb, type DbHandle } from "@/db/client";

/**
 * Which adapter answers the routes: "lean" serves every route of API_ROUTES on node:http (as
 * server.ts serves its lean ones); "next" hands every request to the route table behind Next's
 * catch-all (lib/server/next-api.ts, as app/api/[...path]/route.ts does) as the Web `Request`
 * Next would build — what GATEHOUSE_LEAN_API=0 serves. Both behind the one dispatcher.
 */
export type TestAdapter = "lean" | "next";

/** Nobody is signed in (tests that need a person call the catch-all route module directly). */
const noSession: SessionCheck = async () => ({ ok: false, status: 401 });

function webRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

async function writeWeb(res: ServerResponse, answer: Response) {
  const headers: Record<string, string> = {};
  answer.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(answer.status, headers);
  if (answer.body) for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

/**
 * Serves the real machine API (every route of API_ROUTES, through the dispatcher server.ts uses
 * and the chosen adapter) on a free loopback port against the given database. Tests talk real
 * HTTP to it.
 */
export async function startTestApi(handle: DbHandle, opts: { trustedProxies?: string; adapter?: TestAdapter } = {}) {
  setProcessDb(handle);
  const trustedProxies = parseTrustedProxies(opts.trustedProxies);
  let listener;
  if (opts.adapter === "next") {
    const serve = createNextApi({ routes: API_ROUTES, ...API_HOOKS, session: noSession });
    const fallback = (req: IncomingMessage, res: ServerResponse) =>
      void serve(webRequest(req))
        .then((answer) => writeWeb(res, answer))
        .catch(() => res.destroy());
    listener = createDispatcher({ routes: [], fallback, trustedProxies });
  } else {
    // the dispatcher server.ts uses (client address, request-target checks), every route lean
    listener = createDispatcher({ routes: API_ROUTES, ...API_HOOKS, fallback: apiNotFound, trustedProxies });
  }
  const server = http.createServer(listener);
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
