import type { ApiRoute } from "@/lib/server/api-routes";
import {
  createAgentHandler,
  createTeamHandler,
  getAgentHandler,
  issueTokenHandler,
  killHandler,
  listAgentsHandler,
  listTeamsHandler,
  resumeHandler,
} from "./api";

/** Machine routes of this domain (see API.md); collected by lib/server/api-routes.ts. */
export const registryRoutes: ApiRoute[] = [
  { method: "POST", path: "/api/v1/teams", handler: createTeamHandler },
  { method: "GET", path: "/api/v1/teams", handler: listTeamsHandler },
  { method: "GET", path: "/api/v1/agents", handler: listAgentsHandler },
  { method: "POST", path: "/api/v1/agents", handler: createAgentHandler },
  { method: "GET", path: "/api/v1/agents/:id", handler: getAgentHandler },
  { method: "POST", path: "/api/v1/agents/:id/tokens", handler: issueTokenHandler },
  { method: "POST", path: "/api/v1/agents/:id/kill", handler: killHandler },
  { method: "POST", path: "/api/v1/agents/:id/resume", handler: resumeHandler },
];
