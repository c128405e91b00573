// A PostgreSQL lock helper for integration tests that hold a lock on a connection of their own
// and need the code under test to be waiting for it (lib/decisions/writer-lanes.int.test.ts,
// lib/audit/ingest-violations.int.test.ts).
import type { Client } from "pg";

/** Resolves once some transaction in the current database waits for an advisory lock. */
export async function untilAdvisoryLockAwaited(client: Client): Promise<void> {
  for (;;) {
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted",
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
