import { z } from "zod";
import { SEVERITIES, VIOLATION_STATUSES } from "./types";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());

export const PAGE_SIZE = 50;

// What PostgreSQL can take (found by lib/security: a NUL or a year like -271821 failed the
// query mid-export, after the 200 headers): NUL-free text, and dates in years 1–9999.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.replaceAll("\u0000", ""));
const date = z.coerce.date().refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, "a date between the years 1 and 9999");

/** The /violations filters, as they appear in the URL. */
export const violationFilterSchema = z.object({
  kind: opt(text(64)),
  severity: opt(z.enum(SEVERITIES)),
  status: opt(z.enum(VIOLATION_STATUSES)),
  agent: opt(text(128)),
  team: opt(text(128)),
  // a person's id, or "none" for unassigned
  assignee: opt(z.union([z.literal("none"), z.uuid()])),
  from: opt(date),
  to: opt(date),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
});
export type ViolationFilter = z.infer<typeof violationFilterSchema>;

/** Reads searchParams leniently: an invalid filter is dropped, not a 400 page. */
export function parseViolationFilter(params: Record<string, string | string[] | undefined>): ViolationFilter {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === "string") flat[k] = v;
  let parsed = violationFilterSchema.safeParse(flat);
  if (!parsed.success) {
    for (const i of parsed.error.issues) delete flat[String(i.path[0])];
    parsed = violationFilterSchema.safeParse(flat);
  }
  const f = parsed.success ? parsed.data : violationFilterSchema.parse({});
  // "until 2026-11-20" means the whole of that day
  if (f.to && /^\d{4}-\d{2}-\d{2}$/.test(flat.to ?? "")) f.to = new Date(f.to.getTime() + 86400_000 - 1);
  return f;
}

export const triageSchema = z
  .object({
    ids: z.array(z.uuid()).min(1, "Select at least one violation.").max(200),
    status: opt(z.enum(VIOLATION_STATUSES)),
    // "" → unassign; absent → leave as is
    assigneeId: z.union([z.uuid(), z.literal("")]).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .refine((v) => v.status !== undefined || v.assigneeId !== undefined, { message: "Choose a status or an assignee.", path: ["status"] })
  .refine((v) => v.status === undefined || (v.note?.length ?? 0) > 0, { message: "A status change needs a note.", path: ["note"] });
export type TriageInput = z.infer<typeof triageSchema>;

export const killFromViolationSchema = z.object({
  violationId: z.uuid(),
  reason: z.string().trim().min(3, "Say why (at least 3 characters).").max(500),
});

export const webhookSchema = z.object({
  name: z.string().trim().min(1).max(100),
  url: z
    .string()
    .trim()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), "Use an http(s) URL."),
  secret: z
    .string()
    .min(16, "Use at least 16 characters.")
    .max(200)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  minSeverity: z.enum(SEVERITIES).default("high"),
  notifyApprovals: z.boolean().default(false),
});

export const webhookToggleSchema = z.object({ id: z.uuid(), enabled: z.boolean() });
export const idSchema = z.object({ id: z.uuid() });
