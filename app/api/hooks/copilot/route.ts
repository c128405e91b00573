import { nextRoute } from "@/lib/http/api";
import { copilotHookHandler } from "@/lib/decisions/hooks";

export const dynamic = "force-dynamic";

export const POST = nextRoute(copilotHookHandler);
