import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { processSingleton } from "@/lib/util/global";

/**
 * The control version: one number in `control_state`, bumped in the same transaction as every
 * change that must reach all instances at once (kill, resume, fleet freeze, scope change,
 * token revoke, policy change). Hot-path caches are valid only for the version they were
 * built at; each instance re-reads the version at most every MAX_STALENESS_MS, so a kill on
 * any instance is enforced everywhere within that bound — and on the instance that took it,
 * at once (bumpControlVersion moves the local version too). If the version cannot be read,
 * callers fail closed.
 */
export const MAX_STALENESS_MS = 250;

interface ControlCache {
  version: number;
  fleetFrozen: boolean;
  checkedAt: number;
  inflight?: Promise<ControlSnapshot>;
  listeners: Set<(v: number) => void>;
}

export interface ControlSnapshot {
  version: number;
  fleetFrozen: boolean;
}

function cache(): ControlCache {
  return processSingleton<ControlCache>("control-state", () => ({
    version: -1,
    fleetFrozen: false,
    checkedAt: 0,
    listeners: new Set(),
  }));
}

function rowsOf(res: unknown): Record<string, unknown>[] {
  return (res as { rows: Record<string, unknown>[] }).rows;
}

function apply(c: ControlCache, snap: ControlSnapshot) {
  const changed = snap.version !== c.version;
  c.version = snap.version;
  c.fleetFrozen = snap.fleetFrozen;
  c.checkedAt = Date.now();
  if (changed) for (const l of c.listeners) l(snap.version);
}

/** Increments the version inside the caller's transaction and moves this process's copy. */
export async function bumpControlVersion(tx: Db): Promise<ControlSnapshot> {
  await tx.execute(sql`INSERT INTO control_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING`);
  const rows = rowsOf(await tx.execute(sql`UPDATE control_state SET version = version + 1, updated_at = now() WHERE id = 1 RETURNING version, fleet_frozen`));
  const snap = { version: Number(rows[0].version), fleetFrozen: Boolean(rows[0].fleet_frozen) };
  // Invalidate now, even before commit: a stale cache must never outlive the change here.
  apply(cache(), { ...snap, version: snap.version });
  cache().checkedAt = 0;
  return snap;
}

/** The current control version, re-read from the database when older than the bound. */
export async function freshControl(db: Db, maxStalenessMs = MAX_STALENESS_MS): Promise<ControlSnapshot> {
  const c = cache();
  if (Date.now() - c.checkedAt <= maxStalenessMs && c.version >= 0) return { version: c.version, fleetFrozen: c.fleetFrozen };
  c.inflight ??= (async () => {
    try {
      const rows = rowsOf(await db.execute(sql`SELECT version, fleet_frozen FROM control_state WHERE id = 1`));
      const snap = rows[0] ? { version: Number(rows[0].version), fleetFrozen: Boolean(rows[0].fleet_frozen) } : { version: 0, fleetFrozen: false };
      apply(c, snap);
      return snap;
    } finally {
      c.inflight = undefined;
    }
  })();
  return c.inflight;
}

/** Called with the new version whenever this process learns that it changed. */
export function onControlChange(listener: (version: number) => void): () => void {
  cache().listeners.add(listener);
  return () => cache().listeners.delete(listener);
}

/** Forget the cached version (tests; or after a failover). */
export function resetControlCache() {
  const c = cache();
  c.version = -1;
  c.checkedAt = 0;
}
