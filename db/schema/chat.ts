import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, jsonb } from "drizzle-orm/pg-core";
import { users } from "./people";
import { approvalRequests } from "./policy";

/**
 * Chat integrations (lib/chat): Slack and Microsoft Teams. One row per provider. `config`
 * holds what may be shown (channel, API base); `secrets` holds the credentials (webhook URLs,
 * bot token, signing secret) as AES-256-GCM ciphertext under a key derived from the
 * instance's NEXTAUTH_SECRET, never shown back in full.
 */
export const chatIntegrations = pgTable("chat_integrations", {
  provider: text("provider").primaryKey(), // 'slack' | 'teams'
  enabled: boolean("enabled").notNull().default(true),
  config: jsonb("config").notNull().default({}),
  secrets: text("secrets").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid("updated_by"),
});

/** A chat user linked (once, by a signed link they opened while signed in) to a Gatehouse person. */
export const chatLinks = pgTable(
  "chat_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    workspaceId: text("workspace_id").notNull().default(""),
    externalUserId: text("external_user_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("chat_links_external_idx").on(t.provider, t.workspaceId, t.externalUserId), index("chat_links_user_idx").on(t.userId)],
);

/**
 * One chat message per approval request and provider, and its delivery queue (as
 * alert_deliveries): the first send posts the message, later sends update it in place when the
 * request's status differs from `shownStatus` (decided anywhere, expired, agent killed).
 */
export const chatMessages = pgTable(
  "chat_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    approvalId: uuid("approval_id")
      .notNull()
      .references(() => approvalRequests.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // where the posted message is (bot token: channel + ts; any mode: the last response_url)
    channel: text("channel"),
    messageTs: text("message_ts"),
    responseUrl: text("response_url"),
    responseUrlAt: timestamp("response_url_at", { withTimezone: true }),
    // the approval status the message shows now (null: not posted yet)
    shownStatus: text("shown_status"),
  },
  (t) => [uniqueIndex("chat_messages_approval_idx").on(t.approvalId, t.provider), index("chat_messages_status_idx").on(t.status, t.nextAttemptAt)],
);

/** Seen request signatures / action ids and used single-use links, until they would be stale anyway. */
export const chatNonces = pgTable(
  "chat_nonces",
  {
    key: text("key").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("chat_nonces_expires_idx").on(t.expiresAt)],
);
