// The shape of a route declaration and the one matcher both adapters use (lib/server/dispatch.ts
// on node:http, lib/server/next-api.ts behind Next's catch-all). No domain imports here: the
// route table itself is lib/server/api-routes.ts.
import type { ApiHandler, ApiRequest, ApiResult, RefusalHook, RouteOptions } from "@/lib/http/api";
import type { Permission } from "@/lib/auth/permissions";

/** A signed-in person, as far as a route declared "bearer-or-session" needs to know. */
export interface SessionPerson {
  id: string;
  email: string;
}

/** Resolves the person of the request's session (Next only: it reads the session cookie). */
export type SessionCheck = (permission: Permission) => Promise<{ ok: true; user: SessionPerson } | { ok: false; status: 401 | 403 }>;

interface RouteBase {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path with :params, e.g. /api/v1/agents/:id/kill */
  path: string;
  /** The machine (bearer token) handler. */
  handler: ApiHandler & { options?: RouteOptions };
  /** Served by server.ts on plain node:http ahead of Next (agents' hot path). */
  lean?: boolean;
}

/**
 * How a route authenticates. "bearer" (the default; the handler authenticates the token or the
 * webhook signature itself). "bearer-or-session": a request with an Authorization header goes
 * to `handler`; one without it is a signed-in person's, who needs `session.permission`
 * (through Next, which has the session cookie; the lean path answers it as the bearer route: 401).
 */
export type ApiRoute = RouteBase &
  (
    | { auth?: "bearer" }
    | {
        auth: "bearer-or-session";
        session: {
          permission: Permission;
          /** The 401 and 403 messages of the session path. */
          unauthorized: string;
          forbidden: string;
          handler: (req: ApiRequest, person: SessionPerson) => Promise<ApiResult>;
        };
      }
  );

/** What the route table wires into both adapters (the HTTP layer imports no domain code). */
export interface RouteHooks {
  /** Every error answer of a route (auth.denied is recorded from the 401/403 to bearer tokens). */
  onRefusal?: RefusalHook;
}

export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

interface Compiled {
  route: ApiRoute;
  re: RegExp;
  names: string[];
}

function compile(routes: readonly ApiRoute[]): Compiled[] {
  return routes.map((route) => {
    const names: string[] = [];
    const re = new RegExp(
      "^" +
        route.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:([a-zA-Z_]+)/g, (_, n: string) => {
          names.push(n);
          return "([^/]+)";
        }) +
        "/?$",
    );
    return { route, re, names };
  });
}

export function createMatcher(routes: readonly ApiRoute[]) {
  const compiled = compile(routes);
  return (method: string, pathname: string): RouteMatch | undefined => {
    for (const c of compiled) {
      if (c.route.method !== method) continue;
      const m = c.re.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { route: c.route, params };
    }
    return undefined;
  };
}
