import type { ApiHandler, RouteOptions } from "@/lib/http/api";
import { healthHandler } from "@/lib/health";
import { registryRoutes } from "@/lib/registry/routes";
import { decisionsRoutes } from "@/lib/decisions/routes";
import { auditRoutes } from "@/lib/audit/routes";
import { changesRoutes } from "@/lib/changes/routes";
import { violationsRoutes } from "@/lib/violations/routes";
import { telemetryRoutes } from "@/lib/telemetry/routes";

export interface ApiRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path with :params, e.g. /api/v1/agents/:id/kill */
  path: string;
  handler: ApiHandler & { options?: RouteOptions };
  /** Served by server.ts on plain node:http ahead of Next (agents' hot path). */
  lean?: boolean;
}

/**
 * Every machine route, in one table. Each is also exposed as a Next route handler under
 * app/api (a one-line file using nextRoute), so `GATEHOUSE_LEAN_API=0` serves the identical
 * API through Next for side-by-side measurement; tests serve this table on plain node:http.
 * Domains add their routes here.
 */
export const API_ROUTES: ApiRoute[] = [
  { method: "GET", path: "/api/health", handler: healthHandler, lean: true },
  ...registryRoutes,
  ...decisionsRoutes,
  ...auditRoutes,
  ...changesRoutes,
  ...violationsRoutes,
  ...telemetryRoutes,
];

export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

interface Compiled {
  route: ApiRoute;
  re: RegExp;
  names: string[];
}

function compile(routes: ApiRoute[]): Compiled[] {
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

export function createMatcher(routes: ApiRoute[] = API_ROUTES) {
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
