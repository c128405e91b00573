import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db";
import { approvalRequests } from "@/db/schema";
import { env } from "@/lib/env";
import { defineApi, json, limitCaller, readJsonBody, type ApiRequest } from "@/lib/http/api";
import { badRequest, toAppError } from "@/lib/http/errors";
import { MAX_JSON_DEPTH } from "@/lib/security/json-guard";
import { ensureExpirySweep, expireDue } from "@/lib/approvals/queries";
import { approvedReason, claimApproval } from "@/lib/approvals/reuse";
import { applyMissingRepositoryRule, whoAndWhere, withContext, type WhoAndWhere } from "@/lib/hooks/context";
import { claudeCodeFormat, copilotFormat, cursorFormat, type HarnessFormat, type Verdict } from "@/lib/hooks/formats";
import { refusalReason, stopReason } from "@/lib/hooks/refusal";
import { hookWait } from "@/lib/hooks/timing";
import { agentActRefusal, authenticateAgentCached, type AgentSnapshotEntry } from "@/lib/auth/machine";
import { hookContext, hookEventType, hookToAction, truncateForAudit, type HookInput } from "./hook-mapping";
import { decide } from "./service";
import { requireOwnSession } from "./session-owner";
import { writerFor } from "./writer";

const POLL_MS = 250;
const BODY_LIMIT = 2 * 1024 * 1024;
/** Per caller and harness route; a refusal is a deny in the client's format (see limitCaller). */
const HOOK_RATE_LIMIT = { perSecond: 20_000, burst: 40_000 };

// The hook JSON is accepted unchanged; these are the only fields the decision path relies on.
const hookSchema = z.looseObject({
  hook_event_name: z.string().min(1).max(100),
  session_id: z.string().max(300).optional(),
  cwd: z.string().max(4000).optional(),
  tool_name: z.string().max(300).optional(),
  tool_input: z.record(z.string(), z.unknown()).optional(),
});

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
 * The verdict for a tool call the harness asks about: the policy's decision for the action
 * (with the hook's repository/branch/environment, its initiator for segregation of duties),
 * recorded; a gated call waits for its approval until a safe margin before the client's timeout.
 */
async function hookVerdict(
  db: Db,
  caller: AgentSnapshotEntry,
  h: HookInput,
  ctx: WhoAndWhere,
  req: ApiRequest,
  started: number,
  harness: string,
  opens: boolean,
): Promise<Verdict> {
  const action = withContext(hookToAction(h), ctx);
  const session = h.session_id
    ? { id: h.session_id, agentId: caller.agent.id, agentSlug: caller.agent.slug, initiatedBy: ctx.initiatedBy, at: new Date(), opens }
    : undefined;
  const description = typeof h.tool_input?.description === "string" ? h.tool_input.description : null;
  const rule = env().GATEHOUSE_HOOK_MISSING_REPOSITORY;
  const { answer } = await decide(
    db,
    caller,
    { action, session_id: h.session_id ?? null, initiated_by: ctx.initiatedBy, justification: description },
    {
      source: "hook",
      payload: {
        hook: {
          harness,
          event: h.hook_event_name,
          tool_name: h.tool_name,
          tool_use_id: h.tool_use_id,
          cwd: h.cwd,
          permission_mode: h.permission_mode,
          tool_input: truncateForAudit(h.tool_input),
        },
      },
      session: caller.agent.status === "active" ? session : undefined,
      context: hookContext(h),
      adjust: (r, a) => applyMissingRepositoryRule(r, caller.scope, a, rule),
    },
  );
  if (answer.decision !== "ask" || !answer.approval_id) return { decision: answer.decision === "allow" ? "allow" : "deny", reason: answer.reason };
  const { wait, timeout } = hookWait(req.url.searchParams);
  const row = wait > 0 ? await waitForApproval(db, answer.approval_id, started + wait * 1000) : await waitForApproval(db, answer.approval_id, 0);
  if (row?.status === "approved") {
    // This call uses the approval (one approval, one call); a twin call that waited on the
    // same request and lost the race is told so rather than let through twice.
    if (!(await claimApproval(db, answer.approval_id)))
      return { decision: "deny", reason: `Approval ${answer.approval_id} was already used by another call; ask again.` };
    return { decision: "allow", reason: approvedReason(answer.approval_id, row.by, row.reason) };
  }
  if (row && row.status !== "pending")
    return {
      decision: "deny",
      reason: `Approval ${answer.approval_id} was ${row.status}${row.by ? ` by ${row.by}` : ""}${row.reason ? `: ${row.reason}` : ""}`,
    };
  const waited =
    timeout === undefined
      ? "The hook URL does not say the client's hook timeout (?timeout_seconds=), so Gatehouse does not wait for the approver."
      : `It is still pending after ${Math.round(wait * 10) / 10} s (the hook times out after ${timeout} s).`;
  return {
    decision: "deny",
    reason: `${answer.reason} Approval ${answer.approval_id} waits in the Gatehouse queue. ${waited} Try the same call again once a human has approved it.`,
  };
}

/** A recorded (not decided) event: its audit event and session touch. */
async function otherEvent(db: Db, caller: AgentSnapshotEntry, h: HookInput, ctx: WhoAndWhere, opens: boolean) {
  const event = h.hook_event_name;
  // Copilot's camelCase names (postToolUse, sessionEnd) are Claude's events.
  const type = hookEventType(event.charAt(0).toUpperCase() + event.slice(1));
  const at = new Date();
  const action = h.tool_name ? withContext(hookToAction(h), ctx) : undefined;
  const { transcript_path, tool_response, tool_input, ...rest } = h;
  await writerFor(db).write({
    audit: [
      {
        actorKind: "agent",
        type,
        time: at,
        agentId: caller.agent.id,
        agentSlug: caller.agent.slug,
        initiatedBy: ctx.initiatedBy,
        sessionId: h.session_id ?? null,
        actionType: action?.type ?? null,
        tool: action?.tool ?? null,
        repository: action?.repository ?? ctx.repository ?? null,
        branch: action?.branch ?? ctx.branch ?? null,
        environment: action?.environment ?? ctx.environment ?? null,
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
          initiatedBy: ctx.initiatedBy,
          at,
          opens,
          ...(type === "session.end" ? { end: { reason: typeof h.reason === "string" ? h.reason : "session ended" } } : {}),
        }
      : undefined,
  });
}

/** The body as JSON, with the same guards as readJson (media type, unstorable text, nesting). */
async function readHookBody(req: ApiRequest): Promise<unknown> {
  // a hook input at the 2 MiB limit is decoded and parsed on a worker thread (issue 16), like readJson's bodies
  const { value, tooDeep } = await readJsonBody(req);
  // Hashing and redaction recurse: 100,000 levels of nesting were a stack overflow (a 500).
  if (tooDeep) throw badRequest(`The hook input nests deeper than ${MAX_JSON_DEPTH} levels.`);
  return value;
}

/**
 * One harness's hook route. The deciding events (PreToolUse and their equivalents) fail closed
 * in the client's own format: every refusal — no, unknown, expired or revoked token, rate limit,
 * unreadable payload, database down, any fault — is a 200 deny with a reason that says what to
 * do, because the clients run the tool on any other status. A killed or retired agent's answers
 * carry the client's "stop the session" where it has one. Other events are recorded and keep
 * their error statuses (API.md).
 */
function hookRoute(format: HarnessFormat) {
  return defineApi(
    async (req) => {
      const started = Date.now();
      let raw: unknown;
      let event: string | undefined;
      let decided = true; // until the payload says otherwise, a refusal is a deny
      let stop: string | undefined;
      try {
        limitCaller(`hooks:${format.harness}`, req, HOOK_RATE_LIMIT);
        raw = await readHookBody(req);
        event = format.eventOf(raw) ?? (req.url.searchParams.get("event") || undefined);
        decided = format.decides(event, req.url.searchParams);
        const normalised = format.toHookInput((raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>, event ?? "");
        const parsed = hookSchema.safeParse(normalised);
        if (!parsed.success) throw badRequest(`The hook input is not a ${format.harness} hook payload (it names no event or has malformed fields).`);
        const h = parsed.data as HookInput;
        const db = await getDb();
        const caller = await authenticateAgentCached(db, req);
        ensureExpirySweep(db);
        // may this agent act (lib/auth/machine.ts)? If not, every event answers "stop the session"
        // and other events are not recorded; deciding events are also denied (and recorded).
        const refusal = agentActRefusal(caller.agent, caller.fleetFrozen);
        stop = refusal && (stopReason(caller.agent) ?? `Gatehouse: ${refusal.message} The session ends here.`);
        const ctx = whoAndWhere(req, format.payloadContext(raw as Record<string, unknown>));
        if (!decided) {
          if (!stop) {
            // another agent's session: 403 session_not_owned (other events keep their statuses)
            const owned = await requireOwnSession(db, caller.agent, h.session_id);
            await otherEvent(db, caller, h, ctx, owned === "new");
          }
          return json(200, format.recorded(event, stop, raw));
        }
        // another agent's session: a deny saying why (below), nothing recorded in that session
        const owned = await requireOwnSession(db, caller.agent, h.session_id);
        const verdict = await hookVerdict(db, caller, h, ctx, req, started, format.harness, owned === "new");
        return json(200, format.answer(event, { ...verdict, ...(stop ? { decision: "deny", stop } : {}) }, raw));
      } catch (err) {
        if (!decided) throw err;
        const e = toAppError(err);
        req.refused?.(req, e); // answered as a deny in the client's format, still a refusal (auth.denied)
        if (e.status >= 500) console.error("[gatehouse] hook decision failed:", refusalReason(err), err instanceof Error ? err.message.split("\n")[0] : "");
        return json(200, format.answer(event, { decision: "deny", reason: refusalReason(err), ...(stop ? { stop } : {}) }, raw));
      }
    },
    { bodyLimit: BODY_LIMIT, rateLimit: false },
  );
}

/** POST /api/hooks/claude-code — Claude Code's and Codex's hook JSON, unchanged. */
export const claudeCodeHookHandler = hookRoute(claudeCodeFormat);
/** POST /api/hooks/cursor — Cursor's hooks (through the hook client: Cursor runs commands). */
export const cursorHookHandler = hookRoute(cursorFormat);
/** POST /api/hooks/copilot — GitHub Copilot CLI / coding agent hooks (through the hook client). */
export const copilotHookHandler = hookRoute(copilotFormat);
