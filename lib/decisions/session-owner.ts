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
export async function requireOwnSession(db: Db, agent: { id: string; slug: string }, sessionId: string | null | undefined): Promise<void> {
  if (!sessionId) return;
  // looked up as stored: record.ts redacts session ids like any free text
  const stored = stripNul(redactText(sessionId, { count: 0, rules: {} }));
  const cache = cacheFor(db);
  if (cache.get(stored) === agent.id) return;
  const owner = (await sessionOwners(db, [stored])).get(stored);
  if (owner === undefined) return;
  if (owner !== ownerOf(agent.id, agent.slug))
    throw new AppError(
      403,
      SESSION_NOT_OWNED,
      "session_id: this session belongs to another agent. A session belongs to the agent that opened it; use a session id of this agent's own (if the harness's token was changed to another agent's, start a new session).",
    );
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(stored, agent.id);
}
