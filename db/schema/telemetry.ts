import { bigint, boolean, doublePrecision, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agents } from "./registry";
import { teams } from "./people";

/**
 * Agents' own OpenTelemetry, aggregated on arrival: one row per hour, agent, session, model and
 * kind (cost_usd, tokens.input, lines.added, event.api_request, …), never one per data point.
 * Empty strings stand for "none" so the row key stays a plain unique index.
 */
export const telemetryBuckets = pgTable(
  "telemetry_buckets",
  {
    bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
    // agent_slug names shadow agents too (agent_id null): what the telemetry said
    agentId: uuid("agent_id").references(() => agents.id, { onDelete: "cascade" }),
    agentSlug: text("agent_slug").notNull(),
    sessionId: text("session_id").notNull().default(""),
    model: text("model").notNull().default(""),
    kind: text("kind").notNull(),
    value: doublePrecision("value").notNull().default(0),
    points: integer("points").notNull().default(0),
  },
  (t) => [
    uniqueIndex("telemetry_buckets_key").on(t.bucketStart, t.agentSlug, t.sessionId, t.model, t.kind),
    index("telemetry_buckets_agent_idx").on(t.agentId, t.kind, t.bucketStart),
    index("telemetry_buckets_kind_idx").on(t.kind, t.bucketStart),
    index("telemetry_buckets_session_idx").on(t.sessionId),
  ],
);

/** Last value of each cumulative series, so a cumulative exporter's points become deltas. */
export const telemetrySeries = pgTable("telemetry_series", {
  seriesKey: text("series_key").primaryKey(),
  startNs: bigint("start_ns", { mode: "bigint" }).notNull(),
  lastValue: doublePrecision("last_value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A spending limit for one agent or one team, per calendar month or day (UTC). */
export const telemetryBudgets = pgTable(
  "telemetry_budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agentId: uuid("agent_id").references(() => agents.id, { onDelete: "cascade" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
    period: text("period").notNull().default("month"),
    limitUsd: numeric("limit_usd", { precision: 14, scale: 6 }).notNull(),
    // percentages of the limit at which an alert goes out; 100 = exceeded
    thresholds: integer("thresholds").array().notNull().default([80, 100]),
    autoSuspend: boolean("auto_suspend").notNull().default(false),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("telemetry_budgets_agent_idx").on(t.agentId, t.period), uniqueIndex("telemetry_budgets_team_idx").on(t.teamId, t.period)],
);

/** Each threshold alerts once per budget period: this row is the "already sent" mark. */
export const telemetryBudgetAlerts = pgTable(
  "telemetry_budget_alerts",
  {
    budgetId: uuid("budget_id")
      .notNull()
      .references(() => telemetryBudgets.id, { onDelete: "cascade" }),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    threshold: integer("threshold").notNull(),
    spentUsd: doublePrecision("spent_usd").notNull(),
    violationId: uuid("violation_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.periodStart, t.threshold] })],
);

export type TelemetryBudget = typeof telemetryBudgets.$inferSelect;
