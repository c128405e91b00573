// Applies attribution to a stored change: finds the Gatehouse session that recorded one of
// its commits, runs the pure classifier, resolves the agent to a registered one (or records
// a shadow-agent sighting) and stores the verdict with its evidence.
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, auditEvents, changeCommits, changes, shadowAgents, type Change } from "@/db/schema";
import { attribute, type Attribution } from "./attribution";

async function findSession(tx: Db, shas: string[]) {
  if (shas.length === 0) return undefined;
  // Agents report their commits as `commit` events with the sha as rollback_ref (API.md).
  const [row] = await tx
    .select({ sessionId: auditEvents.sessionId, agentId: auditEvents.agentId, agentSlug: auditEvents.agentSlug, sha: auditEvents.rollbackRef })
    .from(auditEvents)
    .where(and(eq(auditEvents.type, "commit"), inArray(auditEvents.rollbackRef, shas.slice(0, 500)), isNotNull(auditEvents.sessionId)))
    .limit(1);
  return row?.sessionId ? { sessionId: row.sessionId, agentId: row.agentId, agentSlug: row.agentSlug, sha: row.sha } : undefined;
}

async function resolveAgent(tx: Db, a: Attribution, example: string): Promise<{ agentId: string | null; teamId: string | null }> {
  if (a.authorKind !== "agent") return { agentId: null, teamId: null };
  if (a.agentId) {
    const [ag] = await tx.select({ id: agents.id, teamId: agents.teamId }).from(agents).where(eq(agents.id, a.agentId)).limit(1);
    return { agentId: ag?.id ?? null, teamId: ag?.teamId ?? null };
  }
  const ident = a.agentIdentifier ?? "unknown-agent";
  const [bySlug] = await tx.select({ id: agents.id, teamId: agents.teamId }).from(agents).where(eq(agents.slug, ident)).limit(1);
  if (bySlug) return { agentId: bySlug.id, teamId: bySlug.teamId };
  if (a.agentKind && a.agentKind !== "custom") {
    // exactly one registered agent of that product → it is that one; several → ambiguous
    const byKind = await tx.select({ id: agents.id, teamId: agents.teamId }).from(agents).where(eq(agents.kind, a.agentKind)).limit(2);
    if (byKind.length === 1) return { agentId: byKind[0].id, teamId: byKind[0].teamId };
    if (byKind.length > 1) return { agentId: null, teamId: null };
  }
  const [shadow] = await tx
    .insert(shadowAgents)
    .values({ identifier: ident, source: "commit", example: example.slice(0, 500) })
    .onConflictDoUpdate({
      target: shadowAgents.identifier,
      set: { lastSeenAt: new Date(), sightings: sql`${shadowAgents.sightings} + 1` },
    })
    .returning({ registeredAgentId: shadowAgents.registeredAgentId });
  if (shadow?.registeredAgentId) {
    const [ag] = await tx.select({ id: agents.id, teamId: agents.teamId }).from(agents).where(eq(agents.id, shadow.registeredAgentId)).limit(1);
    if (ag) return { agentId: ag.id, teamId: ag.teamId };
  }
  return { agentId: null, teamId: null };
}

/** Re-attributes a change from its stored commits; returns the updated row. */
export async function applyAttribution(tx: Db, change: Change, opts: { authorType?: string | null } = {}): Promise<Change> {
  const commits = await tx.select().from(changeCommits).where(eq(changeCommits.changeId, change.id)).limit(250);
  const shas = commits.map((c) => c.sha);
  if (change.headSha && !shas.includes(change.headSha)) shas.push(change.headSha);
  const session = await findSession(tx, shas);
  const a = attribute({
    session,
    authorLogin: change.authorLogin,
    authorType: opts.authorType,
    prBody: change.body,
    commits: commits.map((c) => ({ sha: c.sha, message: c.message, authorLogin: c.authorLogin, authorName: c.authorName, authorEmail: c.authorEmail })),
  });
  const { agentId, teamId } = await resolveAgent(tx, a, a.evidence[0]?.detail ?? change.title);
  const [row] = await tx
    .update(changes)
    .set({
      authorKind: a.authorKind,
      agentId,
      agentLabel: a.agentLabel,
      teamId: teamId ?? change.teamId,
      attributionConfidence: a.confidence,
      attributionEvidence: a.evidence,
      sessionId: a.sessionId ?? change.sessionId,
      updatedAt: new Date(),
    })
    .where(eq(changes.id, change.id))
    .returning();
  return row;
}
