import "server-only";
import { and, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentScopes, agents, auditEvents, decisions } from "@/db/schema";
import { loadShellParser } from "@/lib/shell/parser";
import { evaluateToolCall } from "./combine";
import { compilePolicy, type CompiledPolicy } from "./compile";
import { deriveActions } from "./derive";
import { buildReplayReport, type ReplayOutcome, type ReplayReport } from "./replay-report";
import { getActivePolicy } from "./store";
import type { Action, AgentSnapshot, DecisionValue, PolicyDocument } from "./types";

export const REPLAY_MAX_DAYS = 30;
/** Newest first; past this many decisions the replay stops and says so. */
export const REPLAY_MAX_ROWS = 5000;
const PAGE = 500;
const YIELD_EVERY = 25;
const DAY = 86_400_000;

export interface ReplayOptions {
  days: number;
  /** at most REPLAY_MAX_ROWS */
  maxRows?: number;
  now?: Date;
  /** rows per keyset page (tests use small pages to cross page boundaries) */
  pageSize?: number;
}

type Row = {
  id: string;
  agentId: string | null;
  agentSlug: string | null;
  action: unknown;
  decision: DecisionValue;
  createdAt: Date;
  /** the keyset cursor, as the database prints it (keeps microseconds a JS Date would drop) */
  at: string;
  seq: number;
  cwd: string | null;
};

/** One page of recorded decisions, newest first, strictly before the cursor. */
async function decisionPage(db: Db, from: Date, to: Date, limit: number, cursor: { at: string; seq: number } | null): Promise<Row[]> {
  return (
    db
      .select({
        id: decisions.id,
        agentId: decisions.agentId,
        agentSlug: decisions.agentSlug,
        action: decisions.action,
        decision: decisions.decision,
        createdAt: decisions.createdAt,
        at: sql<string>`${decisions.createdAt}::text`,
        seq: decisions.eventSeq,
        cwd: sql<string | null>`${auditEvents.payload}->'hook'->>'cwd'`,
      })
      .from(decisions)
      .innerJoin(auditEvents, eq(auditEvents.seq, decisions.eventSeq))
      .where(
        and(
          gte(decisions.createdAt, from),
          lte(decisions.createdAt, to),
          cursor ? sql`(${decisions.createdAt}, ${decisions.eventSeq}) < (${cursor.at}::timestamptz, ${cursor.seq}::bigint)` : undefined,
        ),
      )
      // the time index (time, seq) bounds the scan to the window; the cursor pages it
      .orderBy(desc(decisions.createdAt), desc(decisions.eventSeq))
      .limit(limit)
  );
}

/** Today's role, kind and scope of each agent (status aside: the replay asks what the policy does). */
async function loadAgents(db: Db, ids: string[], into: Map<string, AgentSnapshot | null>) {
  const wanted = [...new Set(ids)].filter((id) => !into.has(id));
  if (wanted.length === 0) return;
  const [rows, scopes] = await Promise.all([
    db.select({ id: agents.id, role: agents.role, kind: agents.kind }).from(agents).where(inArray(agents.id, wanted)),
    db
      .select({
        agentId: agentScopes.agentId,
        dimension: agentScopes.dimension,
        pattern: agentScopes.pattern,
        validFrom: agentScopes.validFrom,
        validUntil: agentScopes.validUntil,
      })
      .from(agentScopes)
      .where(inArray(agentScopes.agentId, wanted)),
  ]);
  for (const id of wanted) into.set(id, null);
  for (const r of rows) {
    into.set(r.id, {
      status: "active",
      role: r.role,
      kind: r.kind,
      scope: scopes
        .filter((s) => s.agentId === r.id)
        .map((s) => ({ dimension: s.dimension, pattern: s.pattern, validFrom: s.validFrom, validUntil: s.validUntil })),
    });
  }
}

function summarise(a: Action): string {
  const what = a.command || a.resource || a.endpoint || a.type;
  const where = [a.repository, a.branch && `@${a.branch}`, a.environment && `(${a.environment})`].filter(Boolean).join(" ");
  const s = where ? `${what} · ${where}` : what;
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

function toAction(raw: unknown): Action | null {
  if (!raw || typeof raw !== "object") return null;
  const o = raw as Record<string, unknown>;
  if (typeof o.type !== "string") return null;
  const a: Action = { type: o.type };
  for (const k of ["tool", "repository", "branch", "environment", "resource", "command", "endpoint"] as const)
    if (typeof o[k] === "string") a[k] = o[k] as string;
  return a;
}

/** Both policies' answer for one recorded call: its actions are derived once and decided twice. */
export function decideBoth(agent: AgentSnapshot, action: Action, at: Date, cwd: string | null, before: CompiledPolicy, after: CompiledPolicy) {
  const { actions, unanalysable } = deriveActions(action, { cwd });
  const input = { agent, fleetFrozen: false, now: at };
  const b = evaluateToolCall(input, actions, before, unanalysable);
  const n = evaluateToolCall(input, actions, after, unanalysable);
  return { before: { decision: b.decision, ruleId: b.rule_id }, after: { decision: n.decision, ruleId: n.rule_id } };
}

/**
 * Replays the recorded decisions of the last `days` days (newest first, at most `maxRows`, paged
 * by keyset) under the active policy and under the draft, and reports what would change. Both
 * sides are decided now, with each agent's current scope and as if it were active, so the only
 * difference between them is the draft: the recorded decision is shown beside, not compared.
 */
export async function replayDraft(db: Db, draft: PolicyDocument, opts: ReplayOptions): Promise<ReplayReport> {
  const days = Math.min(Math.max(1, Math.floor(opts.days)), REPLAY_MAX_DAYS);
  const maxRows = Math.min(Math.max(1, Math.floor(opts.maxRows ?? REPLAY_MAX_ROWS)), REPLAY_MAX_ROWS);
  const pageSize = Math.max(1, Math.min(opts.pageSize ?? PAGE, PAGE));
  const to = opts.now ?? new Date();
  const from = new Date(to.getTime() - days * DAY);
  const before = (await getActivePolicy(db)).compiled;
  const after = compilePolicy(draft, "draft");
  await loadShellParser().catch(() => undefined); // unloaded → shell lines are unanalysable on both sides alike
  const agentMap = new Map<string, AgentSnapshot | null>();
  const outcomes: ReplayOutcome[] = [];
  let read = 0;
  let skipped = 0;
  let truncated = false;
  let cursor: { at: string; seq: number } | null = null;
  for (;;) {
    const limit = Math.min(pageSize, maxRows - read);
    const rows = await decisionPage(db, from, to, limit, cursor);
    await loadAgents(
      db,
      rows.map((r) => r.agentId).filter((x): x is string => !!x),
      agentMap,
    );
    for (const [i, r] of rows.entries()) {
      // the decision hot path shares this event loop: never hold it for more than a few calls
      if (i > 0 && i % YIELD_EVERY === 0) await new Promise<void>((done) => setImmediate(done));
      const agent = r.agentId ? agentMap.get(r.agentId) : null;
      const action = toAction(r.action);
      if (!agent || !action) {
        skipped++;
        continue;
      }
      const both = decideBoth(agent, action, r.createdAt, r.cwd, before, after);
      outcomes.push({
        decisionId: r.id,
        agentSlug: r.agentSlug ?? r.agentId ?? "unknown",
        at: r.createdAt,
        summary: summarise(action),
        actionType: action.type,
        recorded: r.decision,
        ...both,
      });
    }
    read += rows.length;
    if (rows.length < limit) break; // the window is exhausted
    if (read >= maxRows) {
      // full pages up to the cap: is anything older left in the window?
      const last = rows[rows.length - 1];
      truncated = (await decisionPage(db, from, to, 1, { at: last.at, seq: last.seq })).length > 0;
      break;
    }
    const last = rows[rows.length - 1];
    cursor = { at: last.at, seq: last.seq };
  }
  return buildReplayReport(outcomes, { from, to, days, truncated, skipped });
}
