import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { violationSeverity, violationStatus } from "./enums";

export const violations = pgTable(
  "violations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    severity: violationSeverity("severity").notNull(),
    status: violationStatus("status").notNull().default("open"),
    agentId: uuid("agent_id"),
    agentSlug: text("agent_slug"),
    title: text("title").notNull(),
    explanation: text("explanation").notNull(),
    // repeated hits of one kind for one agent in a window fold into one row
    groupKey: text("group_key").notNull(),
    count: integer("count").notNull().default(1),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    assigneeId: uuid("assignee_id"),
    details: jsonb("details"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("violations_status_sev_idx").on(t.status, t.severity, t.lastSeenAt),
    index("violations_agent_idx").on(t.agentId, t.lastSeenAt),
    index("violations_group_idx").on(t.groupKey, t.lastSeenAt),
  ],
);

export const violationEvidence = pgTable(
  "violation_evidence",
  {
    violationId: uuid("violation_id")
      .notNull()
      .references(() => violations.id, { onDelete: "cascade" }),
    eventSeq: bigint("event_seq", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("violation_evidence_pk").on(t.violationId, t.eventSeq)],
);

export const violationActivity = pgTable(
  "violation_activity",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    violationId: uuid("violation_id")
      .notNull()
      .references(() => violations.id, { onDelete: "cascade" }),
    userId: uuid("user_id"),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("violation_activity_violation_idx").on(t.violationId, t.createdAt)],
);

export const alertWebhooks = pgTable("alert_webhooks", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  url: text("url").notNull(),
  secret: text("secret").notNull(),
  minSeverity: violationSeverity("min_severity").notNull().default("high"),
  // also post each new approval request (approvers learn that something waits for them)
  notifyApprovals: boolean("notify_approvals").notNull().default(false),
  enabled: boolean("enabled").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => alertWebhooks.id, { onDelete: "cascade" }),
    // what the delivery is about: a violation, or an approval request
    violationId: uuid("violation_id"),
    approvalId: uuid("approval_id"),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_deliveries_status_idx").on(t.status, t.nextAttemptAt)],
);

export type Violation = typeof violations.$inferSelect;
