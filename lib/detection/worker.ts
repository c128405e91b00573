import { asc, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { processSingleton } from "@/lib/util/global";
import { detectForEventsSafely } from "./run";
import { auditEventColumns } from "@/lib/audit/payload-store";

const CURSOR_KEY = "detection.cursor";
const BATCH = 500;

interface WorkerState {
  timer?: NodeJS.Timeout;
  running: boolean;
  lastRunAt?: Date;
  lag?: number;
}

function rowsOf(res: unknown) {
  return (res as { rows: Record<string, unknown>[] }).rows;
}

async function readCursor(db: Db): Promise<number> {
  const r = rowsOf(await db.execute(sql`SELECT value FROM settings WHERE key = ${CURSOR_KEY}`));
  if (r[0]) return Number(r[0].value);
  // First start: detection covers what arrives from now on; history is re-scanned on demand
  // (rescanHistory), not silently at boot.
  const head = rowsOf(await db.execute(sql`SELECT coalesce(max(seq), 0) AS seq FROM audit_events`));
  const seq = Number(head[0].seq);
  await db.execute(sql`INSERT INTO settings (key, value) VALUES (${CURSOR_KEY}, ${String(seq)}) ON CONFLICT (key) DO NOTHING`);
  return seq;
}

/**
 * One pass: run the detectors over audit events committed since the cursor, then move it.
 * Detection runs off the request path so ingestion and decisions never wait for it. Several
 * instances may run it at once: raising is idempotent over evidence, and the cursor only
 * moves forward.
 */
export async function runDetectionPass(db: Db): Promise<number> {
  const cursor = await readCursor(db);
  const rows = await db.select(auditEventColumns()).from(auditEvents).where(gt(auditEvents.seq, cursor)).orderBy(asc(auditEvents.seq)).limit(BATCH);
  if (rows.length === 0) return 0;
  // Decision events already raised scope/forbidden violations synchronously in the writer.
  await detectForEventsSafely(db, rows, { exclude: ["scope_violation", "forbidden_attempt"] });
  const last = rows[rows.length - 1].seq;
  await db.execute(sql`UPDATE settings SET value = greatest(value::bigint, ${last})::text, updated_at = now() WHERE key = ${CURSOR_KEY}`);
  return rows.length;
}

export function startDetectionWorker(getDb: () => Promise<Db>, intervalMs = 1_000): () => void {
  const w = processSingleton<WorkerState>("detection-worker", () => ({ running: false }));
  if (!w.timer) {
    w.timer = setInterval(async () => {
      if (w.running) return;
      w.running = true;
      try {
        const db = await getDb();
        // drain a backlog in bounded passes, yielding between them
        for (let i = 0; i < 10; i++) {
          const n = await runDetectionPass(db);
          if (n < BATCH) break;
          await new Promise((r) => setImmediate(r));
        }
        w.lastRunAt = new Date();
      } catch (err) {
        console.error("[gatehouse] detection pass failed:", err instanceof Error ? err.message : String(err));
      } finally {
        w.running = false;
      }
    }, intervalMs);
    w.timer.unref();
  }
  return () => {
    if (w.timer) clearInterval(w.timer);
    w.timer = undefined;
  };
}
