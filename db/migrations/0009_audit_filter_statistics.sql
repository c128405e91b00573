-- The explorer combines filters (agent AND type, agent AND repository, …). Those columns are
-- correlated (an agent works in a few repositories and emits some event types only), and by
-- default the planner multiplies their selectivities as if they were independent: for a
-- combination that never occurs it then expects thousands of hits and walks the primary key
-- backwards looking for 50 of them, through the whole table (442 ms at 1,000,000 events on
-- PostgreSQL). Multi-column MCV statistics on the filter pairs tell it which combinations exist,
-- so a rare one is answered from the two indexes (BitmapAnd: 41 ms) and a common one still from
-- the ordered index scan (< 1 ms).
CREATE STATISTICS IF NOT EXISTS "audit_events_agent_id_type_stx" (mcv) ON "agent_id", "type" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_agent_id_decision_stx" (mcv) ON "agent_id", "decision" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_agent_id_repository_stx" (mcv) ON "agent_id", "repository" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_agent_id_outcome_stx" (mcv) ON "agent_id", "outcome" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_agent_slug_type_stx" (mcv) ON "agent_slug", "type" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_agent_slug_decision_stx" (mcv) ON "agent_slug", "decision" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_agent_slug_repository_stx" (mcv) ON "agent_slug", "repository" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_agent_slug_outcome_stx" (mcv) ON "agent_slug", "outcome" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_type_decision_stx" (mcv) ON "type", "decision" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_type_repository_stx" (mcv) ON "type", "repository" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_type_outcome_stx" (mcv) ON "type", "outcome" FROM "audit_events";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "audit_events_repository_decision_stx" (mcv) ON "repository", "decision" FROM "audit_events";
