// Audit reads: the explorer, the session timeline and the export share one filter builder.
// No "server-only" import: the export handler is also served on the lean Node path.
import { and, asc, desc, eq, gt, gte, inArray, like, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, auditEvents, teams, type AuditEvent } from "@/db/schema";
import type { AuditFilter } from "./schemas";
import { auditEventColumns } from "./payload-store";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => "\\" + c);
}

function endOf(to: string): Date {
  // A bare date means "through the end of that day".
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) return new Date(new Date(to + "T00:00:00Z").getTime() + 86_400_000);
  return new Date(to);
}

/**
 * Turns the URL filters into one WHERE clause. Each filter maps to a column that has a
 * (column, seq) index, so newest-first keyset pages read only matching index entries.
 * Agent/team names are resolved to ids first (one small lookup) rather than joined.
 */
export async function filterWhere(db: Db, f: AuditFilter): Promise<SQL | undefined> {
  const parts: (SQL | undefined)[] = [];
  if (f.agent) {
    const [a] = await db
      .select({ id: agents.id })
      .from(agents)
      .where(UUID_RE.test(f.agent) ? eq(agents.id, f.agent) : eq(agents.slug, f.agent))
      .limit(1);
    parts.push(a ? eq(auditEvents.agentId, a.id) : eq(auditEvents.agentSlug, f.agent));
  }
  if (f.team) {
    const ids = await db
      .select({ id: agents.id })
      .from(agents)
      .innerJoin(teams, eq(teams.id, agents.teamId))
      .where(UUID_RE.test(f.team) ? eq(teams.id, f.team) : eq(teams.slug, f.team));
    parts.push(
      ids.length
        ? inArray(
            auditEvents.agentId,
            ids.map((r) => r.id),
          )
        : sql`false`,
    );
  }
  if (f.session) parts.push(eq(auditEvents.sessionId, f.session));
  if (f.type) parts.push(f.type.endsWith("*") ? like(auditEvents.type, escapeLike(f.type.slice(0, -1)) + "%") : eq(auditEvents.type, f.type));
  if (f.decision) parts.push(eq(auditEvents.decision, f.decision));
  if (f.outcome) parts.push(eq(auditEvents.outcome, f.outcome));
  if (f.resource) parts.push(like(auditEvents.resource, escapeLike(f.resource) + "%"));
  if (f.repository) parts.push(eq(auditEvents.repository, f.repository));
  if (f.approval) parts.push(eq(auditEvents.approvalId, f.approval));
  if (f.from) parts.push(gte(auditEvents.time, new Date(f.from)));
  if (f.to) parts.push(lt(auditEvents.time, endOf(f.to)));
  if (f.q) {
    // One ILIKE over the searched columns joined by U+001F (a separator nobody types, so a
    // match cannot span two columns): half the time of eight ORed ILIKEs per row.
    const p = `%${escapeLike(f.q.replaceAll("\u001f", ""))}%`;
    const a = auditEvents;
    parts.push(
      sql`concat_ws(chr(31), ${a.type}, ${a.command}, ${a.resource}, ${a.tool}, ${a.agentSlug}, ${a.actorLabel}, ${a.sessionId}, ${a.repository}) ILIKE ${p}`,
    );
  }
  const present = parts.filter((p): p is SQL => !!p);
  return present.length ? and(...present) : undefined;
}

export interface AuditPage {
  events: AuditEvent[];
  /** seq to pass as `cursor` for the next (older) page, or null at the end. */
  nextCursor: number | null;
  /** Free-text search only: the oldest position this page searched (it may hold < limit hits). */
  searchedTo?: number;
}

/**
 * Free text has no index (ILIKE over several columns), so one page searches at most this many
 * positions, newest first, and hands back a cursor to search further: a page stays bounded
 * (~tens of ms) however rare the term is in a million rows.
 */
export const TEXT_SEARCH_WINDOW = 25_000;

/** Newest first; `cursor` is the last seq of the previous page (keyset, never OFFSET). */
export async function listAuditEvents(db: Db, f: AuditFilter, cursor?: number, limit = 50): Promise<AuditPage> {
  const where = await filterWhere(db, f);
  let lower: number | undefined;
  if (f.q) {
    // max(seq) reads one entry of the primary key index
    const [top] = await db.select({ seq: sql<number>`coalesce(max(${auditEvents.seq}), 0)` }).from(auditEvents);
    const upper = cursor ?? Number(top.seq) + 1;
    lower = Math.max(0, upper - TEXT_SEARCH_WINDOW);
  }
  const rows = await db
    .select(auditEventColumns())
    .from(auditEvents)
    .where(and(where, cursor ? lt(auditEvents.seq, cursor) : undefined, lower ? gt(auditEvents.seq, lower) : undefined))
    .orderBy(desc(auditEvents.seq))
    .limit(limit + 1);
  const more = rows.length > limit;
  const events = more ? rows.slice(0, limit) : rows;
  if (lower !== undefined) {
    return {
      events,
      nextCursor: more ? events[events.length - 1].seq : lower > 0 ? lower + 1 : null,
      searchedTo: more ? events[events.length - 1].seq : lower + 1,
    };
  }
  return { events, nextCursor: more ? events[events.length - 1].seq : null };
}

/** Every matching event, oldest first, in keyset batches: memory stays flat for any size. */
export async function* iterateAuditEvents(db: Db, f: AuditFilter, batch = 1000): AsyncGenerator<AuditEvent> {
  const where = await filterWhere(db, f);
  let after = 0;
  for (;;) {
    const rows = await db
      .select(auditEventColumns())
      .from(auditEvents)
      .where(and(where, sql`${auditEvents.seq} > ${after}`))
      .orderBy(asc(auditEvents.seq))
      .limit(batch);
    for (const r of rows) yield r;
    if (rows.length < batch) return;
    after = rows[rows.length - 1].seq;
  }
}

export async function getAuditEvent(db: Db, seq: number): Promise<AuditEvent | undefined> {
  const [row] = await db.select(auditEventColumns()).from(auditEvents).where(eq(auditEvents.seq, seq)).limit(1);
  return row;
}

/** One agent session in order: prompt → decision → tool call → result. Capped for very long sessions. */
export async function sessionTimeline(db: Db, sessionId: string, limit = 2000): Promise<AuditEvent[]> {
  return db.select(auditEventColumns()).from(auditEvents).where(eq(auditEvents.sessionId, sessionId)).orderBy(asc(auditEvents.seq)).limit(limit);
}

/** Choices for the explorer's agent and team filters. */
export async function listFilterOptions(db: Db) {
  const [agentRows, teamRows] = await Promise.all([
    db.select({ slug: agents.slug }).from(agents).orderBy(asc(agents.slug)).limit(500),
    db.select({ slug: teams.slug, name: teams.name }).from(teams).orderBy(asc(teams.name)).limit(500),
  ]);
  return { agents: agentRows.map((a) => a.slug), teams: teamRows };
}
