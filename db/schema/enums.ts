import { pgEnum } from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["admin", "security_lead", "approver", "eng_manager", "viewer"]);
export const agentKind = pgEnum("agent_kind", ["claude_code", "codex", "cursor", "devin", "copilot", "custom"]);
export const agentStatus = pgEnum("agent_status", ["active", "suspended", "retired"]);
export const scopeDimension = pgEnum("scope_dimension", ["repository", "branch", "environment", "tool", "path", "endpoint"]);
export const ruleTier = pgEnum("rule_tier", ["free", "gated", "forbidden"]);
export const ruleMode = pgEnum("rule_mode", ["enforce", "dry_run"]);
export const decisionValue = pgEnum("decision_value", ["allow", "ask", "deny"]);
export const approvalStatus = pgEnum("approval_status", ["pending", "approved", "denied", "expired", "cancelled"]);
export const reviewOutcome = pgEnum("review_outcome", ["keep", "reduce", "revoke"]);
export const violationSeverity = pgEnum("violation_severity", ["low", "medium", "high", "critical"]);
export const violationStatus = pgEnum("violation_status", ["open", "triaged", "resolved", "false_positive"]);
export const changeState = pgEnum("change_state", ["open", "merged", "closed"]);
export const authorKind = pgEnum("author_kind", ["agent", "human"]);
export const gateStatus = pgEnum("gate_status", ["passed", "failed", "skipped", "overridden", "pending"]);
export const defectFound = pgEnum("defect_found", ["pre_merge", "post_merge"]);
export const defectSeverity = pgEnum("defect_severity", ["low", "medium", "high", "critical"]);
