DROP INDEX "audit_events_approval_idx";--> statement-breakpoint
DROP INDEX "audit_events_decision_idx";--> statement-breakpoint
CREATE INDEX "audit_events_approval_idx" ON "audit_events" USING btree ("approval_id") WHERE approval_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_events_decision_idx" ON "audit_events" USING btree ("decision","seq") WHERE decision IS NOT NULL;