import { nextRoute } from "@/lib/http/api";
import { decisionsHandler } from "@/lib/decisions/api";

export const dynamic = "force-dynamic";

export const POST = nextRoute(decisionsHandler);
