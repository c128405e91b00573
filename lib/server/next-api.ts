// The route table behind Next: app/api/[...path]/route.ts hands every /api request (other than
// next-auth's) to this, which matches method + path with the matcher the node:http dispatcher
// uses and runs the route through the Web Request adapter (lib/http/api.ts webHandle).
import { defineApi, json, toWebResponse, webHandle, type ApiHandler, type RouteOptions } from "@/lib/http/api";
import { AppError, badRequest, errorBody } from "@/lib/http/errors";
import { pathProblem } from "@/lib/http/request-target";
import { createMatcher, type ApiRoute, type RouteHooks, type SessionCheck } from "./routes";

export interface NextApiOptions extends RouteHooks {
  routes: readonly ApiRoute[];
  /** The signed-in person of the request (routes declared "bearer-or-session"). */
  session: SessionCheck;
}

const unknownRoute = defineApi(async (req) => json(404, { error: { code: "not_found", message: `No API route ${req.method} ${req.url.pathname}.` } }));

/** The session path of a "bearer-or-session" route, as a handler of its own (same error bodies). */
function sessionHandler(route: Extract<ApiRoute, { auth: "bearer-or-session" }>, check: SessionCheck): ApiHandler & { options?: RouteOptions } {
  const s = route.session;
  return defineApi(async (req) => {
    const auth = await check(s.permission);
    if (!auth.ok) throw auth.status === 401 ? new AppError(401, "unauthorized", s.unauthorized) : new AppError(403, "forbidden", s.forbidden);
    return s.handler(req, auth.user);
  }, route.handler.options);
}

export function createNextApi({ routes, session, onRefusal }: NextApiOptions) {
  const match = createMatcher(routes);
  const viaSession = new Map<ApiRoute, ApiHandler & { options?: RouteOptions }>();
  for (const r of routes) if (r.auth === "bearer-or-session") viaSession.set(r, sessionHandler(r, session));
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    // the dispatcher has refused these already; Next may be reached without it (next dev)
    const problem = pathProblem(url.pathname + url.search);
    if (problem) return toWebResponse({ status: 400, body: errorBody(badRequest(problem)) });
    const m = match(request.method, url.pathname);
    if (!m) return webHandle(unknownRoute, request, {}, onRefusal);
    const human = !request.headers.get("authorization") ? viaSession.get(m.route) : undefined;
    return webHandle(human ?? m.route.handler, request, m.params, onRefusal);
  };
}
