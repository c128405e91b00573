import { nextRoute } from "@/lib/http/api";
import { otlpMetricsApi } from "@/lib/telemetry/api";

export const dynamic = "force-dynamic";
export const POST = nextRoute(otlpMetricsApi);
