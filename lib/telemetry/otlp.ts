import protobuf from "protobufjs/light";
import descriptor from "./otlp-descriptor.json";

/**
 * OTLP request bodies → plain objects, through the OpenTelemetry project's own message
 * definitions (lib/telemetry/proto, compiled to otlp-descriptor.json by scripts/otlp-proto.mjs)
 * and protobufjs. Both encodings end in the same shape: protobufjs' toObject output (camelCase
 * fields, 64-bit integers as decimal strings, enums as numbers), so one mapping reads both.
 *
 * JSON is checked against the same definitions before conversion (the OTLP/JSON rules: field
 * names in lowerCamelCase, 64-bit integers as numbers or decimal strings, trace and span ids as
 * hex, unknown fields ignored): protobufjs' fromObject would otherwise coerce a wrong type
 * ("abc" for a double becomes NaN) instead of refusing it. Every check is linear in the body.
 */

export type Signal = "metrics" | "logs" | "traces";

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
const NS = "opentelemetry.proto.collector";
const REQUEST_TYPES: Record<Signal, protobuf.Type> = {
  metrics: root.lookupType(`${NS}.metrics.v1.ExportMetricsServiceRequest`),
  logs: root.lookupType(`${NS}.logs.v1.ExportLogsServiceRequest`),
  traces: root.lookupType(`${NS}.trace.v1.ExportTraceServiceRequest`),
};
const RESPONSE_TYPES: Record<Signal, protobuf.Type> = {
  metrics: root.lookupType(`${NS}.metrics.v1.ExportMetricsServiceResponse`),
  logs: root.lookupType(`${NS}.logs.v1.ExportLogsServiceResponse`),
  traces: root.lookupType(`${NS}.trace.v1.ExportTraceServiceResponse`),
};

/** Longest string (attribute value, log body, name) accepted anywhere in a request. */
export const MAX_STRING_BYTES = 16 * 1024;
/** AnyValue nests (arrays, key-value lists); deeper than this is refused. */
export const MAX_NESTING = 32;
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, arrays: true };

export class OtlpDecodeError extends Error {
  constructor(
    message: string,
    public readonly tooLarge = false,
  ) {
    super(message);
  }
}

/** A decoded protobuf body. Truncated or malformed wire data → OtlpDecodeError. */
export function decodeProtobuf(signal: Signal, bytes: Uint8Array): Record<string, unknown> {
  const type = REQUEST_TYPES[signal];
  let msg: protobuf.Message;
  try {
    msg = type.decode(bytes);
  } catch (e) {
    throw new OtlpDecodeError(`The body is not a valid OTLP ${signal} protobuf message (${e instanceof Error ? e.message : "decode failed"}).`);
  }
  const obj = type.toObject(msg, TO_OBJECT);
  checkStrings(obj, 0);
  return obj;
}

/** A JSON body (text already decompressed), checked against the OTLP definitions. */
export function decodeJson(signal: Signal, text: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new OtlpDecodeError("The body is not valid JSON.");
  }
  const type = REQUEST_TYPES[signal];
  const errors: string[] = [];
  checkMessage(type, raw, "", 0, errors);
  if (errors.length) throw new OtlpDecodeError(`The body is not a valid OTLP ${signal} request: ${errors.slice(0, 5).join("; ")}.`);
  return type.toObject(type.fromObject(raw as Record<string, unknown>), TO_OBJECT);
}

/** The ExportXServiceResponse, in the request's encoding; partial success only when something was rejected. */
export function encodeResponse(signal: Signal, format: "json" | "protobuf", rejected: number, message: string): { body: string | Buffer; contentType: string } {
  const field = signal === "metrics" ? "rejectedDataPoints" : signal === "logs" ? "rejectedLogRecords" : "rejectedSpans";
  const obj = rejected > 0 || message ? { partialSuccess: { [field]: String(rejected), errorMessage: message } } : {};
  if (format === "json") {
    const json = rejected > 0 || message ? { partialSuccess: { [field]: rejected, errorMessage: message } } : {};
    return { body: JSON.stringify(json), contentType: "application/json" };
  }
  const type = RESPONSE_TYPES[signal];
  return { body: Buffer.from(type.encode(type.fromObject(obj)).finish()), contentType: "application/x-protobuf" };
}

/** Decodes a protobuf response (tests and the capture tooling read what the receiver answered). */
export function decodeResponse(signal: Signal, bytes: Uint8Array): Record<string, unknown> {
  const type = RESPONSE_TYPES[signal];
  return type.toObject(type.decode(bytes), TO_OBJECT);
}

/** Encodes a request object (protobufjs fromObject shape) as protobuf: test payloads and the bench. */
export function encodeRequest(signal: Signal, obj: Record<string, unknown>): Uint8Array {
  const type = REQUEST_TYPES[signal];
  return type.encode(type.fromObject(obj)).finish();
}

function tooLong(path: string): OtlpDecodeError {
  return new OtlpDecodeError(`A string at ${path || "the top level"} is longer than ${MAX_STRING_BYTES} bytes.`, false);
}

// Decoded protobuf: strings may be as long as the body; nesting is bounded by the wire format
// only, so both are checked here (iteratively bounded by MAX_NESTING).
function checkStrings(v: unknown, depth: number, path = ""): void {
  if (depth > MAX_NESTING * 4) throw new OtlpDecodeError(`The message nests deeper than ${MAX_NESTING} values.`);
  if (typeof v === "string") {
    if (v.length > MAX_STRING_BYTES) throw tooLong(path);
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) checkStrings(v[i], depth + 1, path);
    return;
  }
  if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) checkStrings(x, depth + 1, path ? `${path}.${k}` : k);
}

const INT64 = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);
const INT32 = new Set(["int32", "uint32", "sint32", "fixed32", "sfixed32"]);
const HEX_ID_FIELDS = new Set(["traceId", "spanId", "parentSpanId"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkMessage(type: protobuf.Type, v: unknown, path: string, depth: number, errors: string[]): void {
  if (errors.length >= 5) return;
  if (depth > MAX_NESTING * 4) {
    errors.push(`${path}: nests deeper than ${MAX_NESTING} values`);
    return;
  }
  if (!isObject(v)) {
    errors.push(`${path || "body"}: expected an object`);
    return;
  }
  for (const [key, value] of Object.entries(v)) {
    const field = type.fields[key];
    if (!field || value === null || value === undefined) continue; // unknown fields are ignored (OTLP/JSON)
    const fpath = path ? `${path}.${key}` : key;
    if (field.repeated) {
      if (!Array.isArray(value)) {
        errors.push(`${fpath}: expected an array`);
        continue;
      }
      for (let i = 0; i < value.length && errors.length < 5; i++) checkValue(field, value[i], `${fpath}[${i}]`, depth + 1, errors, v, key, i);
    } else checkValue(field, value, fpath, depth + 1, errors, v, key);
  }
}

function checkValue(
  field: protobuf.Field,
  value: unknown,
  path: string,
  depth: number,
  errors: string[],
  parent: Record<string, unknown>,
  key: string,
  index?: number,
) {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Type) return checkMessage(rt, value, path, depth, errors);
  if (rt instanceof protobuf.Enum) {
    if (!(typeof value === "number" && Number.isInteger(value)) && !(typeof value === "string" && value in rt.values))
      errors.push(`${path}: expected an enum value`);
    return;
  }
  const t = field.type;
  if (t === "string") {
    if (typeof value !== "string") errors.push(`${path}: expected a string`);
    else if (value.length > MAX_STRING_BYTES) errors.push(`${path}: longer than ${MAX_STRING_BYTES} bytes`);
  } else if (t === "bool") {
    if (typeof value !== "boolean") errors.push(`${path}: expected true or false`);
  } else if (t === "double" || t === "float") {
    const ok = typeof value === "number" || (typeof value === "string" && /^(NaN|-?Infinity|-?\d{1,30}(\.\d{1,30})?([eE][-+]?\d{1,4})?)$/.test(value));
    if (!ok) errors.push(`${path}: expected a number`);
  } else if (INT64.has(t) || INT32.has(t)) {
    const ok = (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^-?\d{1,20}$/.test(value));
    if (!ok) errors.push(`${path}: expected an integer`);
  } else if (t === "bytes") {
    if (typeof value !== "string") errors.push(`${path}: expected a string`);
    else if (HEX_ID_FIELDS.has(field.name)) {
      // OTLP/JSON carries trace and span ids as hex, not base64 (protobuf JSON's default)
      if (value.length > 64 || !/^(?:[0-9a-fA-F]{2})*$/.test(value)) errors.push(`${path}: expected a hex id`);
      else {
        const b64 = Buffer.from(value, "hex").toString("base64");
        if (index === undefined) parent[key] = b64;
        else (parent[key] as unknown[])[index] = b64;
      }
    } else if (value.length > MAX_STRING_BYTES * 2) errors.push(`${path}: longer than ${MAX_STRING_BYTES} bytes`);
  }
}
