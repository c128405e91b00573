// The one request listener in front of everything (server.ts, and startTestApi in tests): it
// fixes who the client is, refuses request targets no router can handle, answers the lean machine
// routes on plain node:http and hands the rest to Next (or, in tests, a 404).
import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeHandle } from "@/lib/http/api";
import { CLIENT_ADDRESS_HEADER, clientAddress, type TrustedProxies } from "@/lib/http/client-address";
import { originHost, pathProblem } from "@/lib/http/request-target";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";
import { createMatcher, type ApiRoute, type RouteHooks } from "./routes";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface DispatchOptions extends RouteHooks {
  /** Served on node:http ahead of `fallback`. */
  routes: readonly ApiRoute[];
  /** Everything else: Next's request handler in server.ts. */
  fallback: Listener;
  trustedProxies: TrustedProxies;
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string) {
  const api = (req.url ?? "").startsWith("/api/");
  const text = api ? JSON.stringify({ error: { code, message } }) : message;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": api ? "application/json" : "text/plain; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    // the body of the refused request is not read: do not keep the connection for the next one
    connection: "close",
  });
  res.end(text);
  req.resume();
}

/**
 * Next answers a server action whose Origin is not the Host with a 500 (and throws on an Origin
 * that is not a URL). A browser sends Origin on every POST, so a cross-origin one is a forged
 * request: refused here with a 403 before Next runs. Without Origin (non-browser clients) Next
 * decides as before.
 */
function crossOriginPost(req: IncomingMessage, peerTrusted: boolean): "ok" | "foreign" | "malformed" {
  if (req.method !== "POST" || (req.url ?? "").startsWith("/api/")) return "ok";
  const origin = req.headers.origin;
  if (origin === undefined) return "ok";
  const host = originHost(origin);
  if (!host) return "malformed";
  const fwd = peerTrusted ? req.headers["x-forwarded-host"] : undefined;
  const expected = (typeof fwd === "string" && fwd ? fwd.split(",")[0] : (req.headers.host ?? "")).trim().toLowerCase();
  return host === expected ? "ok" : "foreign";
}

export function createDispatcher({ routes, fallback, trustedProxies, onRefusal }: DispatchOptions): Listener {
  const match = createMatcher(routes);
  return (req, res) => {
    const peerTrusted = trustedProxies.has(req.socket.remoteAddress ?? "");
    // Replaced on every request: downstream code (the Next adapter, sign-in) reads only this.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies);
    // Next compares a server action's Origin with X-Forwarded-Host when present: only a trusted
    // proxy may set it.
    if (!peerTrusted) delete req.headers["x-forwarded-host"];

    const problem = pathProblem(req.url ?? "/");
    if (problem) return refuse(req, res, 400, "invalid_request", problem);
    const origin = crossOriginPost(req, peerTrusted);
    if (origin === "malformed") return refuse(req, res, 400, "invalid_request", "The Origin header is not an origin.");
    if (origin === "foreign") return refuse(req, res, 403, "forbidden", "Cross-origin requests are not accepted.");

    const m = match(req.method ?? "GET", (req.url ?? "/").split("?")[0]);
    if (!m) return fallback(req, res);
    nodeHandle(m.route.handler, req, res, m.params, onRefusal).catch(() => {
      // A stream that fails after its headers must not look complete: cut the connection.
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { ...SECURITY_HEADERS, "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal_error", message: "Something went wrong on our side." } }));
    });
  };
}

/** The 404 of a server that has no Next behind it (tests). */
export const apiNotFound: Listener = (req, res) => {
  res.writeHead(404, { ...SECURITY_HEADERS, "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code: "not_found", message: "No such route." } }));
};
