import { nextRoute } from "@/lib/http/api";
import { cursorHookHandler } from "@/lib/decisions/hooks";

export const dynamic = "force-dynamic";

export const POST = nextRoute(cursorHookHandler);
