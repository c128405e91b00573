import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

// Append-only, hash-chained. `seq` is the chain position; `hash` covers the canonical form
// of the row and `prev_hash`.
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    id: uuid("id").notNull(),
    // client idempotency key (the `id` of POST /api/v1/events); null for server-made events
    clientId: text("client_id"),
    bodyHash: text("body_hash"),
    time: timestamp("time", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    // agent | human | system
    actorKind: text("actor_kind").notNull(),
    type: text("type").notNull(),
    agentId: uuid("agent_id"),
    agentSlug: text("agent_slug"),
    actorUserId: uuid("actor_user_id"),
    actorLabel: text("actor_label"),
    initiatedBy: text("initiated_by"),
    sessionId: text("session_id"),
    actionType: text("action_type"),
    tool: text("tool"),
    repository: text("repository"),
    branch: text("branch"),
    environment: text("environment"),
    resource: text("resource"),
    command: text("command"),
    // network.request and other outbound actions: the URL the agent called
    endpoint: text("endpoint"),
    decision: text("decision"),
    decisionId: uuid("decision_id"),
    ruleId: text("rule_id"),
    policyVersion: text("policy_version"),
    approvalId: uuid("approval_id"),
    outcome: text("outcome"),
    rollbackRef: text("rollback_ref"),
    payload: jsonb("payload"),
    redactions: integer("redactions").notNull().default(0),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
    // A payload too large for the chained statement (lib/audit/payload-store.ts): `payload` is
    // null and these reference it — the SHA-256 of its canonical JSON bytes, stored in
    // audit_payload_chunks before this row, and their count. Both are covered by the row's hash.
    payloadSha256: text("payload_sha256"),
    payloadBytes: bigint("payload_bytes", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("audit_events_client_id_idx").on(t.clientId),
    uniqueIndex("audit_events_id_idx").on(t.id),
    index("audit_events_time_idx").on(t.time, t.seq),
    index("audit_events_agent_idx").on(t.agentId, t.seq),
    index("audit_events_session_idx").on(t.sessionId, t.seq),
    index("audit_events_type_idx").on(t.type, t.seq),
    // partial: most events run under no approval, most ingested events carry no decision
    index("audit_events_approval_idx")
      .on(t.approvalId)
      .where(sql`approval_id IS NOT NULL`),
    // explorer filters page newest-first by seq within one value
    index("audit_events_repository_idx").on(t.repository, t.seq),
    index("audit_events_decision_idx")
      .on(t.decision, t.seq)
      .where(sql`decision IS NOT NULL`),
    index("audit_events_agent_slug_idx").on(t.agentSlug, t.seq),
    // the `decisions` view looked up by decision id
    index("audit_events_decision_id_idx")
      .on(t.decisionId)
      .where(sql`decision_id IS NOT NULL`),
  ],
);

// Large audit payloads, content-addressed: the canonical JSON text of one payload (its UTF-8 bytes
// hash to `digest`) cut into parts of at most 256 KiB at character boundaries, written before the
// chained row that references it (audit_events.payload_sha256). Append-only, like audit_events.
export const auditPayloadChunks = pgTable(
  "audit_payload_chunks",
  {
    digest: text("digest").notNull(),
    part: integer("part").notNull(),
    data: text("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.digest, t.part] })],
);

// The head of the chain, locked (FOR UPDATE) by each appender so that instances sharing
// one PostgreSQL append in one order.
export const auditChainHead = pgTable("audit_chain_head", {
  id: integer("id").primaryKey().default(1),
  seq: bigint("seq", { mode: "number" }).notNull().default(0),
  hash: text("hash").notNull(),
  count: bigint("count", { mode: "number" }).notNull().default(0),
  // HMAC of seq:count:hash with GATEHOUSE_AUDIT_KEY, rewritten by every append: a tail
  // truncated after the newest checkpoint cannot be re-signed without the key.
  signature: text("signature"),
});

// Signed with GATEHOUSE_AUDIT_KEY (kept outside the database): a truncated tail or a chain
// rewritten end to end no longer matches the newest signature.
export const auditCheckpoints = pgTable("audit_checkpoints", {
  id: uuid("id").primaryKey().defaultRandom(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  count: bigint("count", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
  signature: text("signature").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
