// The audit stream: a time-ordered heap of pending events, appended through appendAuditEvents
// in batches together with the approval requests and sessions that go with them.
// Memory stays bounded by the number of concurrently open sessions.
import { type Db, transaction } from "@/db/client";
import * as s from "@/db/schema";
import { appendAuditEvents, type AuditInput } from "@/lib/audit/record";
import { AUDIT_BATCH, ROW_BATCH } from "./constants";
import { insertMany } from "./insert";
import type { SeqRef } from "./types";

interface HeapItem {
  t: number;
  o: number;
  ev: AuditInput;
  ref?: SeqRef;
}

export class EventStream {
  private heap: HeapItem[] = [];
  private order = 0;
  private batch: HeapItem[] = [];
  pushed = 0;
  appended = 0;
  /** rows of other tables written with each audit batch */
  pendingApprovals: (typeof s.approvalRequests.$inferInsert)[] = [];
  /** each person's decision on the approvals above (N of M); flushed with them */
  pendingApprovalDecisions: (typeof s.approvalDecisions.$inferInsert)[] = [];
  pendingSessions: (typeof s.agentSessions.$inferInsert)[] = [];
  decisions = 0;
  approvals = 0;
  sessions = 0;

  constructor(
    private db: Db,
    private progress: (n: number) => void,
  ) {}

  push(ev: AuditInput, ref?: SeqRef) {
    const t = ev.time!.getTime();
    const item = { t, o: this.order++, ev, ref };
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
    this.pushed++;
  }

  private pop(): HeapItem {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }

  /** Emits every queued event up to time t (inclusive). */
  async drainUntil(t: number) {
    while (this.heap.length && this.heap[0].t <= t) {
      this.batch.push(this.pop());
      if (this.batch.length >= AUDIT_BATCH) await this.flush();
    }
  }

  async finish() {
    await this.drainUntil(Infinity);
    await this.flush(true);
  }

  private async flush(all = false) {
    const items = this.batch;
    this.batch = [];
    const apps = this.pendingApprovals.length >= ROW_BATCH || all ? this.pendingApprovals.splice(0) : [];
    const appDecisions = apps.length ? this.pendingApprovalDecisions.splice(0) : [];
    const sess = this.pendingSessions.length >= ROW_BATCH || all ? this.pendingSessions.splice(0) : [];
    if (!items.length && !apps.length && !sess.length) return;
    await transaction(this.db, async (tx) => {
      if (items.length) {
        const rows = await appendAuditEvents(
          tx,
          items.map((i) => i.ev),
        );
        for (let k = 0; k < rows.length; k++) {
          const ref = items[k].ref;
          if (ref) ref.seq = rows[k].seq;
        }
      }
      await insertMany(tx, s.approvalRequests, apps);
      await insertMany(tx, s.approvalDecisions, appDecisions);
      await insertMany(tx, s.agentSessions, sess);
    });
    this.approvals += apps.length;
    this.sessions += sess.length;
    this.appended += items.length;
    if (items.length) this.progress(this.appended);
  }
}

function less(a: HeapItem, b: HeapItem) {
  return a.t < b.t || (a.t === b.t && a.o < b.o);
}
