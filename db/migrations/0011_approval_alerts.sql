ALTER TABLE "alert_deliveries" ALTER COLUMN "violation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD COLUMN "approval_id" uuid;--> statement-breakpoint
ALTER TABLE "alert_webhooks" ADD COLUMN "notify_approvals" boolean DEFAULT false NOT NULL;