import { asc, inArray } from "drizzle-orm";
import { z } from "zod";
import { createTeam } from "@/lib/people/queries";
import { getDb, type Db } from "@/lib/db";
import { agentScopes, teams, type Agent, type AgentScope } from "@/db/schema";
import { defineApi, json, parseQuery, readJson, type ApiRequest } from "@/lib/http/api";
import { AppError, forbidden, notFound } from "@/lib/http/errors";
import { authenticateMachine, requireAgentMayAct, requireScope, type MachineCaller } from "@/lib/auth/machine";
import { killAgent, resumeAgent } from "./lifecycle";
import { findAgent } from "./lookup";
import { listAgents, scopesOf } from "./queries";
import { agentFilterSchema, createAgentApiSchema, issueTokenApiSchema, reasonSchema, scopeEntryInputSchema, teamApiSchema } from "./schemas";
import { entriesFromLists, listsFromEntries } from "./scope";
import { issueAgentToken } from "./tokens";
import { machineActor, type Actor } from "@/lib/auth/actor";
import { createAgent } from "./write";

/**
 * Registry management API (API.md "Registry management"). Integration tokens need
 * agents:write for writes and agents:read (or agents:write) for reads; an agent token may read
 * only its own agent, and only while it is active.
 */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The registry's name for a machine caller in the audit trail. */
function callerActor(caller: MachineCaller): Actor {
  return machineActor(caller.kind === "integration" ? `integration:${caller.name} (${caller.tokenPrefix})` : `agent:${caller.agent.slug}`);
}

export function agentJson(a: Agent, extra: { team: string; sponsor: string }, scopes: AgentScope[]) {
  return {
    id: a.id,
    slug: a.slug,
    name: a.name,
    kind: a.kind,
    role: a.role,
    description: a.description,
    status: a.status,
    status_reason: a.statusReason,
    status_changed_at: iso(a.statusChangedAt),
    team: extra.team,
    sponsor: extra.sponsor,
    model: a.model,
    toolchain: a.toolchainVersion,
    scope: listsFromEntries(scopes),
    scope_entries: scopes.map((s) => ({ dimension: s.dimension, pattern: s.pattern, valid_from: iso(s.validFrom), valid_until: iso(s.validUntil) })),
    review_period_days: a.reviewPeriodDays,
    last_seen_at: iso(a.lastSeenAt),
    created_at: iso(a.createdAt),
    updated_at: iso(a.updatedAt),
  };
}

async function fullAgentJson(db: Db, agent: Agent) {
  const { rows } = await listAgents(db, { pageSize: 1 }, { ids: [agent.id] });
  const r = rows[0];
  return agentJson(agent, { team: r?.teamSlug ?? "", sponsor: r?.sponsorEmail ?? "" }, await scopesOf(db, agent.id));
}

async function caller(db: Db, req: ApiRequest) {
  return authenticateMachine(db, req);
}

const scopeEntriesApi = z
  .array(
    z.object({
      dimension: z.string(),
      pattern: z.string(),
      valid_from: z.string().datetime({ offset: true }).nullable().optional(),
      valid_until: z.string().datetime({ offset: true }).nullable().optional(),
    }),
  )
  .max(500);

const createBody = createAgentApiSchema.extend({ scope_entries: scopeEntriesApi.optional() });

export const createTeamHandler = defineApi(async (req) => {
  const db = await getDb();
  const c = await caller(db, req);
  requireScope(c, "agents:write");
  const body = await readJson(req, teamApiSchema);
  const team = await createTeam(db, body, callerActor(c));
  return json(201, { id: team.id, slug: team.slug, name: team.name, created_at: iso(team.createdAt) });
});

export const listTeamsHandler = defineApi(async (req) => {
  const db = await getDb();
  const c = await caller(db, req);
  requireScope(c, "agents:read");
  const rows = await db.select().from(teams).orderBy(asc(teams.slug));
  return json(200, { teams: rows.map((t) => ({ id: t.id, slug: t.slug, name: t.name, created_at: iso(t.createdAt) })) });
});

export const listAgentsHandler = defineApi(async (req) => {
  const filter = parseQuery(req, agentFilterSchema.extend({ page_size: z.coerce.number().int().min(1).max(1000).optional() }));
  const db = await getDb();
  const c = await caller(db, req);
  requireScope(c, "agents:read");
  const list = await listAgents(db, { ...filter, pageSize: filter.page_size ?? filter.pageSize });
  const ids = list.rows.map((r) => r.id);
  const scopes = ids.length ? await db.select().from(agentScopes).where(inArray(agentScopes.agentId, ids)) : [];
  const byAgent = new Map<string, AgentScope[]>();
  for (const s of scopes) byAgent.set(s.agentId, [...(byAgent.get(s.agentId) ?? []), s]);
  return json(200, {
    agents: list.rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      kind: r.kind,
      role: r.role,
      status: r.status,
      team: r.teamSlug,
      sponsor: r.sponsorEmail,
      model: r.model,
      toolchain: r.toolchainVersion,
      scope: listsFromEntries(byAgent.get(r.id) ?? []),
      risk: r.risk,
      risk_score: r.riskScore,
      last_seen_at: iso(r.lastSeenAt),
      open_violations: r.openViolations,
      pending_approvals: r.pendingApprovals,
      review_overdue: r.reviewOverdue,
      created_at: iso(r.createdAt),
    })),
    total: list.total,
    page: list.page,
    page_size: list.pageSize,
  });
});

export const createAgentHandler = defineApi(async (req) => {
  const db = await getDb();
  const c = await caller(db, req);
  requireScope(c, "agents:write");
  const body = await readJson(req, createBody);
  const windowed = z.array(scopeEntryInputSchema).safeParse(
    (body.scope_entries ?? []).map((e) => ({
      dimension: e.dimension,
      pattern: e.pattern,
      validFrom: e.valid_from ?? null,
      validUntil: e.valid_until ?? null,
    })),
  );
  if (!windowed.success)
    throw new AppError(
      400,
      "invalid_request",
      "Invalid scope_entries.",
      windowed.error.issues.map((i) => ({ path: `scope_entries.${i.path.join(".")}`, message: i.message })),
    );
  const agent = await createAgent(
    db,
    {
      slug: body.slug,
      name: body.name,
      kind: body.kind ?? "custom",
      role: body.role,
      description: body.description,
      team: body.team ?? "",
      sponsor: body.sponsor ?? "",
      model: body.model,
      toolchainVersion: body.toolchain,
      reviewPeriodDays: body.review_period_days,
      scope: [...entriesFromLists(body.scope ?? {}), ...windowed.data],
    },
    callerActor(c),
  );
  return json(201, await fullAgentJson(db, agent));
});

/** Integration token with agents:read, or the agent's own token while the agent is active. */
export const getAgentHandler = defineApi(async (req, params) => {
  const db = await getDb();
  const c = await caller(db, req);
  if (c.kind === "agent") {
    const target = await findAgent(db, params.id);
    if (!target || target.id !== c.agent.id) throw forbidden("An agent token may read only its own agent.");
    requireAgentMayAct(c);
    return json(200, await fullAgentJson(db, target)); // the row as it is now (the caller's is the cached one)
  }
  requireScope(c, "agents:read");
  const agent = await findAgent(db, params.id);
  if (!agent) throw notFound(`No agent "${params.id}".`);
  return json(200, await fullAgentJson(db, agent));
});

export const issueTokenHandler = defineApi(async (req, params) => {
  const db = await getDb();
  const c = await caller(db, req);
  requireScope(c, "agents:write");
  const body = await readJson(req, issueTokenApiSchema);
  const agent = await findAgent(db, params.id);
  if (!agent) throw notFound(`No agent "${params.id}".`);
  const t = await issueAgentToken(db, agent.id, { ttlSeconds: body.ttl_seconds, name: body.name }, callerActor(c));
  return json(201, { token: t.token, expires_at: iso(t.expiresAt), id: t.id, prefix: t.prefix, agent: agent.slug });
});

export const killHandler = defineApi(async (req, params) => {
  const db = await getDb();
  const c = await caller(db, req);
  requireScope(c, "agents:write");
  const body = await readJson(req, reasonSchema);
  if (!(await findAgent(db, params.id))) throw notFound(`No agent "${params.id}".`);
  const r = await killAgent(db, params.id, body.reason, callerActor(c));
  return json(200, { ...(await fullAgentJson(db, r.agent)), cancelled_approvals: r.cancelledApprovals, ended_sessions: r.endedSessions });
});

export const resumeHandler = defineApi(async (req, params) => {
  const db = await getDb();
  const c = await caller(db, req);
  requireScope(c, "agents:write");
  const body = await readJson(req, reasonSchema);
  if (!(await findAgent(db, params.id))) throw notFound(`No agent "${params.id}".`);
  const agent = await resumeAgent(db, params.id, body.reason, callerActor(c));
  return json(200, await fullAgentJson(db, agent));
});
