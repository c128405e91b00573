ALTER TABLE "gate_findings" ADD COLUMN "status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "gate_findings" ADD COLUMN "justification" text;--> statement-breakpoint
ALTER TABLE "gate_runs" ADD COLUMN "findings_suppressed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "gate_runs" ADD COLUMN "findings_dismissed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "gate_runs" ADD COLUMN "findings_absent" integer DEFAULT 0 NOT NULL;