import { z } from "zod";
import { SCOPE_DIMENSIONS, validatePattern, type ScopeDimension } from "./scope";

export const AGENT_KINDS = ["claude_code", "codex", "cursor", "devin", "copilot", "custom"] as const;
export const AGENT_STATUSES = ["active", "suspended", "retired"] as const;
export const RISK_LEVELS = ["low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const KIND_LABELS: Record<(typeof AGENT_KINDS)[number], string> = {
  claude_code: "Claude Code",
  codex: "Codex",
  cursor: "Cursor",
  devin: "Devin",
  copilot: "Copilot",
  custom: "Custom",
};

export const SORT_KEYS = ["name", "team", "status", "kind", "role", "risk", "last_seen", "violations", "approvals", "created"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const emptyToUndef = (v: unknown) => (v === "" || v === null ? undefined : v);
// PostgreSQL text cannot hold NUL: a %00 in a filter would otherwise be a 500 (found by lib/security fuzzing).
const optionalText = z.preprocess(
  emptyToUndef,
  z
    .string()
    .trim()
    .max(200)
    .transform((s) => s.replaceAll("\u0000", ""))
    .optional(),
);

/** Inventory filters; the same object comes from the URL (pages, CSV export) and the API query. */
export const agentFilterSchema = z.object({
  q: optionalText,
  team: optionalText, // team slug
  status: z.preprocess(emptyToUndef, z.enum(AGENT_STATUSES).optional()),
  kind: z.preprocess(emptyToUndef, z.enum(AGENT_KINDS).optional()),
  role: optionalText,
  risk: z.preprocess(emptyToUndef, z.enum(RISK_LEVELS).optional()),
  overdue: z.preprocess(emptyToUndef, z.enum(["1"]).optional()),
  sort: z.preprocess(emptyToUndef, z.enum(SORT_KEYS).default("name")),
  dir: z.preprocess(emptyToUndef, z.enum(["asc", "desc"]).default("asc")),
  page: z.preprocess(emptyToUndef, z.coerce.number().int().min(1).max(100_000).default(1)),
  pageSize: z.preprocess(emptyToUndef, z.coerce.number().int().min(1).max(1000).default(50)),
});
export type AgentFilter = z.infer<typeof agentFilterSchema>;
export type AgentFilterInput = z.input<typeof agentFilterSchema>;

export const slugSchema = z
  .string()
  .trim()
  .min(2, "At least 2 characters.")
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Lowercase letters, digits and dashes.");

const optionalDate = z.preprocess((v) => (v === "" || v === null || v === undefined ? null : v), z.coerce.date().nullable());

export const scopeEntryInputSchema = z
  .object({
    dimension: z.enum(SCOPE_DIMENSIONS),
    pattern: z.string().trim().min(1).max(500),
    validFrom: optionalDate.optional().default(null),
    validUntil: optionalDate.optional().default(null),
  })
  .superRefine((e, ctx) => {
    const problem = validatePattern(e.dimension as ScopeDimension, e.pattern);
    if (problem) ctx.addIssue({ code: "custom", path: ["pattern"], message: problem });
    if (e.validFrom && e.validUntil && e.validUntil <= e.validFrom)
      ctx.addIssue({ code: "custom", path: ["validUntil"], message: "The window must end after it starts." });
  });
export type ScopeEntryInput = z.infer<typeof scopeEntryInputSchema>;

const patternList = (dimension: ScopeDimension) =>
  z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(500)
        .superRefine((p, ctx) => {
          const problem = validatePattern(dimension, p);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
    )
    .max(200)
    .default([]);

/** API.md scope shape: lists of glob patterns per dimension (no time windows). */
export const scopeListsSchema = z.object({
  repositories: patternList("repository"),
  branches: patternList("branch"),
  environments: patternList("environment"),
  tools: patternList("tool"),
  paths: patternList("path"),
  endpoints: patternList("endpoint"),
});

const text = (max: number) => z.string().trim().min(1, "Required.").max(max);

/** The domain's create input (camelCase); team/sponsor by id, slug or email. */
export const agentInputSchema = z.object({
  slug: slugSchema,
  name: text(120),
  kind: z.enum(AGENT_KINDS).default("custom"),
  role: text(80),
  description: z.preprocess(emptyToUndef, z.string().trim().max(2000).optional()),
  team: text(120),
  sponsor: text(200),
  model: text(120),
  toolchainVersion: text(120),
  reviewPeriodDays: z.preprocess(emptyToUndef, z.coerce.number().int().min(1).max(3650).optional()),
  scope: z.array(scopeEntryInputSchema).max(500).default([]),
});
export type AgentInput = z.infer<typeof agentInputSchema>;

export const agentUpdateSchema = agentInputSchema.partial().extend({ id: z.string().min(1) });
export type AgentUpdate = z.infer<typeof agentUpdateSchema>;

/** POST /api/v1/agents body (API.md, snake_case). */
export const createAgentApiSchema = z.object({
  slug: slugSchema,
  name: text(120),
  role: text(80),
  kind: z.enum(AGENT_KINDS).optional(),
  description: z.string().trim().max(2000).optional(),
  team: z.string().trim().max(120).optional(),
  sponsor: z.string().trim().max(200).optional(),
  model: text(120),
  toolchain: text(120),
  review_period_days: z.number().int().min(1).max(3650).optional(),
  scope: scopeListsSchema.optional(),
});

export const MAX_TOKEN_TTL_SECONDS = 90 * 24 * 3600;
export const DEFAULT_TOKEN_TTL_SECONDS = 8 * 3600;

export const issueTokenApiSchema = z
  .object({ ttl_seconds: z.number().int().min(60).max(MAX_TOKEN_TTL_SECONDS).optional(), name: z.string().trim().max(120).optional() })
  .default({});

export const reasonSchema = z.object({ reason: z.string().trim().min(3, "Give a reason (at least 3 characters).").max(2000) });

export const teamApiSchema = z.object({ slug: slugSchema, name: text(120) });
