import { z } from "zod";
import { eventTimeSchema } from "./time";

// POST /api/v1/events (API.md). Each event is validated on its own so a batch with bad
// events still stores the good ones.
const str = (max: number) => z.string().max(max);

export const actionSchema = z.object({
  type: str(200).optional(),
  tool: str(200).optional(),
  repository: str(500).optional(),
  branch: str(500).optional(),
  environment: str(200).optional(),
  resource: str(4096).optional(),
  command: str(100_000).optional(),
  endpoint: str(4096).optional(),
});

export const OUTCOMES = ["success", "failure", "blocked"] as const;

export const clientEventSchema = z.object({
  id: z.string().min(1, "id (the client idempotency key) is required").max(200),
  time: eventTimeSchema.optional(),
  type: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, "type must be a dotted name such as tool.pre"),
  agent: str(200).optional(),
  session_id: str(500).optional(),
  initiated_by: str(500).optional(),
  action: actionSchema.optional(),
  outcome: z.enum(OUTCOMES).optional(),
  rollback_ref: str(500).optional(),
  payload: z.unknown().optional(),
});
export type ClientEvent = z.infer<typeof clientEventSchema>;

export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_EVENTS_BODY_BYTES = 5 * 1024 * 1024;

export const batchSchema = z.object({ events: z.array(z.unknown()) });

export const EXPORT_FORMATS = ["jsonl", "ocsf", "csv"] as const;

// PostgreSQL text cannot hold NUL: a %00 in a filter failed the query (a 500, or an export
// stream cut after its 200 headers). Found by lib/security fuzzing.
const filterStr = (max: number) => str(max).transform((s) => s.replaceAll("\u0000", ""));
// PostgreSQL has no year 0 ("0000-01-01" failed the export mid-stream, same fuzzing).
const filterTime = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .refine((s) => new Date(s).getUTCFullYear() >= 1, "a time after the year 0");

/** The explorer's filters; the export takes the same ones (all optional, all in the URL). */
export const auditFilterSchema = z.object({
  agent: filterStr(200).optional(),
  team: filterStr(200).optional(),
  session: filterStr(500).optional(),
  type: filterStr(200).optional(),
  decision: z.enum(["allow", "ask", "deny"]).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  resource: filterStr(1000).optional(),
  repository: filterStr(500).optional(),
  approval: z.uuid().optional(),
  from: filterTime.optional(),
  to: filterTime.optional(),
  q: filterStr(200).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const exportQuerySchema = auditFilterSchema.extend({
  format: z.enum(EXPORT_FORMATS).default("jsonl"),
});
