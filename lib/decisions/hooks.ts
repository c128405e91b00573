import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { approvalRequests } from "@/db/schema";
import { defineApi, json, readJson, type ApiRequest } from "@/lib/http/api";
import { requireActiveAgent } from "@/lib/auth/machine";
import { AppError, badRequest, isDatabaseUnavailable } from "@/lib/http/errors";
import { MAX_JSON_DEPTH, jsonDepth } from "@/lib/security/json-guard";
import { ensureExpirySweep, expireDue } from "@/lib/approvals/queries";
import { approvedReason, claimApproval } from "@/lib/approvals/reuse";
import { authenticateAgentCached, type AgentSnapshotEntry } from "./agent-cache";
import { hookContext, hookEventType, hookToAction, permissionRequestAnswer, preToolUseAnswer, truncateForAudit, type HookInput } from "./hook-mapping";
import { decide } from "./service";
import { writerFor } from "./writer";

export const DEFAULT_HOOK_WAIT_SECONDS = 20;
const MAX_HOOK_WAIT_SECONDS = 55;
const POLL_MS = 250;

// Accept the hook JSON unchanged: only the event name is required; everything else passes.
const hookSchema = z.looseObject({
  hook_event_name: z.string().min(1).max(100),
  session_id: z.string().max(300).optional(),
  cwd: z.string().max(4000).optional(),
  tool_name: z.string().max(300).optional(),
  tool_input: z.record(z.string(), z.unknown()).optional(),
});

/** `?wait_seconds=N` on the hook URL sets how long a gated call waits for a human (0–55 s). */
function waitSeconds(req: ApiRequest): number {
  const v = Number(req.url.searchParams.get("wait_seconds"));
  if (!req.url.searchParams.has("wait_seconds") || !Number.isFinite(v)) return DEFAULT_HOOK_WAIT_SECONDS;
  return Math.max(0, Math.min(MAX_HOOK_WAIT_SECONDS, v));
}

/** Polls the approval until decided or the deadline; committed rows only (fail closed). */
export async function waitForApproval(db: Db, id: string, deadline: number) {
  for (;;) {
    const [row] = await db
      .select({ status: approvalRequests.status, reason: approvalRequests.reason, by: approvalRequests.decidedByLabel, expiresAt: approvalRequests.expiresAt })
      .from(approvalRequests)
      .where(eq(approvalRequests.id, id))
      .limit(1);
    if (row && row.status === "pending" && row.expiresAt <= new Date()) {
      await expireDue(db, { ids: [id] });
      continue;
    }
    if (!row || row.status !== "pending") return row;
    if (Date.now() + POLL_MS > deadline) return row;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * The verdict for a tool call the harness asks about (PreToolUse, PermissionRequest): the
 * policy's decision, recorded; a gated call waits for its approval up to the hook's wait.
 */
async function hookVerdict(db: Db, caller: AgentSnapshotEntry, h: HookInput, req: ApiRequest): Promise<Verdict> {
  const action = hookToAction(h);
  const session = h.session_id
    ? { id: h.session_id, agentId: caller.agent.id, agentSlug: caller.agent.slug, at: new Date() }
    : undefined;
  const description = typeof h.tool_input?.description === "string" ? h.tool_input.description : null;
  const { answer } = await decide(
    db,
    caller,
    { action, session_id: h.session_id ?? null, initiated_by: null, justification: description },
    {
      source: "hook",
      payload: { hook: { event: h.hook_event_name, tool_name: h.tool_name, tool_use_id: h.tool_use_id, cwd: h.cwd, permission_mode: h.permission_mode, tool_input: truncateForAudit(h.tool_input) } },
      session: caller.agent.status === "active" ? session : undefined,
      context: hookContext(h),
    },
  );
  if (answer.decision !== "ask" || !answer.approval_id) return { decision: answer.decision === "allow" ? "allow" : "deny", reason: answer.reason };
  const wait = waitSeconds(req);
  const row = await waitForApproval(db, answer.approval_id, Date.now() + wait * 1000);
  if (row?.status === "approved") {
    // This call uses the approval (one approval, one call); a twin call that waited on the
    // same request and lost the race is told so rather than let through twice.
    if (!(await claimApproval(db, answer.approval_id)))
      return { decision: "deny", reason: `Approval ${answer.approval_id} was already used by another call; ask again.` };
    return { decision: "allow", reason: approvedReason(answer.approval_id, row.by, row.reason) };
  }
  if (row && row.status !== "pending")
    return { decision: "deny", reason: `Approval ${answer.approval_id} was ${row.status}${row.by ? ` by ${row.by}` : ""}${row.reason ? `: ${row.reason}` : ""}` };
  return {
    decision: "deny",
    reason: `${answer.reason} Approval ${answer.approval_id} is still pending after ${wait} s; try again once a human has approved it in the Gatehouse queue.`,
  };
}

interface Verdict {
  decision: "allow" | "deny";
  reason: string;
}

/**
 * PreToolUse is always decided. PermissionRequest (the harness's own permission dialog) is
 * decided only when the hook URL asks for it with `?permission_requests=decide`; otherwise it is
 * recorded and answered `{}` like every other event (API.md), and the dialog shows as usual.
 */
function decidedHere(event: string, req: ApiRequest): boolean {
  if (event === "PreToolUse") return true;
  return event === "PermissionRequest" && req.url.searchParams.get("permission_requests") === "decide";
}

/** The events a harness may ask Gatehouse to decide, each answered in its own output format. */
const DECIDED_EVENTS: Record<string, (v: Verdict) => unknown> = {
  PreToolUse: (v) => preToolUseAnswer(v.decision, v.reason),
  PermissionRequest: (v) => permissionRequestAnswer(v.decision, v.reason),
};

async function otherEvent(db: Db, caller: AgentSnapshotEntry, h: HookInput) {
  requireActiveAgent(caller.agent);
  const type = hookEventType(h.hook_event_name);
  const at = new Date();
  const action = h.tool_name ? hookToAction(h) : undefined;
  const { transcript_path, tool_response, tool_input, ...rest } = h;
  await writerFor(db).write({
    audit: [
      {
        actorKind: "agent",
        type,
        time: at,
        agentId: caller.agent.id,
        agentSlug: caller.agent.slug,
        sessionId: h.session_id ?? null,
        actionType: action?.type ?? null,
        tool: action?.tool ?? null,
        resource: action?.resource ?? action?.endpoint ?? null,
        command: action?.command ?? null,
        outcome: type === "tool.failure" ? "failure" : type === "tool.post" ? "success" : null,
        payload: { ...rest, transcript_path, tool_input: truncateForAudit(tool_input), tool_response: truncateForAudit(tool_response) },
      },
    ],
    session: h.session_id
      ? {
          id: h.session_id,
          agentId: caller.agent.id,
          agentSlug: caller.agent.slug,
          at,
          ...(type === "session.end" ? { end: { reason: typeof h.reason === "string" ? h.reason : "session ended" } } : {}),
        }
      : undefined,
  });
  return {};
}

/**
 * POST /api/hooks/claude-code — Claude Code's (and Codex's) HTTP hook JSON, unchanged.
 * PreToolUse (and PermissionRequest with `?permission_requests=decide`) → the policy's decision
 * in that event's output format; every other event is recorded. Anything going wrong after
 * authentication answers
 * deny (fail closed), never an error the harness would treat as "proceed".
 */
export const claudeCodeHookHandler = defineApi(
  async (req) => {
    const db = await getDb();
    const h = (await readJson(req, hookSchema)) as HookInput;
    // Hashing and redaction recurse: 100,000 levels of nesting were a stack overflow (a 500).
    if (jsonDepth(h, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw badRequest(`The hook input nests deeper than ${MAX_JSON_DEPTH} levels.`);
    const caller = await authenticateAgentCached(db, req);
    ensureExpirySweep(db);
    const format = decidedHere(h.hook_event_name, req) ? DECIDED_EVENTS[h.hook_event_name] : undefined;
    if (!format) return json(200, await otherEvent(db, caller, h));
    try {
      return json(200, format(await hookVerdict(db, caller, h, req)));
    } catch (err) {
      if (err instanceof AppError && err.status < 500) throw err;
      console.error("[gatehouse] hook decision failed:", isDatabaseUnavailable(err) ? "database unavailable" : err instanceof Error ? err.message : String(err));
      return json(200, format({ decision: "deny", reason: "Gatehouse could not decide or record this call, so it is denied (fail closed)." }));
    }
  },
  { bodyLimit: 2 * 1024 * 1024, rateLimit: { perSecond: 20_000, burst: 40_000 } },
);
