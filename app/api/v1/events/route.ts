import { nextRoute } from "@/lib/http/api";
import { eventsApi } from "@/lib/audit/api";

export const POST = nextRoute(eventsApi);
