import { nextRoute } from "@/lib/http/api";
import { healthHandler } from "@/lib/health";

export const dynamic = "force-dynamic";
export const GET = nextRoute(healthHandler);
