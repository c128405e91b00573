import { healthHandler } from "@/lib/health";
import { noteAuthDenied } from "@/lib/auth/denied";
import { registryRoutes } from "@/lib/registry/routes";
import { decisionsRoutes } from "@/lib/decisions/routes";
import { auditRoutes } from "@/lib/audit/routes";
import { changesRoutes } from "@/lib/changes/routes";
import { violationsRoutes } from "@/lib/violations/routes";
import { telemetryRoutes } from "@/lib/telemetry/routes";
import { chatRoutes } from "@/lib/chat/routes";
import type { ApiRoute, RouteHooks } from "./routes";

export type { ApiRoute, RouteHooks, RouteMatch } from "./routes";
export { createMatcher } from "./routes";

/**
 * Every machine route, in one table, served from this declaration by both adapters: the lean
 * node:http path (lib/server/dispatch.ts; server.ts serves the `lean` ones there, tests all of
 * them) and Next, through the catch-all app/api/[...path]/route.ts (lib/server/next-api.ts) —
 * `GATEHOUSE_LEAN_API=0` serves the identical API through Next. Domains add their routes here.
 */
export const API_ROUTES: ApiRoute[] = [
  { method: "GET", path: "/api/health", handler: healthHandler, lean: true },
  ...registryRoutes,
  ...decisionsRoutes,
  ...auditRoutes,
  ...changesRoutes,
  ...violationsRoutes,
  ...telemetryRoutes,
  ...chatRoutes,
];

/** Wired into both adapters with the table: a refused bearer token → auth.denied (throttled, in the background). */
export const API_HOOKS: RouteHooks = { onRefusal: noteAuthDenied };
