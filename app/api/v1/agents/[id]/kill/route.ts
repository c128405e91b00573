import { nextRoute } from "@/lib/http/api";
import { killHandler } from "@/lib/registry/api";

export const dynamic = "force-dynamic";
export const POST = nextRoute(killHandler);
