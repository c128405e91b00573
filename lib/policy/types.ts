import { z } from "zod";

// The policy document: one file (YAML) or one JSON body of GET/PUT /api/v1/policies.
export const TIERS = ["free", "gated", "forbidden"] as const;
/** The current policy document format (migrate.ts). */
export const POLICY_FORMAT = 2;
export type Tier = (typeof TIERS)[number];
export type DecisionValue = "allow" | "ask" | "deny";

const globList = z.array(z.string().min(1, "empty pattern").max(500)).max(200);

export const matchSchema = z
  .object({
    action_types: globList.optional(),
    tools: globList.optional(),
    repositories: globList.optional(),
    branches: globList.optional(),
    environments: globList.optional(),
    resources: globList.optional(),
    commands: globList.optional(),
    endpoints: globList.optional(),
    agent_roles: globList.optional(),
    agent_kinds: globList.optional(),
  })
  .strict();
export type RuleMatch = z.infer<typeof matchSchema>;
export const MATCH_FIELDS = Object.keys(matchSchema.shape) as (keyof RuleMatch)[];

// Who may approve what a gated rule asks for (issue 21): named people, teams (slugs), roles, how
// many distinct approvers are needed (N of M), and a group that is notified and may approve too
// once the request has waited `after_seconds`. A rule without `approvers` means what it always
// did: anyone who may decide approvals, one approval.
const APPROVER_ROLES = ["admin", "security_lead", "approver"] as const;
const approverGroup = {
  people: z.array(z.string().trim().toLowerCase().email("an email address").max(320)).max(100).optional(),
  teams: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(100)
        .regex(/^[a-z0-9][a-z0-9._-]*$/i, "a team slug"),
    )
    .max(50)
    .optional(),
  roles: z.array(z.enum(APPROVER_ROLES)).max(APPROVER_ROLES.length).optional(),
};
export const escalationSchema = z
  .object({
    after_seconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 86400),
    ...approverGroup,
  })
  .strict();
export const approverSpecSchema = z
  .object({ ...approverGroup, required: z.number().int().min(1).max(10).default(1), escalation: escalationSchema.optional() })
  .strict();
export type ApproverSpec = z.infer<typeof approverSpecSchema>;
export type ApproverGroup = Pick<ApproverSpec, "people" | "teams" | "roles">;
/** A group names somebody (an empty group is "anyone who may decide approvals"). */
export const namesAnyone = (g: ApproverGroup | undefined) => !!g && !!(g.people?.length || g.teams?.length || g.roles?.length);

export const ruleSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, "use letters, digits, dot, dash or underscore"),
    description: z.string().max(1000).optional(),
    tier: z.enum(TIERS),
    mode: z.enum(["enforce", "dry_run"]).default("enforce"),
    priority: z.number().int().min(0).max(1_000_000).default(1000),
    enabled: z.boolean().default(true),
    match: matchSchema.default({}),
    approvers: approverSpecSchema.optional(),
  })
  .strict();
export type PolicyRule = z.infer<typeof ruleSchema>;

export const policyDocumentSchema = z
  .object({
    version: z.union([z.number(), z.string()]).optional(),
    /** the document format (2 = commands match simple commands of a shell line); older formats are migrated on load */
    format: z.number().int().min(1).max(POLICY_FORMAT).optional(),
    default_tier: z.enum(TIERS).default("gated"),
    approval_ttl_seconds: z
      .number()
      .int()
      .min(30)
      .max(7 * 86400)
      .optional(),
    rules: z.array(ruleSchema).max(5000),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const seen = new Map<string, number>();
    doc.rules.forEach((r, i) => {
      const prev = seen.get(r.id);
      if (prev !== undefined) ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `duplicate rule id "${r.id}" (also rules[${prev}])` });
      else seen.set(r.id, i);
      const a = r.approvers;
      if (!a) return;
      if (r.tier !== "gated")
        ctx.addIssue({ code: "custom", path: ["rules", i, "approvers"], message: `approvers apply to gated rules only (this one is ${r.tier})` });
      // N of M: with only people named, M is their number
      if (
        a.people?.length &&
        !a.teams?.length &&
        !a.roles?.length &&
        a.required > a.people.length + (a.escalation?.people?.length ?? 0) &&
        !a.escalation?.teams?.length &&
        !a.escalation?.roles?.length
      )
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "approvers", "required"],
          message: `${a.required} approvals required but only ${a.people.length + (a.escalation?.people?.length ?? 0)} people named`,
        });
      if (a.escalation && !namesAnyone(a.escalation))
        ctx.addIssue({ code: "custom", path: ["rules", i, "approvers", "escalation"], message: "name the people, teams or roles to escalate to" });
      if (a.escalation && !namesAnyone(a))
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "approvers", "escalation"],
          message: "anyone may already approve: name approvers before an escalation",
        });
    });
  });
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;

/** What an agent wants to do (the `action` of POST /api/v1/decisions). */
export interface Action {
  type: string;
  tool?: string | null;
  repository?: string | null;
  branch?: string | null;
  environment?: string | null;
  resource?: string | null;
  command?: string | null;
  endpoint?: string | null;
}

import type { ScopeEntry } from "@/lib/registry/scope";

export interface AgentSnapshot {
  status: "active" | "suspended" | "retired";
  role: string;
  kind: string;
  scope: ScopeEntry[];
}

export interface EvaluationInput {
  agent: AgentSnapshot | null;
  action: Action;
  fleetFrozen: boolean;
  now: Date;
}

/** Why the decision was taken, for violations and the UI (not part of the API answer). */
export type DecisionBasis = "unknown_agent" | "inactive_agent" | "fleet_frozen" | "out_of_scope" | "rule" | "default";

export interface EvaluationResult {
  decision: DecisionValue;
  reason: string;
  rule_id: string | null;
  policy_version: string;
  tier: Tier | null;
  basis: DecisionBasis;
  dry_run: { rule_id: string; decision: DecisionValue }[];
  /** present when out of scope */
  scope?: { dimension: string; value: string };
}

export const TIER_DECISION: Record<Tier, DecisionValue> = { free: "allow", gated: "ask", forbidden: "deny" };
