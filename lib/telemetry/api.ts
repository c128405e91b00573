import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { getDb } from "@/lib/db";
import { authenticateMachine, requireAgentMayAct, requireScope } from "@/lib/auth/machine";
import { defineApi, type ApiRequest, type ApiResult } from "@/lib/http/api";
import { AppError, badRequest } from "@/lib/http/errors";
import { ingestOtlp } from "./ingest";
import { OtlpDecodeError, decodeJson, decodeProtobuf, encodeResponse, type Signal } from "./otlp";

const gunzipAsync = promisify(gunzip);

/** Largest body as sent (compressed or not) and once decompressed. */
export const MAX_OTLP_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_OTLP_DECOMPRESSED_BYTES = 16 * 1024 * 1024;

type Format = "json" | "protobuf";

function formatOf(req: ApiRequest): Format {
  const ct = (req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (ct === "application/x-protobuf" || ct === "application/protobuf") return "protobuf";
  if (ct === "application/json") return "json";
  throw new AppError(415, "unsupported_media_type", "Send OTLP as application/x-protobuf or application/json.");
}

async function bodyOf(req: ApiRequest): Promise<Buffer> {
  const raw = await req.bodyBytes();
  const enc = (req.header("content-encoding") ?? "identity").trim().toLowerCase();
  if (enc === "identity" || enc === "") return raw;
  if (enc !== "gzip") throw new AppError(415, "unsupported_media_type", "Content-Encoding must be gzip or none.");
  try {
    // the limit bounds a decompression bomb: zlib stops at it instead of filling memory
    return await gunzipAsync(raw, { maxOutputLength: MAX_OTLP_DECOMPRESSED_BYTES });
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError)
      throw new AppError(413, "payload_too_large", `The body is larger than ${MAX_OTLP_DECOMPRESSED_BYTES} bytes once decompressed.`);
    throw badRequest("The body is not valid gzip.");
  }
}

/**
 * POST /api/otlp/v1/{metrics,logs,traces} — OTLP/HTTP (protobuf or JSON, optionally gzip), so
 * that OTEL_EXPORTER_OTLP_ENDPOINT=<gatehouse>/api/otlp works. Authenticated (agent token, or
 * integration token with telemetry:write), then authorised, then decoded. Success is 200 with
 * the signal's Export…ServiceResponse in the request's encoding (partialSuccess when some items
 * were refused); a payload that cannot be decoded is a 400 and stores nothing.
 */
function otlpRoute(signal: Signal) {
  return defineApi(
    async (req): Promise<ApiResult> => {
      const db = await getDb();
      const caller = await authenticateMachine(db, req);
      if (caller.kind === "agent") requireAgentMayAct(caller);
      else requireScope(caller, "telemetry:write");
      const format = formatOf(req);
      const bytes = await bodyOf(req);
      let decoded: Record<string, unknown>;
      try {
        decoded = format === "protobuf" ? decodeProtobuf(signal, bytes) : decodeJson(signal, bytes.toString("utf8"));
      } catch (e) {
        if (e instanceof OtlpDecodeError) throw badRequest(e.message);
        throw e;
      }
      const result = await ingestOtlp(db, caller, signal, decoded);
      const { body, contentType } = encodeResponse(signal, format, result.rejected, result.message);
      return { status: 200, body, contentType };
    },
    { bodyLimit: MAX_OTLP_BODY_BYTES, rateLimit: { perSecond: 1000, burst: 2000 } },
  );
}

export const otlpMetricsApi = otlpRoute("metrics");
export const otlpLogsApi = otlpRoute("logs");
export const otlpTracesApi = otlpRoute("traces");
