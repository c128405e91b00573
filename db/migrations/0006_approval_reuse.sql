ALTER TABLE "approval_requests" ADD COLUMN "action_key" text;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD COLUMN "used_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "approval_requests_action_key_idx" ON "approval_requests" USING btree ("agent_id","action_key","created_at");