import type { ApiRoute } from "@/lib/server/api-routes";
import { otlpLogsApi, otlpMetricsApi, otlpTracesApi } from "./api";

/** The OTLP/HTTP receiver (lean: exporters post every few seconds from every agent). */
export const telemetryRoutes: ApiRoute[] = [
  { method: "POST", path: "/api/otlp/v1/metrics", handler: otlpMetricsApi, lean: true },
  { method: "POST", path: "/api/otlp/v1/logs", handler: otlpLogsApi, lean: true },
  { method: "POST", path: "/api/otlp/v1/traces", handler: otlpTracesApi, lean: true },
];
