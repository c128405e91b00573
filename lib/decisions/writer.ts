import { isPostgresPool, transaction, type Db } from "@/db/client";
import { approvalRequests } from "@/db/schema";
import { appendAuditEvents, appendAuditEventsAtomic, type AuditInput, type SessionTouchRow } from "@/lib/audit/record";
import { onShutdown } from "@/lib/server/shutdown";
import { processSingleton } from "@/lib/util/global";
import { redactValue } from "@/lib/redaction/redact";
import { enqueueApprovalAlerts } from "@/lib/approvals/alerts";
import { linkEvidence } from "@/lib/violations/raise";
import { recordViolation, type ViolationInput } from "./violations";
import { checkOpenedSessions } from "./session-owner";

export type NewApproval = typeof approvalRequests.$inferInsert;

export interface SessionTouch {
  id: string;
  agentId: string;
  agentSlug: string;
  initiatedBy?: string | null;
  at: Date;
  end?: { reason: string };
  /** no agent owned the session when the call was checked: verify under the lock that this one got it */
  opens?: boolean;
}

/** What one request needs written before it may be answered. */
export interface WriteItem {
  approval?: NewApproval;
  audit: AuditInput[];
  /** `evidence` = index into `audit` of the event that is the violation's evidence */
  violation?: ViolationInput & { evidence?: number };
  session?: SessionTouch;
}

interface Pending {
  item: WriteItem;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 500;

/** Whether an item needs a transaction (approval, violation, a session it opens) rather than the one-statement append. */
const needsTransaction = (i: WriteItem) => !!(i.approval || i.violation || i.session?.opens);

/** One queue of the writer and the batches it has committing. */
class Lane {
  queue: Pending[] = [];
  inFlight = new Set<Promise<void>>();
  scheduled = false;
  constructor(readonly maxInFlight: number) {}
}

/**
 * Group commit for the hot path: requests enqueue what they must record and wait; one flush
 * at a time writes everything queued so far atomically (the hash-chained decision events and
 * sessions in one statement) and only then releases the callers,
 * so an answer is never sent for a decision that is not durable. Requests that arrive while
 * a flush runs form the next batch. A failed batch is retried item by item so one bad item
 * cannot deny its neighbours; an item that still fails rejects (callers fail closed).
 *
 * Items that need a transaction (an approval, a violation, a session the call opens) queue in
 * a lane of their own, one batch at a time, beside the plain decisions: such a transaction is
 * several statements (on PostgreSQL several round trips: BEGIN, the violation's lock, look-up
 * and write, the append, the evidence, COMMIT), and plain decisions queued behind it waited for
 * all of them (issue 16: one agent's forbidden hook calls, each a violation, held every other
 * agent's decisions). The transaction appends to the chain last, so the chain head's lock, which
 * the two lanes share, is held only for its last statements; the chain stays one chain in one
 * order (each append checks the head it was hashed from: lib/audit/record.ts).
 */
export class DecisionWriter {
  private plain: Lane;
  private tx = new Lane(1);
  /**
   * A transaction batch has appended (or is appending) to the chain and not yet committed: no
   * plain batch starts meanwhile. It would be hashed from a head the transaction is moving, fail
   * its check once the transaction commits and append again (lib/audit/record.ts); it waits for
   * the commit instead, as it would on the head's lock.
   */
  private appending = false;
  /** session id → when this writer last moved its last_event_at (per database) */
  private touched = new Map<string, number>();
  batches = 0;
  items = 0;

  /**
   * @param maxInFlight plain batches committing at once (the chain still appends in one order).
   * @param lanes 2: transactions beside plain decisions (PostgreSQL); 1: one queue for both
   * (PGlite: one connection, where a statement outside a transaction waits for it anyway).
   */
  constructor(
    private db: Db,
    maxInFlight = 1,
    private lanes: 1 | 2 = 1,
  ) {
    this.plain = new Lane(maxInFlight);
  }

  write(item: WriteItem): Promise<void> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes === 2 && needsTransaction(item) ? this.tx : this.plain;
      lane.queue.push({ item: redactItem(item), resolve, reject });
      this.schedule(lane);
    });
  }

  private schedule(lane: Lane) {
    if (lane.scheduled || lane.inFlight.size >= lane.maxInFlight || (lane === this.plain && this.appending)) return;
    lane.scheduled = true;
    // setImmediate gathers the requests parsed in the same I/O turn into one batch.
    setImmediate(() => {
      lane.scheduled = false;
      void this.run(lane);
    });
  }

  private async run(lane: Lane) {
    if (lane.inFlight.size >= lane.maxInFlight || lane.queue.length === 0 || (lane === this.plain && this.appending)) return;
    const batch = lane.queue.splice(0, MAX_BATCH);
    // a transaction batch of the second lane holds plain batches back from its append to its end
    const beforeAppend = lane === this.tx ? () => void (this.appending = true) : undefined;
    const p = this.commit(batch, beforeAppend);
    lane.inFlight.add(p);
    try {
      await p;
    } finally {
      lane.inFlight.delete(p);
      if (lane === this.tx && this.appending) {
        this.appending = false;
        if (this.plain.queue.length) this.schedule(this.plain);
      }
      if (lane.queue.length) this.schedule(lane);
    }
  }

  private async commit(batch: Pending[], beforeAppend?: () => void) {
    try {
      await writeBatch(
        this.db,
        batch.map((p) => p.item),
        this.touched,
        beforeAppend,
      );
      this.batches++;
      this.items += batch.length;
      for (const p of batch) p.resolve();
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      for (const p of batch) {
        try {
          await writeBatch(this.db, [p.item], this.touched, beforeAppend);
          p.resolve();
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }

  /** Waits until everything queued so far is written (shutdown, tests). */
  async drain() {
    for (;;) {
      const lanes = [this.plain, this.tx];
      if (!lanes.some((l) => l.queue.length || l.inFlight.size)) return;
      const flying = lanes.flatMap((l) => [...l.inFlight]);
      if (flying.length) await Promise.allSettled(flying);
      else await Promise.all(lanes.map((l) => this.run(l)));
    }
  }
}

/**
 * Secrets in what the agent sent (commands, paths, justifications, hook payloads) are
 * redacted before anything is stored; the policy has already decided on the original.
 * Only the free-text fields are scanned: ids, hashes and enums are ours.
 */
export function redactItem(item: WriteItem): WriteItem {
  const r = redactValue({
    audit: item.audit.map((a) => ({ payload: a.payload, command: a.command, resource: a.resource })),
    approval: item.approval
      ? { action: item.approval.action, command: item.approval.command, resource: item.approval.resource, justification: item.approval.justification }
      : undefined,
    violation: item.violation ? { details: item.violation.details, explanation: item.violation.explanation } : undefined,
  });
  if (r.report.count === 0) return item;
  const v = r.value;
  return {
    ...item,
    audit: item.audit.map((a, i) => ({ ...a, ...v.audit[i], redactions: (a.redactions ?? 0) + (i === 0 ? r.report.count : 0) })),
    approval: item.approval ? { ...item.approval, ...v.approval } : undefined,
    violation: item.violation ? { ...item.violation, ...v.violation } : undefined,
  };
}

// Sessions whose last_event_at this process moved recently: on the hook path every tool call
// touches its session, and moving last_event_at more than once a second buys nothing.
const SESSION_TOUCH_MS = 1000;

/**
 * One batch. Decisions alone (the common case) are ONE autocommitted statement: the audit
 * events — each decision IS its audit event; `decisions` is a view over them — the chain head,
 * any checkpoint, and the sessions. Approvals and violations need more tables, so a batch
 * holding any of them runs in a transaction, which writes them first and appends to the chain
 * last (the head's lock is held from the append to the commit): the approvals, each violation
 * raised or folded into its group, the audit events, the check of the sessions opened, and the
 * violations' evidence (the events' positions are known once they are appended).
 */
async function writeBatch(db: Db, items: WriteItem[], touched: Map<string, number>, beforeAppend?: () => void) {
  const audit = items.flatMap((i) => i.audit);
  const sessions = sessionTouches(items, touched);
  const approvals = items.flatMap((i) => (i.approval ? [i.approval] : []));
  // sessions this batch sets out to open (rare: a session's first call), checked in the transaction
  const opening = items.flatMap((i) => (i.session?.opens ? [i.session] : []));
  if (!approvals.length && !opening.length && !items.some((i) => i.violation)) {
    await appendAuditEventsAtomic(db, audit, { sessions });
  } else {
    await transaction(db, async (tx) => {
      if (approvals.length) {
        await tx.insert(approvalRequests).values(approvals);
        await enqueueApprovalAlerts(
          tx,
          approvals.map((a) => a.id!),
        );
      }
      // each violation before the append, its evidence (the event's position) after it
      const raised: { violationId: string; evidence?: number }[] = [];
      let offset = 0;
      for (const i of items) {
        if (i.violation) {
          const { evidence, ...v } = i.violation;
          raised.push({ violationId: await recordViolation(tx, v), evidence: evidence !== undefined ? offset + evidence : undefined });
        }
        offset += i.audit.length;
      }
      beforeAppend?.();
      const rows = await appendAuditEvents(tx, audit, { sessions });
      // the append held the chain head's lock and upserted the sessions: a racing opener is visible
      await checkOpenedSessions(tx, opening);
      await linkEvidence(
        tx,
        raised.flatMap((r) => (r.evidence !== undefined && rows[r.evidence] ? [{ violationId: r.violationId, eventSeq: rows[r.evidence].seq }] : [])),
      );
    });
  }
  const now = Date.now();
  if (touched.size > 50_000) touched.clear();
  for (const s of sessions) touched.set(s.id, s.endedReason ? 0 : now);
}

/** The batch's sessions, once each, leaving out those touched in the last second (ends always go). */
function sessionTouches(items: WriteItem[], touched: Map<string, number>): SessionTouchRow[] {
  const m = new Map<string, SessionTouch>();
  for (const i of items) {
    if (!i.session) continue;
    const prev = m.get(i.session.id);
    m.set(i.session.id, prev?.end && !i.session.end ? { ...i.session, end: prev.end } : i.session);
  }
  const now = Date.now();
  const out: SessionTouchRow[] = [];
  for (const s of m.values()) {
    if (!s.end && now - (touched.get(s.id) ?? 0) < SESSION_TOUCH_MS) continue;
    out.push({ id: s.id, agentId: s.agentId, agentSlug: s.agentSlug, initiatedBy: s.initiatedBy ?? null, at: s.at, endedReason: s.end?.reason ?? null });
  }
  return out;
}

/** One writer per database handle in this process; flushed on shutdown. */
export function writerFor(db: Db): DecisionWriter {
  const map = processSingleton("decision-writers", () => {
    onShutdown(async () => {
      for (const w of writers()) await w.drain();
    });
    return new Map<Db, DecisionWriter>();
  });
  let w = map.get(db);
  if (!w) {
    // One batch at a time. Two in flight (the second hashed from the first's tail and waiting
    // on the head's lock) made batches smaller and lost throughput on both engines here:
    // PostgreSQL 2,776–2,815 vs 3,100 decisions/s, PGlite a wash.
    w = new DecisionWriter(db, 1, isPostgresPool(db) ? 2 : 1);
    map.set(db, w);
  }
  return w;
}

function writers(): DecisionWriter[] {
  return [...processSingleton("decision-writers", () => new Map<Db, DecisionWriter>()).values()];
}
