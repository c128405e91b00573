import type { ApiRequest } from "@/lib/http/api";
import { normalizeEmail } from "@/lib/approvals/initiators";
import type { ScopeEntry } from "@/lib/registry/scope";
import type { Action, EvaluationResult } from "@/lib/policy/types";
import type { PayloadContext } from "./formats";

/**
 * Who asked and where, for a hook call. Hooks carry no repository, branch, environment or
 * person of their own, so the hook configuration adds them: headers filled from environment
 * variables (Claude Code's `allowedEnvVars`, the hook client), query parameters written into
 * generated settings, or fields the client sends itself (Cursor's `user_email`). Headers win
 * over query parameters, which win over the payload. PURE apart from reading the request.
 */
export interface WhoAndWhere {
  initiatedBy: string | null;
  repository?: string;
  branch?: string;
  environment?: string;
}

export const CONTEXT_HEADERS = {
  repository: "x-gatehouse-repository",
  branch: "x-gatehouse-branch",
  environment: "x-gatehouse-environment",
  initiatedBy: "x-gatehouse-initiated-by",
} as const;
const QUERY = { repository: "repository", branch: "branch", environment: "environment", initiatedBy: "initiated_by" } as const;
const MAX = { repository: 300, branch: 300, environment: 100, initiatedBy: 320 } as const;

/** An unset variable interpolates to "" (Claude Code): empty means absent. Over-long values are dropped, not cut. */
function clean(v: string | undefined | null, max: number): string | undefined {
  const t = v?.trim();
  return t && t.length <= max ? t : undefined;
}

export function whoAndWhere(req: Pick<ApiRequest, "header" | "url">, payload: PayloadContext): WhoAndWhere {
  const pick = (k: keyof typeof QUERY) =>
    clean(req.header(CONTEXT_HEADERS[k]), MAX[k]) ?? clean(req.url.searchParams.get(QUERY[k]), MAX[k]) ?? clean(payload[k], MAX[k]);
  return {
    initiatedBy: normalizeEmail(pick("initiatedBy")),
    repository: pick("repository"),
    branch: pick("branch"),
    environment: pick("environment"),
  };
}

/** The action with the context's repository/branch/environment where the tool call named none. */
export function withContext(action: Action, ctx: WhoAndWhere): Action {
  const out: Action = { ...action };
  if (!out.repository && ctx.repository) out.repository = ctx.repository;
  if (!out.branch && ctx.branch) out.branch = ctx.branch;
  if (!out.environment && ctx.environment) out.environment = ctx.environment;
  return out;
}

export type MissingRepositoryRule = "gated" | "deny" | "scope";

/**
 * An agent whose scope names repositories, asking through a hook that says which repository
 * it works in, is checked against them. When the hook says nothing, the repository check
 * cannot run; the rule decides instead of letting the call count as in scope: `gated` (the
 * default) turns an allow into an approval request, `deny` denies, `scope` keeps the policy's
 * answer (the old behaviour, for operators who accept it). A deny stays a deny.
 */
export function applyMissingRepositoryRule<R extends EvaluationResult>(result: R, scope: ScopeEntry[], action: Action, rule: MissingRepositoryRule): R {
  if (rule === "scope" || action.repository || result.decision === "deny") return result;
  if (!scope.some((e) => e.dimension === "repository")) return result;
  const why = "The hook did not say which repository this agent works in, and its scope is limited to named repositories";
  if (rule === "deny")
    return {
      ...result,
      decision: "deny",
      tier: "forbidden",
      basis: "default",
      rule_id: "hook-missing-repository",
      reason: `${why}. Set GATEHOUSE_REPOSITORY for the session (the hook sends it as X-Gatehouse-Repository).`,
    };
  if (result.decision === "ask") return result;
  return {
    ...result,
    decision: "ask",
    tier: "gated",
    rule_id: "hook-missing-repository",
    reason: `${why}, so a human approves it. Set GATEHOUSE_REPOSITORY for the session to have it checked against the scope instead.`,
  };
}
