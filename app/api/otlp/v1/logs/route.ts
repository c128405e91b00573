import { nextRoute } from "@/lib/http/api";
import { otlpLogsApi } from "@/lib/telemetry/api";

export const dynamic = "force-dynamic";
export const POST = nextRoute(otlpLogsApi);
