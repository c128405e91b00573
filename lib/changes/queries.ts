import "server-only";
// Reads for the /changes views.
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, approvalRequests, auditEvents, changeCommits, changes, defects, gateFindings, gateRuns, teams } from "@/db/schema";
import type { ChangeFilter } from "./schemas";
import { changeVerdict, recentStatusDeliveries, STATUS_CONTEXT } from "./github-status";
import { reviewsOf } from "./reviews";

export const PAGE_SIZE = 50;

function encodeCursor(createdAt: Date, id: string) {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(c: string | undefined): { at: Date; id: string } | undefined {
  if (!c) return undefined;
  const [at, id] = Buffer.from(c, "base64url").toString("utf8").split("|");
  const d = new Date(at);
  if (!id || Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return { at: d, id };
}

/** Newest first, keyset-paged on (created_at, id). */
export async function listChanges(db: Db, f: ChangeFilter, pageSize = PAGE_SIZE) {
  const where: SQL[] = [];
  if (f.repository) where.push(eq(changes.repository, f.repository));
  if (f.author) where.push(eq(changes.authorKind, f.author));
  if (f.state) where.push(eq(changes.state, f.state));
  if (f.flagged) where.push(eq(changes.securityAdjacent, true));
  if (f.agent) where.push(or(eq(agents.slug, f.agent), eq(changes.agentLabel, f.agent))!);
  if (f.team) where.push(eq(teams.slug, f.team));
  const cur = decodeCursor(f.cursor);
  if (cur) where.push(or(lt(changes.createdAt, cur.at), and(eq(changes.createdAt, cur.at), lt(changes.id, cur.id)))!);
  const rows = await db
    .select({
      id: changes.id,
      repository: changes.repository,
      number: changes.number,
      title: changes.title,
      state: changes.state,
      authorLogin: changes.authorLogin,
      authorKind: changes.authorKind,
      agentLabel: changes.agentLabel,
      agentSlug: agents.slug,
      team: teams.slug,
      confidence: changes.attributionConfidence,
      securityAdjacent: changes.securityAdjacent,
      humanApproved: changes.humanApproved,
      createdAt: changes.createdAt,
      mergedAt: changes.mergedAt,
    })
    .from(changes)
    .leftJoin(agents, eq(agents.id, changes.agentId))
    .leftJoin(teams, eq(teams.id, changes.teamId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(changes.createdAt), desc(changes.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const ids = page.map((r) => r.id);
  // one row per change: the latest verdict per gate, folded into counts
  const gateRows = ids.length
    ? await db
        .select({ changeId: gateRuns.changeId, status: gateRuns.status, n: sql<number>`count(*)::int` })
        .from(gateRuns)
        .where(inArray(gateRuns.changeId, ids))
        .groupBy(gateRuns.changeId, gateRuns.status)
    : [];
  const gates = new Map<string, Record<string, number>>();
  for (const g of gateRows) {
    const m = gates.get(g.changeId!) ?? {};
    m[g.status] = Number(g.n);
    gates.set(g.changeId!, m);
  }
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => ({ ...r, gates: gates.get(r.id) ?? {} })),
    nextCursor: rows.length > pageSize && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** Distinct filter values for the list's selects (small: repositories, agents, teams). */
export async function changeFilterOptions(db: Db) {
  const [repos, agentRows, teamRows] = await Promise.all([
    db.execute(sql`SELECT DISTINCT repository FROM changes ORDER BY 1 LIMIT 200`),
    db.execute(
      sql`SELECT DISTINCT coalesce(a.slug, c.agent_label) AS agent FROM changes c LEFT JOIN agents a ON a.id = c.agent_id WHERE c.author_kind = 'agent' ORDER BY 1 LIMIT 200`,
    ),
    db.select({ slug: teams.slug, name: teams.name }).from(teams).orderBy(asc(teams.name)),
  ]);
  const rowsOf = (r: unknown) => (r as { rows: Record<string, string>[] }).rows;
  return {
    repositories: rowsOf(repos).map((r) => r.repository),
    agents: rowsOf(agentRows)
      .map((r) => r.agent)
      .filter(Boolean),
    teams: teamRows,
  };
}

export async function getChangeDetail(db: Db, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db
    .select({ change: changes, agentSlug: agents.slug, agentName: agents.name, team: teams.name })
    .from(changes)
    .leftJoin(agents, eq(agents.id, changes.agentId))
    .leftJoin(teams, eq(teams.id, changes.teamId))
    .where(eq(changes.id, id))
    .limit(1);
  if (!row) return undefined;
  const c = row.change;
  const [runs, commits, introduced, fixedBy] = await Promise.all([
    db.select().from(gateRuns).where(eq(gateRuns.changeId, id)).orderBy(desc(gateRuns.createdAt)).limit(200),
    db.select().from(changeCommits).where(eq(changeCommits.changeId, id)).orderBy(asc(changeCommits.committedAt)).limit(250),
    db.select().from(defects).where(eq(defects.introducedChangeId, id)).orderBy(desc(defects.detectedAt)).limit(100),
    db.select().from(defects).where(eq(defects.fixedChangeId, id)).orderBy(desc(defects.detectedAt)).limit(100),
  ]);
  const runIds = runs.map((r) => r.id);
  const findings = runIds.length
    ? // open findings first: past the limit it is the non-open ones that go unlisted (their counts stay on the run)
      await db
        .select()
        .from(gateFindings)
        .where(inArray(gateFindings.gateRunId, runIds))
        .orderBy(sql`${gateFindings.status} <> 'open'`)
        .limit(2000)
    : [];
  const [approvals, sessionEvents] = c.sessionId
    ? await Promise.all([
        db.select().from(approvalRequests).where(eq(approvalRequests.sessionId, c.sessionId)).orderBy(desc(approvalRequests.createdAt)).limit(100),
        db
          .select({
            seq: auditEvents.seq,
            time: auditEvents.time,
            type: auditEvents.type,
            actionType: auditEvents.actionType,
            tool: auditEvents.tool,
            resource: auditEvents.resource,
            command: auditEvents.command,
            decision: auditEvents.decision,
            outcome: auditEvents.outcome,
          })
          .from(auditEvents)
          .where(eq(auditEvents.sessionId, c.sessionId))
          .orderBy(asc(auditEvents.seq))
          .limit(500),
      ])
    : [[], []];
  // the merge-blocking status (agent-authored changes): the verdict for the head commit now, and what was posted
  const [reviews, compliance, statusPosts] = await Promise.all([
    reviewsOf(db, id),
    c.authorKind === "agent" && c.headSha ? changeVerdict(db, c).then((v) => ({ ...v, context: STATUS_CONTEXT, sha: c.headSha! })) : Promise.resolve(null),
    c.authorKind === "agent" ? recentStatusDeliveries(db, { changeId: id, limit: 10 }) : Promise.resolve([]),
  ]);
  return { ...row, runs, findings, commits, introduced, fixedBy, approvals, sessionEvents, reviews, compliance, statusPosts };
}
export type ChangeDetail = NonNullable<Awaited<ReturnType<typeof getChangeDetail>>>;
