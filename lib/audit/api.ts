import { getDb, type Db } from "@/lib/db";
import { authenticateMachine, requireAgentMayAct, requireScope } from "@/lib/auth/machine";
import { auditActor, machineActor, type Actor } from "@/lib/auth/actor";
import { defineApi, json, parseQuery, readJson, type ApiRequest, type ApiResult } from "@/lib/http/api";
import { AppError } from "@/lib/http/errors";
import { rateLimit } from "@/lib/http/rate-limit";
import { processSingleton } from "@/lib/util/global";
import { recordAudit } from "./record";
import { ingestEvents } from "./ingest";
import { iterateAuditEvents } from "./queries";
import { verifyAuditChain } from "./verify";
import { configuredAnchor } from "./anchor";
import { csvHeader, toCsvLine, toJsonLine, toOcsfLine } from "./formats";
import { MAX_EVENTS_BODY_BYTES, MAX_EVENTS_PER_REQUEST, batchSchema, exportQuerySchema } from "./schemas";

/** Requests per second (and burst) per token on POST /api/v1/events; tests may lower it. */
export const ingestLimits = processSingleton("audit-ingest-limits", () => ({ perSecond: 100, burst: 200 }));

// POST /api/v1/events — API.md "Audit events".
export const eventsApi = defineApi(
  async (req) => {
    const db = await getDb();
    const caller = await authenticateMachine(db, req);
    if (caller.kind === "agent") requireAgentMayAct(caller);
    else requireScope(caller, "events:write");
    rateLimit(`events:${caller.tokenId}`, ingestLimits.perSecond, ingestLimits.burst);
    const body = await readJson(req, batchSchema);
    if (body.events.length > MAX_EVENTS_PER_REQUEST)
      throw new AppError(413, "payload_too_large", `At most ${MAX_EVENTS_PER_REQUEST} events per request; split the batch.`);
    const result = await ingestEvents(db, caller, body.events);
    return json(202, result);
  },
  // events have their own per-token limit inside the handler (configurable)
  { bodyLimit: MAX_EVENTS_BODY_BYTES, rateLimit: { perSecond: 10_000, burst: 20_000 } },
);

/** Who is reading the audit trail (recorded on exports): a machine caller, named as the trail shows it. */
async function machineReader(db: Db, req: ApiRequest): Promise<Actor> {
  const caller = await authenticateMachine(db, req);
  requireScope(caller, "audit:read");
  return machineActor(caller.kind === "integration" ? `integration:${caller.name}` : "agent");
}

export async function verifyResult(db: Db): Promise<ApiResult> {
  return json(200, await verifyAuditChain(db, { anchor: configuredAnchor() }));
}

// GET /api/v1/audit/verify (integration token with audit:read; the Next route also takes a session).
export const verifyApi = defineApi(async (req) => {
  const db = await getDb();
  await machineReader(db, req);
  return verifyResult(db);
});

const CONTENT_TYPES = { jsonl: "application/x-ndjson", ocsf: "application/x-ndjson", csv: "text/csv; charset=utf-8" } as const;

function cleanQuery(req: ApiRequest): ApiRequest {
  // Empty filter fields (a cleared input) mean "no filter", not "match the empty string".
  const url = new URL(req.url);
  for (const [k, v] of [...url.searchParams]) if (v.trim() === "") url.searchParams.delete(k);
  return { ...req, url };
}

/** The streaming export answer; the filters are the explorer's. */
export async function exportResult(db: Db, req: ApiRequest, reader: Actor): Promise<ApiResult> {
  const query = parseQuery(cleanQuery(req), exportQuerySchema);
  const { format, ...filter } = query;
  // Exporting the trail is itself a governance act worth a line in it.
  await recordAudit(db, {
    ...auditActor(reader),
    type: "audit.export",
    payload: { format, filter },
  });
  async function* lines(): AsyncGenerator<string> {
    if (format === "csv") yield csvHeader();
    const line = format === "csv" ? toCsvLine : format === "ocsf" ? toOcsfLine : toJsonLine;
    let buf = "";
    for await (const e of iterateAuditEvents(db, filter)) {
      buf += line(e);
      if (buf.length >= 64 * 1024) {
        yield buf;
        buf = "";
      }
    }
    if (buf) yield buf;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const ext = format === "csv" ? "csv" : "jsonl";
  return {
    status: 200,
    stream: lines(),
    contentType: CONTENT_TYPES[format],
    headers: {
      "content-disposition": `attachment; filename="gatehouse-audit-${format}-${stamp}.${ext}"`,
      "cache-control": "no-store",
    },
  };
}

// GET /api/v1/audit/export (integration token with audit:read; the Next route also takes a session).
export const exportApi = defineApi(async (req) => {
  const db = await getDb();
  const reader = await machineReader(db, req);
  return exportResult(db, req, reader);
});
