import type { Db } from "@/db/client";
import { ownerOf, sessionOwners } from "@/lib/audit/ingest";
import { stripNul } from "@/lib/audit/canonical";
import { AppError } from "@/lib/http/errors";
import { redactText } from "@/lib/redaction/redact";
import { processSingleton } from "@/lib/util/global";

/** The error code of a call naming a session that another agent opened (403, API.md). */
export const SESSION_NOT_OWNED = "session_not_owned";

const MAX_CACHED = 50_000;

/**
 * Sessions already seen to belong to the agent that asks again. A session's owner never
 * changes, so once a session is known to be the caller's, later calls need no query: the hot
 * path pays one lookup per session, not per call. Only the caller's own sessions are kept: a
 * foreign or not yet opened id is looked up every time.
 */
const ownCache = () => processSingleton("decision-own-sessions", () => new WeakMap<Db, Map<string, string>>());

function cacheFor(db: Db) {
  const all = ownCache();
  let m = all.get(db);
  if (!m) all.set(db, (m = new Map()));
  return m;
}

/**
 * Sessions belong to the agent that opened them (issue 16), on every path: POST /api/v1/events
 * refuses such events (lib/audit/ingest.ts), and the decision and hook paths call this before
 * they record anything, asking the same question through the same function (sessionOwners).
 * Throws 403 `session_not_owned` when `sessionId` names a session another agent opened; a
 * session not opened yet is the caller's to open.
 */
export async function requireOwnSession(db: Db, agent: { id: string; slug: string }, sessionId: string | null | undefined): Promise<"none" | "own" | "new"> {
  if (!sessionId) return "none";
  // looked up as stored: record.ts redacts session ids like any free text
  const stored = stripNul(redactText(sessionId, { count: 0, rules: {} }));
  const cache = cacheFor(db);
  if (cache.get(stored) === agent.id) return "own";
  const owner = (await sessionOwners(db, [stored])).get(stored);
  // not opened yet: this call opens it, and the writer checks under the chain head's lock that it did
  if (owner === undefined) return "new";
  if (owner !== ownerOf(agent.id, agent.slug)) throw sessionNotOwned();
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(stored, agent.id);
  return "own";
}

export const sessionNotOwned = () =>
  new AppError(
    403,
    SESSION_NOT_OWNED,
    "session_id: this session belongs to another agent. A session belongs to the agent that opened it; use a session id of this agent's own (if the harness's token was changed to another agent's, start a new session).",
  );

/** Thrown by the writer when a session this item meant to open was opened by another agent first. */
export class SessionTaken extends Error {}

/**
 * Under the chain head's lock, after the batch's sessions were upserted: every item that set out
 * to open a session (requireOwnSession said "new") must own it now. Two agents racing to open the
 * same new id: the one whose touch landed second finds the other's and the batch is rolled back
 * (the writer retries item by item, so only the loser fails, with SessionTaken).
 */
export async function checkOpenedSessions(tx: Db, opened: { id: string; agentId: string; agentSlug: string }[]): Promise<void> {
  if (opened.length === 0) return;
  const stored = (id: string) => stripNul(redactText(id, { count: 0, rules: {} }));
  const owners = await sessionOwners(tx, [...new Set(opened.map((o) => stored(o.id)))]);
  for (const o of opened) {
    const owner = owners.get(stored(o.id));
    if (owner !== undefined && owner !== ownerOf(o.agentId, o.agentSlug)) throw new SessionTaken(`session ${o.id} was opened by another agent`);
  }
}
