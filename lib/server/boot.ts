import { sql } from "drizzle-orm";
import { openDatabase, setProcessDb, type DbHandle } from "@/lib/db";
import { demoEnabled, env } from "@/lib/env";
import { ensureAuthSecret } from "./secrets";
import { auditKey } from "@/lib/audit/checkpoint";

export interface BootResult {
  handle: DbHandle;
  seeded: boolean;
}

/** Opens (and migrates) the database, publishes secrets, seeds an empty demo instance. */
export async function boot(log: (s: string) => void = console.log): Promise<BootResult> {
  const e = env();
  const handle = await openDatabase({ url: e.DATABASE_URL, dataDir: e.GATEHOUSE_DATA_DIR, poolMax: 20 });
  setProcessDb(handle);
  await ensureAuthSecret(handle);
  auditKey();
  let seeded = false;
  if (demoEnabled()) {
    const res = (await handle.db.execute(sql`select count(*)::int as n from users`)) as unknown as { rows: { n: number }[] };
    if (Number(res.rows[0].n) === 0) {
      log("Empty database and GATEHOUSE_DEMO on: generating demo data…");
      const { seedDemo } = await import("@/lib/demo/seed/generate");
      const t0 = Date.now();
      await seedDemo(handle.db, { log });
      log(`Demo data ready in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
      seeded = true;
    }
  }
  if (handle.engine === "pglite") {
    // PGlite has no autovacuum daemon: keep planner statistics fresh ourselves.
    await handle.exec("ANALYZE");
    const timer = setInterval(() => void handle.exec("ANALYZE").catch(() => {}), 10 * 60_000);
    timer.unref();
  }
  return { handle, seeded };
}
