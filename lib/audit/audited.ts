import { transaction, type Db } from "@/db/client";
import { appendAuditEvents, type AuditInput } from "./record";

/**
 * A governance change and its audit events in ONE transaction: `change(tx)` writes through `tx`
 * and returns its result with the events that record it; both commit, or neither does (a crash
 * or a failed audit write between them can no longer leave an unaudited change). Every
 * governance writer in lib/ goes through here or appends its events inside its own transaction.
 */
export async function audited<T>(db: Db, change: (tx: Db) => Promise<{ result: T; events: AuditInput[] }>): Promise<T> {
  return transaction(db, async (tx) => {
    const { result, events } = await change(tx);
    if (events.length) await appendAuditEvents(tx, events);
    return result;
  });
}
