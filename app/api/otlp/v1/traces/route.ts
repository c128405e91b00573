import { nextRoute } from "@/lib/http/api";
import { otlpTracesApi } from "@/lib/telemetry/api";

export const dynamic = "force-dynamic";
export const POST = nextRoute(otlpTracesApi);
