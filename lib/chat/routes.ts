import type { ApiRoute } from "@/lib/server/api-routes";
import { slackInteractionsHandler } from "./interactions";
import { chatOpenHandler } from "./links";

/** Machine routes of the chat integration (see API.md); collected by lib/server/api-routes.ts. */
export const chatRoutes: ApiRoute[] = [
  { method: "POST", path: "/api/chat/slack/interactions", handler: slackInteractionsHandler },
  { method: "GET", path: "/api/chat/open", handler: chatOpenHandler },
];
