import type { ApiRoute } from "@/lib/server/api-routes";

/** Machine routes of this domain (see API.md); collected by lib/server/api-routes.ts. */
export const auditRoutes: ApiRoute[] = [];
