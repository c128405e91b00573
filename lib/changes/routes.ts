import type { ApiRoute } from "@/lib/server/api-routes";
import { githubWebhook } from "@/lib/github/webhook";
import { postCiRun, postDefect } from "./api";

/** Machine routes of this domain (see API.md); collected by lib/server/api-routes.ts. */
export const changesRoutes: ApiRoute[] = [
  { method: "POST", path: "/api/webhooks/github", handler: githubWebhook },
  { method: "POST", path: "/api/v1/ci/runs", handler: postCiRun },
  { method: "POST", path: "/api/v1/defects", handler: postDefect },
];
