import type { ApiRoute } from "@/lib/server/api-routes";
import { eventsApi, exportApi, verifyApi } from "./api";

/** Machine routes of this domain (see API.md); collected by lib/server/api-routes.ts. */
export const auditRoutes: ApiRoute[] = [
  // The agents' hot path: plain node:http ahead of Next. Body limit 5 MiB (API.md).
  { method: "POST", path: "/api/v1/events", handler: eventsApi, lean: true },
  // Not lean: signed-in people use these through the Next routes (session cookie).
  { method: "GET", path: "/api/v1/audit/verify", handler: verifyApi },
  { method: "GET", path: "/api/v1/audit/export", handler: exportApi },
];
