"use server";
import { eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { agentScopes, agents } from "@/db/schema";
import { authedAction } from "@/lib/auth/action";
import { personActor } from "@/lib/auth/actor";
import { AppError, notFound } from "@/lib/http/errors";
import { freshControl } from "@/lib/registry/control";
import { loadShellParser } from "@/lib/shell/parser";
import { evaluateAction } from "./combine";
import { getActivePolicy, savePolicy } from "./store";
import { REPLAY_MAX_DAYS, replayDraft } from "./replay";
import type { ReplayReport } from "./replay-report";
import { parsePolicyYaml, type PolicyIssue } from "./yaml";

const saveSchema = z.object({
  yaml: z.string().min(1).max(2_000_000),
  comment: z.string().trim().max(500).optional(),
  /** the version the draft was edited from: saving over a newer one is refused (its diff was not reviewed) */
  baseVersion: z.number().int().min(1).optional(),
});

export type SaveResult = { saved: true; version: number } | { saved: false; issues: PolicyIssue[] };

/** Saves the edited policy file as a new version; validation issues come back per rule. */
export const savePolicyAction = authedAction("policies:edit", saveSchema, async (input, user): Promise<SaveResult> => {
  const parsed = parsePolicyYaml(input.yaml);
  if (!parsed.ok) return { saved: false, issues: parsed.issues };
  let row;
  try {
    row = await savePolicy(await getDb(), parsed.document, personActor(user), input.comment || undefined, {
      baseVersion: input.baseVersion,
    });
  } catch (err) {
    if (err instanceof AppError && err.status === 412) return { saved: false, issues: [{ path: "(document)", message: err.message }] };
    throw err;
  }
  revalidatePath("/policies");
  return { saved: true, version: row.version };
});

const opt = z
  .string()
  .trim()
  .max(2000)
  .optional()
  .transform((v) => (v ? v : undefined));
const simulateSchema = z.object({
  agentId: z.string().uuid(),
  type: z.string().trim().min(1).max(200),
  tool: opt,
  repository: opt,
  branch: opt,
  environment: opt,
  resource: opt,
  command: opt,
  endpoint: opt,
});

/** What the active policy would decide for this agent and action (nothing is recorded). */
export const simulateAction = authedAction("dashboard:view", simulateSchema, async (input) => {
  const db = await getDb();
  const [agent] = await db.select().from(agents).where(eq(agents.id, input.agentId)).limit(1);
  if (!agent) throw notFound("No such agent.");
  const scope = await db.select().from(agentScopes).where(eq(agentScopes.agentId, agent.id));
  const control = await freshControl(db);
  const active = await getActivePolicy(db);
  const { agentId: _a, ...action } = input;
  await loadShellParser().catch(() => undefined); // unloaded → shell lines are unanalysable (gated), as in decide()
  const r = evaluateAction(
    {
      agent: {
        status: agent.status,
        role: agent.role,
        kind: agent.kind,
        scope: scope.map((s) => ({ dimension: s.dimension, pattern: s.pattern, validFrom: s.validFrom, validUntil: s.validUntil })),
      },
      action,
      fleetFrozen: control.fleetFrozen,
      now: new Date(),
    },
    active.compiled,
  );
  // The derived actions (a shell line's simple commands…), each with its verdict, and which decided.
  const actions = r.actions.map((v) => ({
    type: v.action.type,
    what: ("source" in v.action && v.action.source) || v.action.command || v.action.resource || v.action.endpoint || v.action.type,
    detail: [
      v.action.branch && `branch ${v.action.branch}`,
      v.action.environment && `environment ${v.action.environment}`,
      v.action.resource && `path ${v.action.resource}`,
      v.action.endpoint && `endpoint ${v.action.endpoint}`,
    ]
      .filter(Boolean)
      .join(", "),
    decision: v.decision,
    rule_id: v.rule_id,
  }));
  return {
    decision: r.decision,
    reason: r.reason,
    rule_id: r.rule_id,
    policy_version: r.policy_version,
    dry_run: r.dry_run,
    basis: r.basis,
    actions,
    decided_by: r.decided_by,
    unanalysable: r.unanalysable,
  };
});

const replaySchema = z.object({ yaml: z.string().min(1).max(2_000_000), days: z.coerce.number().int().min(1).max(REPLAY_MAX_DAYS) });

export type ReplayResult = { valid: true; report: ReplayReport } | { valid: false; issues: PolicyIssue[] };

/** The draft replayed against the recorded decisions of the last days (nothing is saved). */
export const replayDraftAction = authedAction("policies:edit", replaySchema, async (input): Promise<ReplayResult> => {
  const parsed = parsePolicyYaml(input.yaml);
  if (!parsed.ok) return { valid: false, issues: parsed.issues };
  return { valid: true, report: await replayDraft(await getDb(), parsed.document, { days: input.days }) };
});
