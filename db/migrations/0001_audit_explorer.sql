ALTER TABLE "audit_chain_head" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "endpoint" text;--> statement-breakpoint
CREATE INDEX "audit_events_repository_idx" ON "audit_events" USING btree ("repository","seq");--> statement-breakpoint
CREATE INDEX "audit_events_decision_idx" ON "audit_events" USING btree ("decision","seq");--> statement-breakpoint
CREATE INDEX "audit_events_agent_slug_idx" ON "audit_events" USING btree ("agent_slug","seq");