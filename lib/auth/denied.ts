// `auth.denied`: the audit record of a refused machine credential (401/403 to a request that
// presented a bearer token), which the identity detectors turn into credential-misuse and
// unknown-token violations (lib/detection/identity.ts documents the shape).
//
// Only refusals get here, never a valid request, and nothing waits for it: the write runs after
// the answer is on its way. An unauthenticated client must not be able to flood the audit log,
// so per process at most one event per token prefix + client address per minute is written
// (later ones are counted into the next event's `suppressed_before`), and at most
// MAX_PER_MINUTE events in all (the rest are counted into the next event's `dropped_other`).
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { agentTokens, agents, integrationTokens } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { ApiRequest } from "@/lib/http/api";
import { processSingleton } from "@/lib/util/global";
import { bearerToken } from "./machine";
import { displayPrefix, hashToken, tokenKind } from "./tokens";

const WINDOW_MS = 60_000;
export const MAX_PER_MINUTE = 60;
const MAX_KEYS = 10_000;

interface Throttle {
  window: number;
  recorded: number;
  dropped: number;
  keys: Map<string, { window: number; suppressed: number }>;
  pending: Set<Promise<void>>;
}

const throttle = () => processSingleton<Throttle>("auth-denied-throttle", () => ({ window: -1, recorded: 0, dropped: 0, keys: new Map(), pending: new Set() }));

export type DeniedReason = "unknown" | "expired" | "revoked" | "unauthorized" | "agent_suspended" | "agent_retired" | "forbidden";

/**
 * Called with every 401/403 a machine route answers. Returns at once; writes at most one
 * audit event (see above) in the background. Requests without a bearer token are not recorded.
 */
export function noteAuthDenied(req: Pick<ApiRequest, "header" | "ip" | "url" | "method">, refusal: { status: number; code: string }) {
  if (refusal.status !== 401 && refusal.status !== 403) return;
  const token = bearerToken(req);
  if (!token) return;
  const kind = tokenKind(token) ?? null;
  // Part of a Gatehouse token is what the UI shows anyway; part of anything else may be someone's secret.
  const prefix = kind ? displayPrefix(token) : null;
  const t = throttle();
  const now = Date.now();
  const window = Math.floor(now / WINDOW_MS);
  if (t.window !== window) {
    t.window = window;
    t.recorded = 0;
    for (const [k, v] of t.keys) if (v.suppressed === 0) t.keys.delete(k);
  }
  const key = `${prefix ?? "-"}|${req.ip}`;
  const seen = t.keys.get(key);
  if (seen?.window === window) {
    seen.suppressed++;
    return;
  }
  if (t.recorded >= MAX_PER_MINUTE) {
    t.dropped++;
    return;
  }
  t.recorded++;
  if (t.keys.size >= MAX_KEYS) t.keys.clear();
  t.keys.set(key, { window, suppressed: 0 });
  const counts = { suppressed_before: seen?.suppressed ?? 0, dropped_other: t.dropped };
  t.dropped = 0;
  const p = record({
    kind,
    prefix,
    hash: kind ? hashToken(token) : null,
    refusal,
    at: new Date(now),
    path: req.url.pathname,
    method: req.method,
    ip: req.ip,
    counts,
  })
    .catch((err: unknown) => console.warn("[gatehouse] could not record auth.denied:", err instanceof Error ? err.message : String(err)))
    .finally(() => t.pending.delete(p));
  t.pending.add(p);
}

/** Waits for the background writes (tests, shutdown). */
export async function flushAuthDenied() {
  await Promise.all([...throttle().pending]);
}

/** Forgets the per-minute counts (tests). */
export function resetAuthDeniedThrottle() {
  const t = throttle();
  t.window = -1;
  t.recorded = 0;
  t.dropped = 0;
  t.keys.clear();
}

async function record(e: {
  kind: "agent" | "integration" | null;
  prefix: string | null;
  hash: string | null;
  refusal: { status: number; code: string };
  at: Date;
  path: string;
  method: string;
  ip: string;
  counts: { suppressed_before: number; dropped_other: number };
}) {
  const db = await getDb();
  let agent: { id: string; slug: string } | null = null;
  let token: { revokedAt: Date | null; expiresAt: Date | null } | undefined;
  if (e.hash && e.kind === "agent") {
    const [row] = await db
      .select({ revokedAt: agentTokens.revokedAt, expiresAt: agentTokens.expiresAt, id: agents.id, slug: agents.slug })
      .from(agentTokens)
      .innerJoin(agents, eq(agents.id, agentTokens.agentId))
      .where(eq(agentTokens.hash, e.hash))
      .limit(1);
    if (row) {
      token = row;
      agent = { id: row.id, slug: row.slug };
    }
  } else if (e.hash && e.kind === "integration") {
    [token] = await db
      .select({ revokedAt: integrationTokens.revokedAt, expiresAt: integrationTokens.expiresAt })
      .from(integrationTokens)
      .where(eq(integrationTokens.hash, e.hash))
      .limit(1);
  }
  const reason: DeniedReason =
    e.refusal.status === 403
      ? e.refusal.code === "agent_suspended" || e.refusal.code === "agent_retired"
        ? e.refusal.code
        : "forbidden"
      : !token
        ? "unknown"
        : token.revokedAt && token.revokedAt <= e.at
          ? "revoked"
          : token.expiresAt && token.expiresAt <= e.at
            ? "expired"
            : "unauthorized";
  await recordAudit(db, {
    actorKind: "system",
    type: "auth.denied",
    time: e.at,
    agentId: agent?.id ?? null,
    agentSlug: agent?.slug ?? null,
    outcome: "denied",
    payload: {
      reason,
      status: e.refusal.status,
      token_prefix: e.prefix,
      token_kind: e.kind,
      method: e.method,
      path: e.path,
      ip: e.ip,
      ...(e.counts.suppressed_before ? { suppressed_before: e.counts.suppressed_before } : {}),
      ...(e.counts.dropped_other ? { dropped_other: e.counts.dropped_other } : {}),
    },
  });
}
