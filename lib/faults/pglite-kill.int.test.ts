// Fault injection on the embedded engine: the app process (PGlite in-process, persisted to a
// data directory) is SIGKILLed in the middle of event batches, at several delays. Each time a
// new process reopens the same directory (the dead pid's lock is reclaimed, PGlite recovers),
// and the client retries every batch it did not see acknowledged. At the end every acknowledged
// id is stored exactly once and the chain verifies — also after a kill right after the last
// acknowledgement (no clean shutdown ever happens in this test).
// The PostgreSQL counterpart (app killed, server survives) is lib/audit/crash.int.test.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db";
import { verifyAuditChain } from "@/lib/audit/verify";
import { startApiChild, type ApiChild } from "./child";
import { faultFixture, type FaultFixture } from "./fixture";
import { makeBatch, newIngestStats, postBatchOnce, postUntilAcked, sleep, type IngestStats } from "./load";
import { duplicateClientIds, storedClientIds } from "./checks";
import { faultMode } from "./mode";

const mode = faultMode();
type Batch = ReturnType<typeof makeBatch>;

interface Pending {
  batch: Batch;
  tries: number;
}

/** One POST; on 202 the ids are acknowledged, otherwise the batch waits for the next process. */
async function postOnce(child: ApiChild, token: string, item: Pending, stats: IngestStats, pending: Pending[]) {
  if (item.tries === 0) stats.batches++;
  else if (item.tries === 1) stats.retried++;
  item.tries++;
  const r = await postBatchOnce(child.base, token, item.batch, stats, item.tries > 1);
  if (!r.acked) pending.push(item);
}

describe(`PGlite: app process SIGKILLed mid-batch, data directory reopened (${mode.killDelays.length} kills)`, () => {
  let dir: string;
  let fx: FaultFixture;
  let child: ApiChild | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-pglite-kill-"));
    const h = await openDatabase({ dataDir: dir });
    fx = await faultFixture(h.db, "pgk");
    await h.close();
  }, 120_000);

  afterAll(async () => {
    await child?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    "keeps every acknowledged event exactly once across kills, and the chain verifies",
    async () => {
      const stats = newIngestStats();
      const pending: Pending[] = [];
      const rounds: { delayMs: number; startMs: number; inFlightAtKill: number; ackedInRound: number }[] = [];
      const nextBatch = (size: number): Pending => pending.shift() ?? { batch: makeBatch(size, undefined, 1024), tries: 0 };

      for (const delayMs of mode.killDelays) {
        child = await startApiChild({ dataDir: dir });
        const current = child;
        let alive = true;
        let inFlight = 0;
        // Warm the process up (first request compiles the policy, loads the agent) so that
        // the delays below fall inside ingestion work, not inside start-up.
        expect(await postUntilAcked(() => current.base, fx.agentToken, makeBatch(10), stats, Date.now() + 20_000)).toBe(true);
        const ackedBefore = stats.acked.size;
        // Two clients posting back to back, batches of 100 and 25 events (1 KB payloads) so that
        // the kill lands inside a transaction most of the time.
        const poster = async (size: number) => {
          while (alive) {
            inFlight++;
            await postOnce(current, fx.agentToken, nextBatch(size), stats, pending);
            inFlight--;
          }
        };
        const posters = [poster(100), poster(25)];
        await sleep(delayMs);
        const inFlightAtKill = inFlight;
        alive = false;
        await current.kill();
        await Promise.all(posters);
        rounds.push({ delayMs, startMs: current.startMs, inFlightAtKill, ackedInRound: stats.acked.size - ackedBefore });
      }

      // A last process: retry everything unacknowledged, then die without a clean shutdown.
      child = await startApiChild({ dataDir: dir });
      const last = child;
      const unackedBeforeFinal = pending.length;
      while (pending.length) {
        const { batch, tries } = pending.shift()!;
        if (tries === 1) stats.retried++;
        expect(await postUntilAcked(() => last.base, fx.agentToken, batch, stats, Date.now() + 20_000, true)).toBe(true);
      }
      await last.kill();

      // Reopen in this process (the lock's pid is dead, so it is reclaimed) and check.
      const h = await openDatabase({ dataDir: dir });
      try {
        const { missing, duplicated } = await storedClientIds(h.db, stats.acked);
        const dupes = await duplicateClientIds(h.db);
        const v = await verifyAuditChain(h.db);
        console.log(
          "[faults] pglite-kill",
          JSON.stringify({
            rounds,
            unackedBeforeFinal,
            batches: stats.batches,
            acked: stats.acked.size,
            retriedBatches: stats.retried,
            committedButUnacknowledged: stats.duplicatesOnRetry,
            failedAttempts: stats.attempts.filter((a) => a.status !== 202).length,
            missing: missing.length,
            duplicated: duplicated.length + dupes,
            chain: v,
          }),
        );
        // Each kill hit requests in flight (so, inside ingestion work).
        expect(rounds.every((r) => r.inFlightAtKill > 0)).toBe(true);
        expect(missing, "acknowledged events lost").toEqual([]);
        expect(duplicated).toEqual([]);
        expect(dupes).toBe(0);
        // Every id ever sent was retried until acknowledged, so nothing sent is missing either.
        expect(stats.acked.size).toBe(stats.sent.size);
        expect(v.first_bad).toBeNull();
        expect(v.ok).toBe(true);
      } finally {
        await h.close();
      }
    },
    mode.long ? 900_000 : 120_000,
  );
});
