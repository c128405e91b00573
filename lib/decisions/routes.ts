import type { ApiRoute } from "@/lib/server/api-routes";
import { decisionsHandler } from "./api";
import { approvalHandler } from "@/lib/approvals/api";
import { getPolicyHandler, putPolicyHandler } from "@/lib/policy/api";
import { claudeCodeHookHandler, copilotHookHandler, cursorHookHandler } from "./hooks";
import { hookClientHandler } from "@/lib/hooks/client-file";

/** Machine routes of this domain (see API.md); collected by lib/server/api-routes.ts. */
export const decisionsRoutes: ApiRoute[] = [
  // Hot path: served on plain node:http by server.ts (see BENCHMARKS / bench/decisions.ts).
  { method: "POST", path: "/api/v1/decisions", handler: decisionsHandler, lean: true },
  { method: "POST", path: "/api/hooks/claude-code", handler: claudeCodeHookHandler, lean: true },
  { method: "POST", path: "/api/hooks/cursor", handler: cursorHookHandler, lean: true },
  { method: "POST", path: "/api/hooks/copilot", handler: copilotHookHandler, lean: true },
  { method: "GET", path: "/api/hooks/client", handler: hookClientHandler },
  { method: "GET", path: "/api/v1/approvals/:id", handler: approvalHandler, lean: true },
  { method: "GET", path: "/api/v1/policies", handler: getPolicyHandler },
  { method: "PUT", path: "/api/v1/policies", handler: putPolicyHandler },
];
