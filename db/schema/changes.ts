import { boolean, date, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authorKind, changeState, defectFound, defectSeverity, gateStatus } from "./enums";

export const changes = pgTable(
  "changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    repository: text("repository").notNull(),
    // pull request number, or null for a direct push
    number: integer("number"),
    headSha: text("head_sha"),
    mergeSha: text("merge_sha"),
    title: text("title").notNull(),
    body: text("body"),
    url: text("url"),
    authorLogin: text("author_login"),
    authorKind: authorKind("author_kind").notNull().default("human"),
    agentId: uuid("agent_id"),
    agentLabel: text("agent_label"),
    teamId: uuid("team_id"),
    attributionConfidence: real("attribution_confidence").notNull().default(0),
    attributionEvidence: jsonb("attribution_evidence"),
    sessionId: text("session_id"),
    state: changeState("state").notNull().default("open"),
    baseBranch: text("base_branch"),
    headBranch: text("head_branch"),
    securityAdjacent: boolean("security_adjacent").notNull().default(false),
    flaggedPaths: jsonb("flagged_paths"),
    humanApproved: boolean("human_approved").notNull().default(false),
    mergedBy: text("merged_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    mergedAt: timestamp("merged_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("changes_repo_number_idx").on(t.repository, t.number),
    index("changes_created_idx").on(t.createdAt),
    index("changes_merged_idx").on(t.mergedAt),
    index("changes_agent_idx").on(t.agentId),
    // keyset paging of the /changes list under its common filters
    index("changes_repo_created_idx").on(t.repository, t.createdAt),
    index("changes_kind_created_idx").on(t.authorKind, t.createdAt),
    // CI runs and defects find their change by commit
    index("changes_head_sha_idx").on(t.repository, t.headSha),
    index("changes_merge_sha_idx").on(t.repository, t.mergeSha),
  ],
);

export const changeCommits = pgTable(
  "change_commits",
  {
    sha: text("sha").notNull(),
    changeId: uuid("change_id")
      .notNull()
      .references(() => changes.id, { onDelete: "cascade" }),
    repository: text("repository").notNull(),
    message: text("message").notNull(),
    authorName: text("author_name"),
    authorEmail: text("author_email"),
    authorLogin: text("author_login"),
    committedAt: timestamp("committed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("change_commits_repo_sha_idx").on(t.repository, t.sha), index("change_commits_change_idx").on(t.changeId)],
);

export const gateRuns = pgTable(
  "gate_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    changeId: uuid("change_id"),
    repository: text("repository").notNull(),
    commitSha: text("commit_sha").notNull(),
    pullRequest: integer("pull_request"),
    gate: text("gate").notNull(),
    // static | behaviour | invariants | security | runtime
    stage: text("stage").notNull(),
    status: gateStatus("status").notNull(),
    source: text("source").notNull().default("api"),
    externalId: text("external_id"),
    url: text("url"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    reportFormat: text("report_format"),
    // open findings (what the gate is about); the others are kept but do not count
    findingsCount: integer("findings_count").notNull().default(0),
    findingsSuppressed: integer("findings_suppressed").notNull().default(0),
    findingsDismissed: integer("findings_dismissed").notNull().default(0),
    findingsAbsent: integer("findings_absent").notNull().default(0),
    testsTotal: integer("tests_total"),
    testsFailed: integer("tests_failed"),
    testsSkipped: integer("tests_skipped"),
    proof: jsonb("proof"),
    summary: jsonb("summary"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("gate_runs_change_idx").on(t.changeId),
    index("gate_runs_repo_sha_idx").on(t.repository, t.commitSha),
    index("gate_runs_created_idx").on(t.createdAt),
    // KPI rollups recompute a day of runs by finish time
    index("gate_runs_finished_idx").on(t.finishedAt),
    uniqueIndex("gate_runs_external_idx").on(t.source, t.externalId),
  ],
);

export const gateFindings = pgTable(
  "gate_findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    gateRunId: uuid("gate_run_id")
      .notNull()
      .references(() => gateRuns.id, { onDelete: "cascade" }),
    ruleId: text("rule_id"),
    severity: text("severity").notNull(),
    message: text("message").notNull(),
    path: text("path"),
    line: integer("line"),
    // open | suppressed (SARIF) | dismissed (CycloneDX VEX) | absent (SARIF baselineState)
    status: text("status").notNull().default("open"),
    justification: text("justification"),
  },
  (t) => [index("gate_findings_run_idx").on(t.gateRunId)],
);

export const defects = pgTable(
  "defects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    repository: text("repository").notNull(),
    title: text("title").notNull(),
    severity: defectSeverity("severity").notNull(),
    found: defectFound("found").notNull(),
    detectedAt: timestamp("detected_at", { withTimezone: true }).notNull(),
    url: text("url"),
    introducedSha: text("introduced_sha"),
    introducedChangeId: uuid("introduced_change_id"),
    linkMethod: text("link_method"),
    fixedSha: text("fixed_sha"),
    fixedPullRequest: integer("fixed_pull_request"),
    fixedChangeId: uuid("fixed_change_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("defects_introduced_idx").on(t.introducedChangeId),
    index("defects_detected_idx").on(t.detectedAt),
    index("defects_fixed_change_idx").on(t.fixedChangeId),
  ],
);

// Pull request reviews from pull_request_review webhooks, with the reviewer on record; a
// change's humanApproved is derived from them (lib/changes/reviews.ts).
export const changeReviews = pgTable(
  "change_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    changeId: uuid("change_id")
      .notNull()
      .references(() => changes.id, { onDelete: "cascade" }),
    // GitHub's review id
    reviewId: text("review_id").notNull(),
    reviewerLogin: text("reviewer_login").notNull(),
    // GitHub's user type (User | Bot) and whether Gatehouse counts the reviewer as a person
    reviewerType: text("reviewer_type"),
    human: boolean("human").notNull(),
    // approved | changes_requested | commented | dismissed
    state: text("state").notNull(),
    commitSha: text("commit_sha"),
    url: text("url"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("change_reviews_review_idx").on(t.changeId, t.reviewId), index("change_reviews_change_idx").on(t.changeId, t.submittedAt)],
);

// The gatehouse/compliance commit statuses queued for GitHub (lib/changes/github-status.ts):
// one row per post, retried with the alert webhooks' backoff; the newest row of a commit wins.
export const githubStatusDeliveries = pgTable(
  "github_status_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // null for a test post from Settings → Integrations
    changeId: uuid("change_id").references(() => changes.id, { onDelete: "cascade" }),
    repository: text("repository").notNull(),
    sha: text("sha").notNull(),
    context: text("context").notNull(),
    // pending | success | failure | error (GitHub's commit status states)
    state: text("state").notNull(),
    description: text("description").notNull(),
    targetUrl: text("target_url"),
    // what queued it: head | gate | review | test
    reason: text("reason").notNull(),
    // pending | sending | retrying | delivered | failed | superseded
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("github_status_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("github_status_deliveries_sha_idx").on(t.repository, t.sha, t.createdAt),
    index("github_status_deliveries_change_idx").on(t.changeId, t.createdAt),
    index("github_status_deliveries_created_idx").on(t.createdAt),
  ],
);

export const webhookDeliveries = pgTable("webhook_deliveries", {
  deliveryId: text("delivery_id").primaryKey(),
  event: text("event").notNull(),
  action: text("action"),
  status: text("status").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

// Daily rollups per cohort keep the KPI page fast at scale.
export const kpiDaily = pgTable(
  "kpi_daily",
  {
    day: date("day").notNull(),
    cohortKind: text("cohort_kind").notNull(),
    cohortKey: text("cohort_key").notNull(),
    metric: text("metric").notNull(),
    numerator: real("numerator").notNull().default(0),
    denominator: real("denominator").notNull().default(0),
  },
  (t) => [
    uniqueIndex("kpi_daily_pk").on(t.day, t.cohortKind, t.cohortKey, t.metric),
    // the KPI page reads one cohort kind and a few metrics over a day range
    index("kpi_daily_read_idx").on(t.cohortKind, t.metric, t.day),
  ],
);

export type Change = typeof changes.$inferSelect;
export type GateRun = typeof gateRuns.$inferSelect;
export type Defect = typeof defects.$inferSelect;
export type ChangeReview = typeof changeReviews.$inferSelect;
export type GithubStatusDelivery = typeof githubStatusDeliveries.$inferSelect;
