import { nextRoute } from "@/lib/http/api";
import { hookClientHandler } from "@/lib/hooks/client-file";

export const dynamic = "force-dynamic";

export const GET = nextRoute(hookClientHandler);
