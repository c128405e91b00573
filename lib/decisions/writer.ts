import { transaction, type Db } from "@/db/client";
import { approvalRequests } from "@/db/schema";
import { appendAuditEvents, appendAuditEventsAtomic, type AuditInput, type SessionTouchRow } from "@/lib/audit/record";
import { onShutdown } from "@/lib/server/shutdown";
import { processSingleton } from "@/lib/util/global";
import { redactValue } from "@/lib/redaction/redact";
import { enqueueApprovalAlerts } from "@/lib/approvals/alerts";
import { recordViolations, type ViolationInput } from "./violations";
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

/**
 * Group commit for the hot path: requests enqueue what they must record and wait; one flush
 * at a time writes everything queued so far atomically (the hash-chained decision events and
 * sessions in one statement; approvals and violations with them in one transaction when a
 * batch has any) and only then releases the callers,
 * so an answer is never sent for a decision that is not durable. Requests that arrive while
 * a flush runs form the next batch. A failed batch is retried item by item so one bad item
 * cannot deny its neighbours; an item that still fails rejects (callers fail closed).
 */
export class DecisionWriter {
  private queue: Pending[] = [];
  private inFlight = new Set<Promise<void>>();
  private scheduled = false;
  /** session id → when this writer last moved its last_event_at (per database) */
  private touched = new Map<string, number>();
  batches = 0;
  items = 0;

  /**
   * @param maxInFlight batches committing at once (the chain still appends in one order).
   */
  constructor(
    private db: Db,
    private maxInFlight = 1,
  ) {}

  write(item: WriteItem): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item: redactItem(item), resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled || this.inFlight.size >= this.maxInFlight) return;
    this.scheduled = true;
    // setImmediate gathers the requests parsed in the same I/O turn into one batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run() {
    if (this.inFlight.size >= this.maxInFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    const p = this.commit(batch);
    this.inFlight.add(p);
    try {
      await p;
    } finally {
      this.inFlight.delete(p);
      if (this.queue.length) this.schedule();
    }
  }

  private async commit(batch: Pending[]) {
    try {
      await writeBatch(
        this.db,
        batch.map((p) => p.item),
        this.touched,
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
          await writeBatch(this.db, [p.item], this.touched);
          p.resolve();
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }

  /** Waits until everything queued so far is written (shutdown, tests). */
  async drain() {
    while (this.queue.length || this.inFlight.size) {
      if (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
      else await this.run();
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
 * holding any of them runs in a transaction.
 */
async function writeBatch(db: Db, items: WriteItem[], touched: Map<string, number>) {
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
      const rows = await appendAuditEvents(tx, audit, { sessions });
      // the append held the chain head's lock and upserted the sessions: a racing opener is visible
      await checkOpenedSessions(tx, opening);
      const viol: ViolationInput[] = [];
      let offset = 0;
      for (const i of items) {
        if (i.violation) {
          const ev = i.violation.evidence !== undefined ? rows[offset + i.violation.evidence] : undefined;
          viol.push({ ...i.violation, eventSeq: ev?.seq });
        }
        offset += i.audit.length;
      }
      if (viol.length) await recordViolations(tx, viol);
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
    w = new DecisionWriter(db, 1);
    map.set(db, w);
  }
  return w;
}

function writers(): DecisionWriter[] {
  return [...processSingleton("decision-writers", () => new Map<Db, DecisionWriter>()).values()];
}
