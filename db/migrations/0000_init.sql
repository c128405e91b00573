CREATE TYPE "public"."agent_kind" AS ENUM('claude_code', 'codex', 'cursor', 'devin', 'copilot', 'custom');--> statement-breakpoint
CREATE TYPE "public"."agent_status" AS ENUM('active', 'suspended', 'retired');--> statement-breakpoint
CREATE TYPE "public"."approval_status" AS ENUM('pending', 'approved', 'denied', 'expired', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."author_kind" AS ENUM('agent', 'human');--> statement-breakpoint
CREATE TYPE "public"."change_state" AS ENUM('open', 'merged', 'closed');--> statement-breakpoint
CREATE TYPE "public"."decision_value" AS ENUM('allow', 'ask', 'deny');--> statement-breakpoint
CREATE TYPE "public"."defect_found" AS ENUM('pre_merge', 'post_merge');--> statement-breakpoint
CREATE TYPE "public"."defect_severity" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."gate_status" AS ENUM('passed', 'failed', 'skipped', 'overridden', 'pending');--> statement-breakpoint
CREATE TYPE "public"."review_outcome" AS ENUM('keep', 'reduce', 'revoke');--> statement-breakpoint
CREATE TYPE "public"."rule_mode" AS ENUM('enforce', 'dry_run');--> statement-breakpoint
CREATE TYPE "public"."rule_tier" AS ENUM('free', 'gated', 'forbidden');--> statement-breakpoint
CREATE TYPE "public"."scope_dimension" AS ENUM('repository', 'branch', 'environment', 'tool', 'path', 'endpoint');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'security_lead', 'approver', 'eng_manager', 'viewer');--> statement-breakpoint
CREATE TYPE "public"."violation_severity" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."violation_status" AS ENUM('open', 'triaged', 'resolved', 'false_positive');--> statement-breakpoint
CREATE TABLE "integration_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"use_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"ip" text,
	"success" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "user_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "user_role" DEFAULT 'viewer' NOT NULL,
	"team_id" uuid,
	"password_hash" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "access_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"outcome" "review_outcome" NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_scopes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"dimension" "scope_dimension" NOT NULL,
	"pattern" text NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"agent_id" uuid,
	"agent_slug" text,
	"initiated_by" text,
	"repository" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_event_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_reason" text
);
--> statement-breakpoint
CREATE TABLE "agent_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"name" text,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"last_used_at" timestamp with time zone,
	"rotated_from_id" uuid
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" "agent_kind" DEFAULT 'custom' NOT NULL,
	"role" text NOT NULL,
	"description" text,
	"team_id" uuid NOT NULL,
	"sponsor_id" uuid NOT NULL,
	"model" text NOT NULL,
	"toolchain_version" text NOT NULL,
	"status" "agent_status" DEFAULT 'active' NOT NULL,
	"status_changed_at" timestamp with time zone,
	"status_changed_by" uuid,
	"status_reason" text,
	"review_period_days" integer,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "control_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"fleet_frozen" boolean DEFAULT false NOT NULL,
	"fleet_frozen_at" timestamp with time zone,
	"fleet_frozen_by" uuid,
	"fleet_frozen_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shadow_agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identifier" text NOT NULL,
	"source" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sightings" integer DEFAULT 1 NOT NULL,
	"example" text,
	"blocked" boolean DEFAULT false NOT NULL,
	"registered_agent_id" uuid
);
--> statement-breakpoint
CREATE TABLE "approval_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid,
	"agent_id" uuid NOT NULL,
	"session_id" text,
	"initiated_by" text,
	"action_type" text NOT NULL,
	"action" jsonb NOT NULL,
	"resource" text,
	"command" text,
	"justification" text,
	"rule_id" text,
	"policy_version" text,
	"risk" integer DEFAULT 50 NOT NULL,
	"status" "approval_status" DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_by_label" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "approval_requests_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1)
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agent_id" uuid,
	"agent_slug" text,
	"session_id" text,
	"initiated_by" text,
	"action_type" text NOT NULL,
	"action" jsonb NOT NULL,
	"decision" "decision_value" NOT NULL,
	"reason" text NOT NULL,
	"rule_id" text,
	"policy_version" text,
	"dry_run" jsonb,
	"approval_id" uuid,
	"source" text DEFAULT 'api' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"policy_version" integer NOT NULL,
	"rule_id" text NOT NULL,
	"description" text,
	"tier" "rule_tier" NOT NULL,
	"mode" "rule_mode" DEFAULT 'enforce' NOT NULL,
	"priority" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"match" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"author_id" uuid,
	"author_label" text,
	"comment" text,
	"diff" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"hash" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_checkpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint NOT NULL,
	"count" bigint NOT NULL,
	"hash" text NOT NULL,
	"signature" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"client_id" text,
	"body_hash" text,
	"time" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" text NOT NULL,
	"type" text NOT NULL,
	"agent_id" uuid,
	"agent_slug" text,
	"actor_user_id" uuid,
	"actor_label" text,
	"initiated_by" text,
	"session_id" text,
	"action_type" text,
	"tool" text,
	"repository" text,
	"branch" text,
	"environment" text,
	"resource" text,
	"command" text,
	"decision" text,
	"decision_id" uuid,
	"rule_id" text,
	"policy_version" text,
	"approval_id" uuid,
	"outcome" text,
	"rollback_ref" text,
	"payload" jsonb,
	"redactions" integer DEFAULT 0 NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" uuid NOT NULL,
	"violation_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"min_severity" "violation_severity" DEFAULT 'high' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_activity" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"violation_id" uuid NOT NULL,
	"user_id" uuid,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_evidence" (
	"violation_id" uuid NOT NULL,
	"event_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"severity" "violation_severity" NOT NULL,
	"status" "violation_status" DEFAULT 'open' NOT NULL,
	"agent_id" uuid,
	"agent_slug" text,
	"title" text NOT NULL,
	"explanation" text NOT NULL,
	"group_key" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assignee_id" uuid,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_commits" (
	"sha" text NOT NULL,
	"change_id" uuid NOT NULL,
	"repository" text NOT NULL,
	"message" text NOT NULL,
	"author_name" text,
	"author_email" text,
	"author_login" text,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repository" text NOT NULL,
	"number" integer,
	"head_sha" text,
	"merge_sha" text,
	"title" text NOT NULL,
	"body" text,
	"url" text,
	"author_login" text,
	"author_kind" "author_kind" DEFAULT 'human' NOT NULL,
	"agent_id" uuid,
	"agent_label" text,
	"team_id" uuid,
	"attribution_confidence" real DEFAULT 0 NOT NULL,
	"attribution_evidence" jsonb,
	"session_id" text,
	"state" "change_state" DEFAULT 'open' NOT NULL,
	"base_branch" text,
	"head_branch" text,
	"security_adjacent" boolean DEFAULT false NOT NULL,
	"flagged_paths" jsonb,
	"human_approved" boolean DEFAULT false NOT NULL,
	"merged_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"merged_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "defects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repository" text NOT NULL,
	"title" text NOT NULL,
	"severity" "defect_severity" NOT NULL,
	"found" "defect_found" NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"url" text,
	"introduced_sha" text,
	"introduced_change_id" uuid,
	"link_method" text,
	"fixed_sha" text,
	"fixed_pull_request" integer,
	"fixed_change_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gate_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gate_run_id" uuid NOT NULL,
	"rule_id" text,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"path" text,
	"line" integer
);
--> statement-breakpoint
CREATE TABLE "gate_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"change_id" uuid,
	"repository" text NOT NULL,
	"commit_sha" text NOT NULL,
	"pull_request" integer,
	"gate" text NOT NULL,
	"stage" text NOT NULL,
	"status" "gate_status" NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"external_id" text,
	"url" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"report_format" text,
	"findings_count" integer DEFAULT 0 NOT NULL,
	"tests_total" integer,
	"tests_failed" integer,
	"tests_skipped" integer,
	"proof" jsonb,
	"summary" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_daily" (
	"day" date NOT NULL,
	"cohort_kind" text NOT NULL,
	"cohort_key" text NOT NULL,
	"metric" text NOT NULL,
	"numerator" real DEFAULT 0 NOT NULL,
	"denominator" real DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"delivery_id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"action" text,
	"status" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_scopes" ADD CONSTRAINT "agent_scopes_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD CONSTRAINT "agent_sessions_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_tokens" ADD CONSTRAINT "agent_tokens_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_sponsor_id_users_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_webhook_id_alert_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."alert_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_activity" ADD CONSTRAINT "violation_activity_violation_id_violations_id_fk" FOREIGN KEY ("violation_id") REFERENCES "public"."violations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violation_evidence" ADD CONSTRAINT "violation_evidence_violation_id_violations_id_fk" FOREIGN KEY ("violation_id") REFERENCES "public"."violations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_commits" ADD CONSTRAINT "change_commits_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_findings" ADD CONSTRAINT "gate_findings_gate_run_id_gate_runs_id_fk" FOREIGN KEY ("gate_run_id") REFERENCES "public"."gate_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "integration_tokens_hash_idx" ON "integration_tokens" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "login_attempts_email_at_idx" ON "login_attempts" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "user_sessions_user_idx" ON "user_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "access_reviews_agent_idx" ON "access_reviews" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "agent_scopes_agent_idx" ON "agent_scopes" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "agent_sessions_agent_idx" ON "agent_sessions" USING btree ("agent_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_tokens_hash_idx" ON "agent_tokens" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "agent_tokens_agent_idx" ON "agent_tokens" USING btree ("agent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agents_slug_idx" ON "agents" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "agents_team_idx" ON "agents" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "agents_status_idx" ON "agents" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "shadow_agents_identifier_idx" ON "shadow_agents" USING btree ("identifier");--> statement-breakpoint
CREATE INDEX "approval_requests_status_idx" ON "approval_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "approval_requests_agent_idx" ON "approval_requests" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "decisions_agent_created_idx" ON "decisions" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "decisions_created_idx" ON "decisions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "policy_rules_version_idx" ON "policy_rules" USING btree ("policy_version","priority");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_version_idx" ON "policy_versions" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_client_id_idx" ON "audit_events" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_id_idx" ON "audit_events" USING btree ("id");--> statement-breakpoint
CREATE INDEX "audit_events_time_idx" ON "audit_events" USING btree ("time","seq");--> statement-breakpoint
CREATE INDEX "audit_events_agent_idx" ON "audit_events" USING btree ("agent_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_session_idx" ON "audit_events" USING btree ("session_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_type_idx" ON "audit_events" USING btree ("type","seq");--> statement-breakpoint
CREATE INDEX "audit_events_approval_idx" ON "audit_events" USING btree ("approval_id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_status_idx" ON "alert_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "violation_activity_violation_idx" ON "violation_activity" USING btree ("violation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "violation_evidence_pk" ON "violation_evidence" USING btree ("violation_id","event_seq");--> statement-breakpoint
CREATE INDEX "violations_status_sev_idx" ON "violations" USING btree ("status","severity","last_seen_at");--> statement-breakpoint
CREATE INDEX "violations_agent_idx" ON "violations" USING btree ("agent_id","last_seen_at");--> statement-breakpoint
CREATE INDEX "violations_group_idx" ON "violations" USING btree ("group_key","last_seen_at");--> statement-breakpoint
CREATE UNIQUE INDEX "change_commits_repo_sha_idx" ON "change_commits" USING btree ("repository","sha");--> statement-breakpoint
CREATE INDEX "change_commits_change_idx" ON "change_commits" USING btree ("change_id");--> statement-breakpoint
CREATE UNIQUE INDEX "changes_repo_number_idx" ON "changes" USING btree ("repository","number");--> statement-breakpoint
CREATE INDEX "changes_created_idx" ON "changes" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "changes_merged_idx" ON "changes" USING btree ("merged_at");--> statement-breakpoint
CREATE INDEX "changes_agent_idx" ON "changes" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "defects_introduced_idx" ON "defects" USING btree ("introduced_change_id");--> statement-breakpoint
CREATE INDEX "defects_detected_idx" ON "defects" USING btree ("detected_at");--> statement-breakpoint
CREATE INDEX "gate_findings_run_idx" ON "gate_findings" USING btree ("gate_run_id");--> statement-breakpoint
CREATE INDEX "gate_runs_change_idx" ON "gate_runs" USING btree ("change_id");--> statement-breakpoint
CREATE INDEX "gate_runs_repo_sha_idx" ON "gate_runs" USING btree ("repository","commit_sha");--> statement-breakpoint
CREATE INDEX "gate_runs_created_idx" ON "gate_runs" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "gate_runs_external_idx" ON "gate_runs" USING btree ("source","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_daily_pk" ON "kpi_daily" USING btree ("day","cohort_kind","cohort_key","metric");