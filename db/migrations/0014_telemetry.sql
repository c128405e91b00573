CREATE TABLE "telemetry_buckets" (
	"bucket_start" timestamp with time zone NOT NULL,
	"agent_id" uuid,
	"agent_slug" text NOT NULL,
	"session_id" text DEFAULT '' NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"value" double precision DEFAULT 0 NOT NULL,
	"points" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telemetry_budget_alerts" (
	"budget_id" uuid NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"threshold" integer NOT NULL,
	"spent_usd" double precision NOT NULL,
	"violation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "telemetry_budget_alerts_budget_id_period_start_threshold_pk" PRIMARY KEY("budget_id","period_start","threshold")
);
--> statement-breakpoint
CREATE TABLE "telemetry_budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid,
	"team_id" uuid,
	"period" text DEFAULT 'month' NOT NULL,
	"limit_usd" numeric(14, 6) NOT NULL,
	"thresholds" integer[] DEFAULT '{80,100}' NOT NULL,
	"auto_suspend" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telemetry_series" (
	"series_key" text PRIMARY KEY NOT NULL,
	"start_ns" bigint NOT NULL,
	"last_value" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "telemetry_buckets" ADD CONSTRAINT "telemetry_buckets_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telemetry_budget_alerts" ADD CONSTRAINT "telemetry_budget_alerts_budget_id_telemetry_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."telemetry_budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telemetry_budgets" ADD CONSTRAINT "telemetry_budgets_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telemetry_budgets" ADD CONSTRAINT "telemetry_budgets_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "telemetry_buckets_key" ON "telemetry_buckets" USING btree ("bucket_start","agent_slug","session_id","model","kind");--> statement-breakpoint
CREATE INDEX "telemetry_buckets_agent_idx" ON "telemetry_buckets" USING btree ("agent_id","kind","bucket_start");--> statement-breakpoint
CREATE INDEX "telemetry_buckets_kind_idx" ON "telemetry_buckets" USING btree ("kind","bucket_start");--> statement-breakpoint
CREATE INDEX "telemetry_buckets_session_idx" ON "telemetry_buckets" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "telemetry_budgets_agent_idx" ON "telemetry_budgets" USING btree ("agent_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "telemetry_budgets_team_idx" ON "telemetry_budgets" USING btree ("team_id","period");