import { nextRoute } from "@/lib/http/api";
import { claudeCodeHookHandler } from "@/lib/decisions/hooks";

export const dynamic = "force-dynamic";

export const POST = nextRoute(claudeCodeHookHandler);
