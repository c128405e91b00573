CREATE TABLE "change_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"change_id" uuid NOT NULL,
	"review_id" text NOT NULL,
	"reviewer_login" text NOT NULL,
	"reviewer_type" text,
	"human" boolean NOT NULL,
	"state" text NOT NULL,
	"commit_sha" text,
	"url" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "github_status_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"change_id" uuid,
	"repository" text NOT NULL,
	"sha" text NOT NULL,
	"context" text NOT NULL,
	"state" text NOT NULL,
	"description" text NOT NULL,
	"target_url" text,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "change_reviews" ADD CONSTRAINT "change_reviews_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "github_status_deliveries" ADD CONSTRAINT "github_status_deliveries_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "change_reviews_review_idx" ON "change_reviews" USING btree ("change_id","review_id");--> statement-breakpoint
CREATE INDEX "change_reviews_change_idx" ON "change_reviews" USING btree ("change_id","submitted_at");--> statement-breakpoint
CREATE INDEX "github_status_deliveries_due_idx" ON "github_status_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "github_status_deliveries_sha_idx" ON "github_status_deliveries" USING btree ("repository","sha","created_at");--> statement-breakpoint
CREATE INDEX "github_status_deliveries_change_idx" ON "github_status_deliveries" USING btree ("change_id","created_at");--> statement-breakpoint
CREATE INDEX "github_status_deliveries_created_idx" ON "github_status_deliveries" USING btree ("created_at");