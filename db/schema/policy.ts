import { bigint, boolean, index, integer, jsonb, pgTable, pgView, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agents } from "./registry";
import { approvalStatus, decisionValue, ruleMode, ruleTier } from "./enums";

// Every change of the policy document is a new immutable version.
export const policyVersions = pgTable(
  "policy_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    version: integer("version").notNull(),
    document: jsonb("document").notNull(),
    authorId: uuid("author_id"),
    authorLabel: text("author_label"),
    comment: text("comment"),
    diff: text("diff"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("policy_versions_version_idx").on(t.version)],
);

// Rules of each version, flattened for querying and reporting.
export const policyRules = pgTable(
  "policy_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    policyVersion: integer("policy_version").notNull(),
    ruleId: text("rule_id").notNull(),
    description: text("description"),
    tier: ruleTier("tier").notNull(),
    mode: ruleMode("mode").notNull().default("enforce"),
    priority: integer("priority").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    match: jsonb("match").notNull(),
  },
  (t) => [index("policy_rules_version_idx").on(t.policyVersion, t.priority)],
);

// Decisions are not stored twice: each one is the hash-chained audit event of type
// "decision" (recorded in the same statement that moves the chain), and `decisions` is a view
// over those events with the decision's own columns (migration 0005).
export const decisions = pgView("decisions", {
  id: uuid("id").notNull(),
  agentId: uuid("agent_id"),
  agentSlug: text("agent_slug"),
  sessionId: text("session_id"),
  initiatedBy: text("initiated_by"),
  actionType: text("action_type").notNull(),
  action: jsonb("action").notNull(),
  decision: decisionValue("decision").notNull(),
  reason: text("reason").notNull(),
  ruleId: text("rule_id"),
  policyVersion: text("policy_version"),
  // what dry-run rules would have decided: [{rule_id, decision}]
  dryRun: jsonb("dry_run"),
  approvalId: uuid("approval_id"),
  source: text("source").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  /** the audit event that is this decision */
  eventSeq: bigint("event_seq", { mode: "number" }).notNull(),
}).existing();

export const approvalRequests = pgTable(
  "approval_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    decisionId: uuid("decision_id"),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    sessionId: text("session_id"),
    // the first initiator (trimmed, lower-case); `initiators` lists everyone whose repeat of the
    // same action was merged into this request — none of them may decide it (segregation of duties)
    initiatedBy: text("initiated_by"),
    initiators: text("initiators").array().notNull().default([]),
    actionType: text("action_type").notNull(),
    action: jsonb("action").notNull(),
    resource: text("resource"),
    command: text("command"),
    justification: text("justification"),
    ruleId: text("rule_id"),
    policyVersion: text("policy_version"),
    risk: integer("risk").notNull().default(50),
    status: approvalStatus("status").notNull().default("pending"),
    decidedBy: uuid("decided_by"),
    decidedByLabel: text("decided_by_label"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    reason: text("reason"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    // hash of the (redacted) action: an identical call finds this request again instead of
    // opening a second one (pending), or runs under it once (approved)
    actionKey: text("action_key"),
    // when an approved request was used by a call (an approval grants one call)
    usedAt: timestamp("used_at", { withTimezone: true }),
    // who may approve, copied from the rule when the request was opened (lib/approvals/eligibility.ts):
    // null = anyone who may decide approvals; a later policy change does not alter a waiting request
    approvers: jsonb("approvers"),
    // distinct eligible approvals needed (N of M); each is a row of approval_decisions
    approvalsRequired: integer("approvals_required").notNull().default(1),
    // when the rule's escalation group was notified and became eligible (the sweep sets it once)
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
  },
  (t) => [
    index("approval_requests_status_idx").on(t.status, t.createdAt),
    index("approval_requests_agent_idx").on(t.agentId, t.createdAt),
    index("approval_requests_action_key_idx").on(t.agentId, t.actionKey, t.createdAt),
  ],
);

// Each person's decision on a request: one row per person and request (the unique index makes a
// second approval by the same person count once); the request is approved when
// approvals_required of them approve, denied by the first eligible deny.
export const approvalDecisions = pgTable(
  "approval_decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    approvalId: uuid("approval_id")
      .notNull()
      .references(() => approvalRequests.id, { onDelete: "cascade" }),
    userId: uuid("user_id"),
    // trimmed, lower-case
    email: text("email").notNull(),
    decision: text("decision", { enum: ["approve", "deny"] }).notNull(),
    reason: text("reason"),
    // where it was taken: web, chat (lib/approvals callers say)
    via: text("via").notNull().default("web"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("approval_decisions_person_idx").on(t.approvalId, t.email)],
);

export type PolicyVersion = typeof policyVersions.$inferSelect;
export type Decision = typeof decisions.$inferSelect;
export type ApprovalRequest = typeof approvalRequests.$inferSelect;
export type ApprovalDecision = typeof approvalDecisions.$inferSelect;
