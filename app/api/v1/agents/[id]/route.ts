import { nextRoute } from "@/lib/http/api";
import { getAgentHandler } from "@/lib/registry/api";

export const dynamic = "force-dynamic";
export const GET = nextRoute(getAgentHandler);
