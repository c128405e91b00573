import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { AppError, badRequest, errorBody, toAppError, zodDetails } from "./errors";
import { rateLimit } from "./rate-limit";
import { MAX_JSON_DEPTH } from "@/lib/security/json-guard";
import { bearerKey, bearerToken } from "./bearer";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { controlIn } from "./request-target";
import { parseJsonBytes } from "./json-off-loop";
import type { ParsedBody } from "./json-body";
import { admitLargeBodies, LARGE_BODY_BYTES } from "./body-admission";
import { SECURITY_HEADERS } from "./security-headers";

/**
 * Machine routes are written once against this small request/response shape and served both
 * as Next.js route handlers and on the lean Node HTTP path (server.ts) for the hot routes.
 */
export interface ApiRequest {
  method: string;
  url: URL;
  header(name: string): string | undefined;
  /** The client's address as lib/http/client-address.ts resolves it (never a client's claim). */
  ip: string;
  /** The raw body, read at most once, refused with 413 past the route's limit. */
  bodyText(): Promise<string>;
  /** The raw body as bytes (binary formats such as OTLP protobuf); same limit, read at most once. */
  bodyBytes(): Promise<Buffer>;
  /**
   * The route table's refusal hook (set by the adapter): defineApi calls it with every error
   * answer; handlers that answer a refusal in their own format (hooks' deny) call it themselves.
   */
  refused?: RefusalHook;
}

/** Told about every error answer (lib/auth/denied.ts records 401/403 to bearer tokens); must not throw. */
export type RefusalHook = (req: ApiRequest, refusal: { status: number; code: string }) => void;

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Streaming answers (exports): chunks written as they come. */
  stream?: AsyncIterable<string>;
  contentType?: string;
}

export type ApiHandler = (req: ApiRequest, params: Record<string, string>) => Promise<ApiResult>;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface RouteOptions {
  bodyLimit?: number;
  /**
   * Per route, once per client address and once more per bearer token (the whole token, hashed:
   * a different header is a different token, which needs its own 401 from the same address);
   * default 200/s, bursts of 400. `false`: the handler limits itself with `limitCaller` (hook
   * routes must answer a limit as a deny in the client's format, never a 429 it would ignore).
   */
  rateLimit?: { perSecond: number; burst: number } | false;
}

export const DEFAULT_RATE_LIMIT = { perSecond: 200, burst: 400 };
let routeIds = 0;

/** Wraps a handler so that every failure becomes the API.md error body, never a stack trace. */
export function defineApi(handler: ApiHandler, options: RouteOptions = {}): ApiHandler & { options: RouteOptions } {
  const id = ++routeIds;
  const wrapped = async (req: ApiRequest, params: Record<string, string>) => {
    // read per request: tests of the throttling lower the default for a while
    const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    try {
      // Keyed on what a caller cannot choose: the address (rotating the Authorization header
      // does not reset it) and the token itself (a token spread over many addresses).
      if (limit) limitCaller(`route${id}`, req, limit);
      // large bodies: one in processing per caller, within a byte budget (H16, lib/http/body-admission.ts)
      const admitted = admitLargeBodies(req);
      return await handler(admitted.req, params).finally(admitted.release);
    } catch (err) {
      const e = toAppError(err);
      req.refused?.(req, e); // the route table's hook: 401/403 to a bearer token → auth.denied
      return { status: e.status, body: errorBody(e), headers: e.headers };
    }
  };
  return Object.assign(wrapped, { options });
}

/** The per-route limits of one request: by client address, then by bearer token; throws a 429 AppError. */
export function limitCaller(route: string, req: ApiRequest, limit: { perSecond: number; burst: number }) {
  rateLimit(`${route}:ip:${req.ip}`, limit.perSecond, limit.burst);
  const token = bearerToken(req);
  if (token) rateLimit(`${route}:token:${bearerKey(token)}`, limit.perSecond, limit.burst);
}

export function json(status: number, body: unknown, headers?: Record<string, string>): ApiResult {
  return { status, body, headers };
}

/**
 * The body as JSON with the guards every route needs (json-body.ts): media type (415), valid JSON
 * (400), unstorable text made storable, and whether it nests deeper than MAX_JSON_DEPTH (the
 * caller refuses it in its own words). From OFF_LOOP_BYTES the bytes are decoded and parsed on a
 * worker thread (json-off-loop.ts): other requests keep being answered meanwhile.
 */
export async function readJsonBody(req: ApiRequest): Promise<ParsedBody> {
  const bytes = await req.bodyBytes();
  const ct = req.header("content-type");
  if (ct && !/^application\/(.+\+)?json\b/i.test(ct)) {
    throw new AppError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  try {
    return await parseJsonBytes(bytes);
  } catch (e) {
    if (e instanceof SyntaxError) throw badRequest("The body is not valid JSON.");
    throw e;
  }
}

/** Parses the body as JSON and validates it; 400 invalid_request with the failing fields. */
export async function readJson<S extends z.ZodType>(req: ApiRequest, schema: S): Promise<z.infer<S>> {
  const { value, tooDeep } = await readJsonBody(req);
  // code behind the schema recurses (hashing, redaction), so absurd nesting is refused here
  if (tooDeep) throw badRequest(`The body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest("The request body does not match the schema.", zodDetails(parsed.error.issues));
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(req: ApiRequest, schema: S): z.infer<S> {
  const obj: Record<string, string> = {};
  req.url.searchParams.forEach((v, k) => (obj[k] = v));
  const parsed = schema.safeParse(obj);
  if (!parsed.success) throw badRequest("Invalid query parameters.", zodDetails(parsed.error.issues));
  return parsed.data;
}

function tooLarge(limit: number) {
  return new AppError(413, "payload_too_large", `The body is larger than ${limit} bytes.`);
}

async function readLimited(chunks: AsyncIterable<Uint8Array>, limit: number, declared?: string): Promise<Buffer> {
  if (declared && Number(declared) > limit) throw tooLarge(limit);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of chunks) {
    size += c.byteLength;
    if (size > limit) throw tooLarge(limit);
    parts.push(Buffer.from(c));
  }
  return Buffer.concat(parts);
}

// ---- Web Request adapter (what Next passes to a route handler) ----

/**
 * Runs a handler for a Web `Request`. The client address is the one the dispatcher resolved
 * (lib/server/dispatch.ts sets CLIENT_ADDRESS_HEADER on every request, replacing any sent);
 * X-Forwarded-For is never read here.
 */
export async function webHandle(
  handler: ApiHandler & { options?: RouteOptions },
  request: Request,
  params: Record<string, string> = {},
  refused?: RefusalHook,
): Promise<Response> {
  const limit = handler.options?.bodyLimit ?? DEFAULT_BODY_LIMIT;
  // Next has decoded the params; a NUL would reach PostgreSQL (a 500) — refused like the lean path.
  if (Object.values(params).some(controlIn)) return toWebResponse({ status: 400, body: errorBody(badRequest("The path contains control characters.")) });
  let consumed = false;
  const readBytes = async () => {
    if (consumed) throw new Error("body already read");
    consumed = true;
    if (!request.body) return Buffer.alloc(0);
    return readLimited(request.body as unknown as AsyncIterable<Uint8Array>, limit, request.headers.get("content-length") ?? undefined);
  };
  const req: ApiRequest = {
    method: request.method,
    url: new URL(request.url),
    header: (n) => request.headers.get(n) ?? undefined,
    ip: request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown",
    bodyText: async () => (await readBytes()).toString("utf8"),
    bodyBytes: () => readBytes(),
    refused,
  };
  return toWebResponse(await handler(req, params));
}

/** A handler as a Next route handler export (params from Next's route segments). */
export function nextRoute(handler: ApiHandler & { options?: RouteOptions }, refused?: RefusalHook) {
  return async (request: Request, ctx?: { params?: Promise<Record<string, string | string[]>> }) => {
    const params: Record<string, string> = {};
    const p = ctx?.params ? await ctx.params : {};
    for (const [k, v] of Object.entries(p)) params[k] = Array.isArray(v) ? v.join("/") : v;
    return webHandle(handler, request, params, refused);
  };
}

export function toWebResponse(result: ApiResult): Response {
  const headers = new Headers(SECURITY_HEADERS);
  for (const [k, v] of Object.entries(result.headers ?? {})) headers.set(k, v);
  if (result.stream) {
    headers.set("content-type", result.contentType ?? "application/octet-stream");
    const it = result.stream[Symbol.asyncIterator]();
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { value, done } = await it.next();
          if (done) controller.close();
          else controller.enqueue(enc.encode(value));
        } catch {
          controller.error(new Error("stream failed"));
        }
      },
      async cancel() {
        await it.return?.();
      },
    });
    return new Response(body, { status: result.status, headers });
  }
  if (result.body === undefined) return new Response(null, { status: result.status, headers });
  headers.set("content-type", result.contentType ?? "application/json");
  // binary answers (OTLP protobuf) go out as they are
  const text = Buffer.isBuffer(result.body) ? new Uint8Array(result.body) : typeof result.body === "string" ? result.body : JSON.stringify(result.body);
  return new Response(text, { status: result.status, headers });
}

// ---- Lean Node HTTP adapter (hot path) ----

/** The body of a node:http request with 'data'/'end' events (cheaper than async iteration on the hot path). */
function readNodeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.byteLength;
      if (size > limit) {
        cleanup();
        req.resume(); // drain the rest so keep-alive stays usable
        reject(tooLarge(limit));
        return;
      }
      parts.push(c);
    };
    const onEnd = () => {
      cleanup();
      resolve(parts.length === 1 ? parts[0] : Buffer.concat(parts));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onClose = () => {
      cleanup();
      reject(new Error("the client closed the connection"));
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

export async function nodeHandle(
  handler: ApiHandler & { options?: RouteOptions },
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string> = {},
  refused?: RefusalHook,
) {
  const limit = handler.options?.bodyLimit ?? DEFAULT_BODY_LIMIT;
  let consumed = false;
  const apiReq: ApiRequest = {
    method: req.method ?? "GET",
    url: new URL(req.url ?? "/", "http://localhost"),
    header: (n) => {
      const v = req.headers[n.toLowerCase()];
      return Array.isArray(v) ? v.join(", ") : v;
    },
    ip: (req.headers[CLIENT_ADDRESS_HEADER] as string | undefined) ?? req.socket.remoteAddress ?? "unknown",
    bodyText: async () => {
      if (consumed) throw new Error("body already read");
      consumed = true;
      return (await readNodeBody(req, limit)).toString("utf8");
    },
    bodyBytes: async () => {
      if (consumed) throw new Error("body already read");
      consumed = true;
      return readNodeBody(req, limit);
    },
    refused,
  };
  const result = await handler(apiReq, params);
  const headers: Record<string, string> = { ...SECURITY_HEADERS, ...result.headers };
  if (result.stream) {
    res.writeHead(result.status, { ...headers, "content-type": result.contentType ?? "application/octet-stream" });
    for await (const chunk of result.stream) {
      if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
    }
    res.end();
    return;
  }
  if (result.body === undefined) {
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  const text = Buffer.isBuffer(result.body) ? result.body : typeof result.body === "string" ? result.body : JSON.stringify(result.body);
  headers["content-type"] = result.contentType ?? "application/json";
  headers["content-length"] = String(Buffer.byteLength(text));
  const unread = consumed ? undefined : unreadBody(req);
  if (unread === "large") {
    headers.connection = "close";
    lingerThenClose(req, res);
  }
  res.writeHead(result.status, headers);
  res.end(text);
  // a small body the handler did not read is drained so keep-alive stays usable
  if (unread === "small") req.resume();
}

/** How long the socket of a large body answered unread stays open, unread, after the answer. */
export const UNREAD_BODY_LINGER_MS = 1000;

/** Whether a request's body is still (partly) unread, and whether it is large (LARGE_BODY_BYTES or more declared, or chunked). */
function unreadBody(req: IncomingMessage): "large" | "small" | undefined {
  if (req.complete) return undefined;
  const declared = req.headers["content-length"];
  if (declared === undefined) return req.headers["transfer-encoding"] !== undefined ? "large" : undefined;
  return Number(declared) >= LARGE_BODY_BYTES ? "large" : "small";
}

/**
 * A large body answered unread (a 429 before the body, a refusal, an early error) is not drained:
 * draining megabytes from the socket cost the event loop for every refused body (issue 16). The
 * answer says `Connection: close` (a client that managed to write the whole body would otherwise
 * send its next request on a socket about to close: ECONNRESET), and the close lingers: after the
 * answer the socket sends its FIN, stops reading and is destroyed UNREAD_BODY_LINGER_MS later.
 * node:http's own close (destroySoon) would destroy it at once with unread bytes in the kernel,
 * which resets the connection, and undici's fetch then fails with EPIPE instead of returning the
 * answer. Clients still sending read the answer meanwhile (fetch, node:http and curl:
 * lib/http/api.int.test.ts).
 */
function lingerThenClose(req: IncomingMessage, res: ServerResponse) {
  const socket = req.socket;
  // node:http calls destroySoon after the last answer on a connection; this one closes gently
  socket.destroySoon = function lingeringClose(this: typeof socket) {
    this.end();
    setTimeout(() => this.destroy(), UNREAD_BODY_LINGER_MS).unref();
  };
  // after node:http's own 'finish' listener, which resumes an unread request to dump it
  res.once("finish", () => {
    req.pause();
    socket.pause();
  });
}
