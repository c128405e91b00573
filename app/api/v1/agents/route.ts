import { nextRoute } from "@/lib/http/api";
import { createAgentHandler, listAgentsHandler } from "@/lib/registry/api";

export const dynamic = "force-dynamic";
export const GET = nextRoute(listAgentsHandler);
export const POST = nextRoute(createAgentHandler);
