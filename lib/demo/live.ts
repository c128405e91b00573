// Live traffic for a demo instance: demo agents keep asking for actions through the same
// decision path as real ones (policy, group-commit recording, approval requests), so that the
// approval queue, the audit trail and the overview stay alive after the seeded requests expire —
// and new requests can be seen arriving in the queue. Only with demo data on; GATEHOUSE_DEMO_LIVE=0
// turns it off (the end-to-end tests do, to keep the demo state still).
import { randomInt, randomUUID } from "node:crypto";
import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentTokens, agents, approvalRequests } from "@/db/schema";
import { evaluateAction } from "@/lib/policy/combine";
import { loadShellParser } from "@/lib/shell/parser";
import { getActivePolicy } from "@/lib/policy/store";
import type { Action } from "@/lib/policy/types";
import { loadAgentSnapshotById, type AgentSnapshotEntry } from "@/lib/decisions/agent-cache";
import { decide } from "@/lib/decisions/service";
import { writerFor } from "@/lib/decisions/writer";

/** The queue is topped up with gated requests while fewer than this many are pending. */
export const DEMO_PENDING_TARGET = 5;
const SESSION_MS = 10 * 60_000;

const MODULES = ["checkout", "ledger", "refunds", "gateway", "scim", "wallet", "notifications", "journal", "ratelimit", "onboarding"];
const PACKAGES = ["zod", "pino", "undici", "date-fns", "p-limit", "ioredis"];

type Template = (m: string, n: number, repo: string | undefined) => Action;

/** Actions the default policy gates (infrastructure, dependency changes). */
const GATED: Template[] = [
  (m, _n, repository) => ({ type: "shell.exec", tool: "Bash", repository, command: `terraform plan -target=module.${m}` }),
  (m, _n, repository) => ({ type: "shell.exec", tool: "Bash", repository, environment: "staging", command: `terraform apply -target=module.${m}` }),
  (m, _n, repository) => ({ type: "shell.exec", tool: "Bash", repository, environment: "staging", command: `kubectl rollout restart deploy/${m} -n staging` }),
  (m, n, repository) => ({
    type: "shell.exec",
    tool: "Bash",
    repository,
    environment: "staging",
    command: `kubectl scale deploy/${m} --replicas=${2 + (n % 4)} -n staging`,
  }),
  (m, _n, repository) => ({ type: "shell.exec", tool: "Bash", repository, environment: "staging", command: `kubectl delete pod -l app=${m} -n staging` }),
  (_m, n, repository) => ({ type: "shell.exec", tool: "Bash", repository, command: `npm install ${PACKAGES[n % PACKAGES.length]}@^${1 + (n % 9)}.${n % 7}.0` }),
];

/** Everyday actions the default policy lets through. */
const FREE: Template[] = [
  (m, _n, repository) => ({ type: "file.read", tool: "Read", repository, resource: `src/${m}/service.ts` }),
  (m, _n, repository) => ({ type: "file.write", tool: "Edit", repository, resource: `src/${m}/handler.ts` }),
  (m, _n, repository) => ({ type: "shell.exec", tool: "Bash", repository, command: `npm test -- ${m}` }),
  (m, _n, repository) => ({ type: "shell.exec", tool: "Bash", repository, command: `npx eslint src/${m}` }),
];

const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)];

function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A repository the agent may touch: a listed one, or a wildcard filled in with a module name. */
function repositoryFor(snap: AgentSnapshotEntry): string | undefined {
  const repos = snap.scope.filter((s) => s.dimension === "repository").map((s) => s.pattern);
  if (!repos.length) return undefined;
  const r = pick(repos);
  return r.includes("*") ? r.replace(/\*+/g, pick(MODULES)) : r;
}

const sessions = new Map<string, { id: string; since: number }>();

function sessionOf(agentId: string, now: number) {
  const s = sessions.get(agentId);
  if (s && now - s.since < SESSION_MS) return s.id;
  const id = randomUUID();
  sessions.set(agentId, { id, since: now });
  return id;
}

export interface DemoStep {
  agent: string;
  action: Action;
  decision: "allow" | "ask" | "deny";
  approvalId?: string;
}

/**
 * One request from one active demo agent: a gated action while the queue holds fewer than
 * DEMO_PENDING_TARGET pending requests (and now and then otherwise), else an everyday one.
 * The action is chosen so that the agent's own scope and the active policy give the wanted
 * tier — the live traffic does not manufacture violations. Undefined when no agent fits.
 */
export async function demoStep(db: Db, now = new Date()): Promise<DemoStep | undefined> {
  const [{ pending }] = await db
    .select({ pending: count() })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.status, "pending"), gt(approvalRequests.expiresAt, now)));
  const wantAsk = pending < DEMO_PENDING_TARGET || randomInt(10) === 0;
  const candidates = await db
    .selectDistinct({ id: agents.id })
    .from(agents)
    .innerJoin(agentTokens, eq(agentTokens.agentId, agents.id))
    .where(and(eq(agents.status, "active"), isNull(agentTokens.revokedAt), gt(agentTokens.expiresAt, now)));
  const policy = await getActivePolicy(db);
  await loadShellParser().catch(() => undefined); // the same analysis decide() runs, so both agree
  for (const { id } of shuffled(candidates).slice(0, 8)) {
    const snap = await loadAgentSnapshotById(db, id);
    if (!snap || snap.fleetFrozen) continue;
    const repo = repositoryFor(snap);
    for (const template of shuffled(wantAsk ? GATED : FREE)) {
      const action = template(pick(MODULES), randomInt(10_000), repo);
      const agentView = { status: snap.agent.status, role: snap.agent.role, kind: snap.agent.kind, scope: snap.scope };
      const r = evaluateAction({ agent: agentView, action, fleetFrozen: false, now }, policy.compiled);
      if (r.decision !== (wantAsk ? "ask" : "allow")) continue;
      const sessionId = sessionOf(id, now.getTime());
      const initiatedBy = snap.sponsorEmail;
      const out = await decide(
        db,
        snap,
        {
          action,
          session_id: sessionId,
          initiated_by: initiatedBy,
          justification: wantAsk ? `Needed for the ${action.command ?? action.type} step of the current task.` : null,
        },
        { source: "api", session: { id: sessionId, agentId: id, agentSlug: snap.agent.slug, initiatedBy, at: now } },
      );
      // Demo calls skip the token lookup that marks an agent seen: mark it here, at its newest event.
      let seenAt = now;
      if (out.answer.decision === "allow") {
        // …and what the tool did, as the agent's PostToolUse / PostToolUseFailure hook would report it
        const failed = randomInt(10) === 0;
        seenAt = new Date(now.getTime() + 1 + randomInt(3_000));
        await writerFor(db).write({
          audit: [
            {
              actorKind: "agent",
              type: failed ? "tool.failure" : "tool.post",
              time: seenAt,
              agentId: id,
              agentSlug: snap.agent.slug,
              sessionId,
              initiatedBy,
              actionType: action.type,
              tool: action.tool ?? null,
              repository: action.repository ?? null,
              resource: action.resource ?? null,
              command: action.command ?? null,
              outcome: failed ? "failure" : "success",
              payload: { tool_name: action.tool, decision_id: out.answer.decision_id, ...(failed ? { error: "exit code 1" } : {}) },
            },
          ],
        });
      }
      // the decision's own events carry the time they were written, after `now`
      const seen = new Date(Math.max(Date.now(), seenAt.getTime())).toISOString();
      await db
        .update(agents)
        .set({ lastSeenAt: sql`greatest(${agents.lastSeenAt}, ${seen}::timestamptz)` })
        .where(eq(agents.id, id));
      return { agent: snap.agent.slug, action, decision: out.answer.decision, approvalId: out.answer.approval_id };
    }
  }
  return undefined;
}

/** Runs demoStep every few seconds (jittered) until the process ends; failures are skipped. */
export function startDemoTraffic(getDb: () => Promise<Db>, everyMs = 8_000, log: (s: string) => void = console.log) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      await demoStep(await getDb());
    } catch {
      // the next tick tries again (database busy, shutting down, …)
    }
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => void tick(), everyMs / 2 + randomInt(everyMs));
    timer.unref();
  };
  schedule();
  log(`Demo traffic on: demo agents keep making requests every ~${Math.round(everyMs / 1000)} s (GATEHOUSE_DEMO_LIVE=0 turns it off).`);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
