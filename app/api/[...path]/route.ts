import { checkPermission } from "@/lib/auth/session";
import { API_HOOKS, API_ROUTES } from "@/lib/server/api-routes";
import { createNextApi } from "@/lib/server/next-api";

// Every machine route, served through Next from the one route table (lib/server/api-routes.ts)
// when the lean path does not answer it; unknown /api paths get the API.md 404 body. Routes
// declared "bearer-or-session" (the audit export and verify) take a signed-in person here.
const serve = createNextApi({ routes: API_ROUTES, ...API_HOOKS, session: checkPermission });

export const dynamic = "force-dynamic";
export { serve as GET, serve as POST, serve as PUT, serve as PATCH, serve as DELETE };
