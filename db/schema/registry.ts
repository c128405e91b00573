import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agentKind, agentStatus, reviewOutcome, scopeDimension } from "./enums";
import { teams, users } from "./people";

export const agents = pgTable(
  "agents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    kind: agentKind("kind").notNull().default("custom"),
    // purpose/role: code-review, test-automation, refactoring, deployment, …
    role: text("role").notNull(),
    description: text("description"),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    // The named human sponsor: an agent is never its own owner.
    sponsorId: uuid("sponsor_id")
      .notNull()
      .references(() => users.id),
    model: text("model").notNull(),
    toolchainVersion: text("toolchain_version").notNull(),
    status: agentStatus("status").notNull().default("active"),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }),
    statusChangedBy: uuid("status_changed_by"),
    statusReason: text("status_reason"),
    reviewPeriodDays: integer("review_period_days"),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("agents_slug_idx").on(t.slug), index("agents_team_idx").on(t.teamId), index("agents_status_idx").on(t.status)],
);

// Allowlist entries: anything not matched by an entry of the action's dimension is denied.
export const agentScopes = pgTable(
  "agent_scopes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    dimension: scopeDimension("dimension").notNull(),
    pattern: text("pattern").notNull(),
    validFrom: timestamp("valid_from", { withTimezone: true }),
    validUntil: timestamp("valid_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("agent_scopes_agent_idx").on(t.agentId)],
);

export const agentTokens = pgTable(
  "agent_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    name: text("name"),
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    rotatedFromId: uuid("rotated_from_id"),
  },
  (t) => [uniqueIndex("agent_tokens_hash_idx").on(t.hash), index("agent_tokens_agent_idx").on(t.agentId)],
);

export const accessReviews = pgTable(
  "access_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id),
    outcome: reviewOutcome("outcome").notNull(),
    notes: text("notes"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("access_reviews_agent_idx").on(t.agentId, t.createdAt)],
);

// Agent sessions seen through hooks/events; a kill marks the open ones ended.
export const agentSessions = pgTable(
  "agent_sessions",
  {
    id: text("id").primaryKey(),
    agentId: uuid("agent_id").references(() => agents.id, { onDelete: "cascade" }),
    agentSlug: text("agent_slug"),
    initiatedBy: text("initiated_by"),
    repository: text("repository"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    lastEventAt: timestamp("last_event_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedReason: text("ended_reason"),
  },
  (t) => [index("agent_sessions_agent_idx").on(t.agentId, t.startedAt)],
);

// Agents seen in events, tokens or commits that are not registered.
export const shadowAgents = pgTable(
  "shadow_agents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    identifier: text("identifier").notNull(),
    source: text("source").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    sightings: integer("sightings").notNull().default(1),
    example: text("example"),
    blocked: boolean("blocked").notNull().default(false),
    registeredAgentId: uuid("registered_agent_id"),
  },
  (t) => [uniqueIndex("shadow_agents_identifier_idx").on(t.identifier)],
);

// One row: bumped on every change that must reach all instances at once (kill, resume,
// scope, token revoke, policy). Instances poll/LISTEN it and fail closed when they cannot.
export const controlState = pgTable("control_state", {
  id: integer("id").primaryKey().default(1),
  version: bigint("version", { mode: "number" }).notNull().default(1),
  fleetFrozen: boolean("fleet_frozen").notNull().default(false),
  fleetFrozenAt: timestamp("fleet_frozen_at", { withTimezone: true }),
  fleetFrozenBy: uuid("fleet_frozen_by"),
  fleetFrozenReason: text("fleet_frozen_reason"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Agent = typeof agents.$inferSelect;
export type AgentScope = typeof agentScopes.$inferSelect;
export type AgentToken = typeof agentTokens.$inferSelect;
export type AccessReview = typeof accessReviews.$inferSelect;
