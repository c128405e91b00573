import { nextRoute } from "@/lib/http/api";
import { getPolicyHandler, putPolicyHandler } from "@/lib/decisions/api";

export const dynamic = "force-dynamic";

export const GET = nextRoute(getPolicyHandler);
export const PUT = nextRoute(putPolicyHandler);
