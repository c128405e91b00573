import { asc, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditChainHead, auditCheckpoints, auditEvents } from "@/db/schema";
import { GENESIS_HASH, chainHash } from "./canonical";
import { auditVerificationKeys, signCheckpoint, signHead } from "./checkpoint";
import { hashedFields } from "./record";

export interface VerifyProblem {
  seq: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows verified intact, in seq order, before the first bad one. */
  checked: number;
  first_bad: VerifyProblem | null;
}

export interface VerifyOptions {
  batchSize?: number;
  key?: string;
  onProgress?: (checked: number, total: number) => void;
}

/**
 * Streams the chain in seq order (keyset batches, memory flat) and recomputes every link.
 * Detects: altered rows (hash ≠ contents), deleted rows (seq gap), inserted/reordered rows
 * (prev_hash link or position broken), rows past the signed head, a truncated tail (head or a
 * signed checkpoint points past the last row), forged checkpoints and an unsigned/forged head.
 * The earliest problem wins.
 */
export async function verifyAuditChain(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const batchSize = opts.batchSize ?? 5000;
  // The current key, then retired ones (GATEHOUSE_AUDIT_KEY_PREVIOUS) for checkpoints signed before a rotation.
  const keys = opts.key ? [opts.key] : auditVerificationKeys();
  const problems: VerifyProblem[] = [];
  const [head] = await db.select().from(auditChainHead).limit(1);
  const checkpoints = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq));
  const cpAt = new Map<number, string[]>();
  for (const cp of checkpoints) {
    if (!keys.some((key) => cp.signature === signCheckpoint(cp.seq, cp.count, cp.hash, key)))
      problems.push({ seq: cp.seq, reason: `checkpoint at seq ${cp.seq} has an invalid signature (forged or re-signed)` });
    else if (cp.count !== cp.seq) problems.push({ seq: cp.seq, reason: `checkpoint at seq ${cp.seq} counts ${cp.count} events` });
    else cpAt.set(cp.seq, [...(cpAt.get(cp.seq) ?? []), cp.hash]);
  }

  let expected = 1;
  let prev = GENESIS_HASH;
  let checked = 0;
  let rowProblem: VerifyProblem | undefined;
  const total = head?.count ?? 0;
  // Promise.resolve starts the (lazy) drizzle query now, not when first awaited.
  const fetchAfter = (seq: number) => Promise.resolve(db.select().from(auditEvents).where(gt(auditEvents.seq, seq)).orderBy(asc(auditEvents.seq)).limit(batchSize));
  let pending = fetchAfter(0);
  scan: for (;;) {
    const rows = await pending;
    // Fetch the next batch while this one is hashed (PostgreSQL works on another core).
    if (rows.length === batchSize) pending = fetchAfter(rows[rows.length - 1].seq);
    for (const row of rows) {
      if (row.seq !== expected) {
        rowProblem = { seq: expected, reason: `row ${expected} is missing (deleted); the next row is ${row.seq}` };
        break scan;
      }
      if (chainHash(row.prevHash, hashedFields(row)) !== row.hash) {
        rowProblem = { seq: row.seq, reason: `row ${row.seq} does not match its hash (altered, or moved from another position)` };
        break scan;
      }
      if (row.prevHash !== prev) {
        rowProblem = { seq: row.seq, reason: `row ${row.seq} does not link to row ${row.seq - 1} (inserted, reordered or re-hashed)` };
        break scan;
      }
      const signed = cpAt.get(row.seq);
      if (signed && signed.some((h) => h !== row.hash)) {
        rowProblem = { seq: row.seq, reason: `row ${row.seq} differs from the signed checkpoint at that position (chain rewritten)` };
        break scan;
      }
      prev = row.hash;
      expected++;
      checked++;
    }
    opts.onProgress?.(checked, total);
    if (rows.length < batchSize) break;
  }
  pending.catch(() => {}); // an unused prefetch after an early stop
  if (rowProblem) problems.push(rowProblem);
  const last = checked;

  if (!rowProblem) {
    if (!head) {
      if (last > 0) problems.push({ seq: 1, reason: "the chain head is missing" });
    } else {
      if (!keys.some((key) => head.signature === signHead(head.seq, head.count, head.hash, key)))
        problems.push({
          seq: Math.min(head.seq, last) + 1,
          reason: "the chain head's signature is invalid: rows after it may have been removed or added",
        });
      if (head.seq > last)
        problems.push({ seq: last + 1, reason: `rows ${last + 1}…${head.seq} are missing: the tail was truncated` });
      else if (head.seq < last)
        problems.push({ seq: head.seq + 1, reason: `rows ${head.seq + 1}…${last} lie beyond the signed chain head (inserted)` });
      else if (head.hash !== prev) problems.push({ seq: head.seq, reason: "the last row's hash differs from the signed chain head" });
      if (head.count !== head.seq) problems.push({ seq: head.seq, reason: `the chain head counts ${head.count} rows for ${head.seq} positions` });
    }
    const beyond = checkpoints.find((cp) => cp.seq > last);
    if (beyond) problems.push({ seq: last + 1, reason: `a signed checkpoint exists at seq ${beyond.seq} but the chain ends at ${last}: the tail was truncated` });
  }

  const first = problems.sort((a, b) => a.seq - b.seq)[0] ?? null;
  return { ok: first === null, checked, first_bad: first };
}
