import { asc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditChainHead, auditCheckpoints, type AuditEvent } from "@/db/schema";
import { GENESIS_HASH, chainHash } from "./canonical";
import { CHECKPOINT_EVERY, auditVerificationKeys, signCheckpoint, signHead } from "./checkpoint";
import type { AuditAnchor } from "./anchor";
import { hashedFields } from "./record";
import { parseTimestampText } from "./time";

export interface VerifyProblem {
  seq: number;
  /** last position the problem covers (a deleted range, a truncated tail); `seq` when absent */
  to?: number;
  reason: string;
}

/** Positions from…to (inclusive) that are bad, with the first reason found in them. */
export interface BadRange {
  from: number;
  to: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows verified intact, in seq order, before the first bad one. */
  checked: number;
  first_bad: { seq: number; reason: string } | null;
  /** Every bad range, in order (the first one starts at first_bad.seq). */
  bad_ranges: BadRange[];
  /** The anchor the chain was checked against, when one was given. */
  anchor?: { seq: number; at: string | null };
}

export interface VerifyOptions {
  /** rows per database read (verifyAuditChain) */
  batchSize?: number;
  key?: string;
  /** The latest signed head kept outside the database (anchor.ts). */
  anchor?: AuditAnchor | null;
  onProgress?: (checked: number, total: number) => void;
}

/** A signed position as stored: a checkpoint, or the chain head (its signature may be missing). */
export interface SignedPosition {
  seq: number;
  count: number;
  hash: string;
  signature: string | null;
}

/**
 * What one verification reads, in this order: every checkpoint, then the head, then the rows up
 * to that head, then whatever lies past it. verifyAuditChain reads them from the database;
 * scanAuditChain judges them.
 */
export interface ChainSnapshot {
  /** every checkpoint, in seq order */
  checkpoints: SignedPosition[];
  head: SignedPosition | undefined;
  /** the next batch of rows in seq order (up to head.seq), as drizzle maps them; null after the last */
  next(): Promise<ScannedRow[] | null>;
  /** asked after the rows: the highest seq past `headSeq` and the head as it is by then; null when no row lies past it */
  beyond(headSeq: number): Promise<{ max: number; head: SignedPosition | undefined } | null>;
}

// Every column, in the order of the JSON arrays the scan query returns (see rowFrom).
// Timestamps travel as their text output (what the driver hands drizzle), jsonb as its text.
const SCAN_COLUMNS = [
  "seq",
  "id",
  "client_id",
  "body_hash",
  "time::text",
  "received_at::text",
  "actor_kind",
  "type",
  "agent_id",
  "agent_slug",
  "actor_user_id",
  "actor_label",
  "initiated_by",
  "session_id",
  "action_type",
  "tool",
  "repository",
  "branch",
  "environment",
  "resource",
  "command",
  "endpoint",
  "decision",
  "decision_id",
  "rule_id",
  "policy_version",
  "approval_id",
  "outcome",
  "rollback_ref",
  "payload",
  "redactions",
  "prev_hash",
  "hash",
  "payload_sha256",
  "payload_bytes",
]
  .map((c) => `e.${c}`)
  .join(", ")
  // A payload stored outside its row (payload-store.ts): what its stored parts hold — the SHA-256
  // of their text joined in order, its length in bytes, how many parts and the highest part number
  // (null when no part is stored).
  .concat(
    `, CASE WHEN e.payload_sha256 IS NOT NULL THEN (SELECT json_build_array(encode(sha256(convert_to(string_agg(c.data, '' ORDER BY c.part), 'UTF8')), 'hex'),` +
      ` sum(octet_length(c.data)), count(*), max(c.part)) FROM audit_payload_chunks c WHERE c.digest = e.payload_sha256) END`,
  );

type ScanRow = [
  number,
  string,
  string | null,
  string | null,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  unknown,
  number,
  string,
  string,
  string | null,
  number | null,
  StoredPayload | null,
];

/** What the stored parts of a payload referenced by a row hold: [sha256, bytes, parts, highest part]. */
type StoredPayload = [string | null, number | string | null, number, number | null];

/** A row as the scan reads it: with what its referenced payload's stored parts hold, if it has one. */
export type ScannedRow = AuditEvent & { storedPayload?: StoredPayload | null };

// PostgreSQL's text output of a timestamptz in UTC with at most millisecond digits (every
// timestamp the chain writes: JavaScript dates, stored as ISO strings).
const UTC_MS = /^(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,3}))?\+00$/;

/**
 * A timestamptz's text as the row read through drizzle holds it (`new Date(text)`), or, for
 * the usual form, directly its ISO string: canonicalJson writes a Date as exactly that string.
 */
export function timestampValue(text: string): Date | string {
  const m = UTC_MS.exec(text);
  if (!m || m[1] < "1000") return parseTimestampText(text); // anything unusual, field by field
  const ms = m[5] === undefined ? "000" : m[5].padEnd(3, "0");
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}.${ms}Z`;
}

/** The row as drizzle would map it (camelCase, numbers, dates), for hashedFields(). */
function rowFrom(r: ScanRow): ScannedRow {
  return {
    seq: r[0],
    id: r[1],
    clientId: r[2],
    bodyHash: r[3],
    time: timestampValue(r[4]) as Date,
    receivedAt: timestampValue(r[5]) as Date,
    actorKind: r[6],
    type: r[7],
    agentId: r[8],
    agentSlug: r[9],
    actorUserId: r[10],
    actorLabel: r[11],
    initiatedBy: r[12],
    sessionId: r[13],
    actionType: r[14],
    tool: r[15],
    repository: r[16],
    branch: r[17],
    environment: r[18],
    resource: r[19],
    command: r[20],
    endpoint: r[21],
    decision: r[22],
    decisionId: r[23],
    ruleId: r[24],
    policyVersion: r[25],
    approvalId: r[26],
    outcome: r[27],
    rollbackRef: r[28],
    payload: r[29],
    redactions: r[30],
    prevHash: r[31],
    hash: r[32],
    payloadSha256: r[33],
    payloadBytes: r[34] == null ? null : Number(r[34]),
    ...(r[33] != null ? { storedPayload: r[35] } : {}),
  };
}

/**
 * One keyset batch of the chain as ONE text (the rows as JSON arrays, comma-separated): the
 * driver parses one value instead of 33 per row, and no per-row objects cross the PGlite
 * thread. jsonb inside json_build_array is its own text output, so JSON.parse gives the same
 * payload value the jsonb column would.
 */
async function fetchRows(db: Db, afterSeq: number, limit: number, upTo?: number): Promise<ScanRow[]> {
  // string_agg of each row's JSON text: cheaper in the database than json_agg (measured
  // 7.4 vs 8.0 µs/row on PostgreSQL and 9.6 vs 10.3 on PGlite for small rows; 23 vs 27 and
  // 26 vs 29 for rows with ~1.3 KB payloads).
  const res = (await db.execute(sql`
    SELECT string_agg(json_build_array(${sql.raw(SCAN_COLUMNS)})::text, ',') AS batch
      FROM (SELECT * FROM audit_events WHERE seq > ${afterSeq}${upTo === undefined ? sql`` : sql` AND seq <= ${upTo}`}
            ORDER BY seq LIMIT ${limit}) e`)) as unknown as {
    rows: { batch: string | null }[];
  };
  const text = res.rows[0]?.batch;
  if (!text) return [];
  // The batch is the next `limit` rows by seq; the aggregate keeps the subquery's order in
  // practice but SQL does not promise it, so sort here (already sorted: one linear pass). It
  // is cheaper than an ORDER BY inside the aggregate (a second sort in the database).
  const rows = JSON.parse("[" + text + "]") as ScanRow[];
  return rows.sort((a, b) => a[0] - b[0]);
}

/**
 * The chain's rows in seq order, batch by batch. While the chain is dense, batch k is the seq
 * range (k·n, (k+1)·n], so two batches can be read ahead while one is hashed (PostgreSQL reads
 * them on other cores). A range holding fewer than n rows (a gap, or the end) ends that: the
 * rest is read by keyset after the last row handed out, one batch ahead — exactly the rows and
 * order the keyset reads alone give (a gap still shows as its first missing seq). `read(afterSeq,
 * limit, upTo?)` gives the next `limit` rows after `afterSeq` (up to `upTo`) in seq order
 * (fetchRows; unit tests read from memory).
 */
export function chainReader<R extends readonly [number, ...unknown[]]>(
  read: (afterSeq: number, limit: number, upTo?: number) => Promise<R[]>,
  n: number,
  upTo: number | undefined,
  ahead = 2,
) {
  let lastSeq = 0;
  let nextLo = 0;
  let ranges: Promise<R[]>[] | null = [];
  let keyset: Promise<R[]> | null = null;
  let done = false;
  // Each read is awaited later or dropped (after a gap, or when the scan stops early).
  const quiet = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => {});
    return p;
  };
  const readRange = () => {
    ranges!.push(quiet(read(nextLo, n, upTo === undefined ? nextLo + n : Math.min(nextLo + n, upTo))));
    nextLo += n;
  };
  for (let i = 0; i < ahead; i++) readRange();
  return {
    async next(): Promise<R[] | null> {
      if (done) return null;
      if (ranges) {
        const batch = await ranges.shift()!;
        if (batch.length === n) {
          readRange();
          lastSeq = batch[n - 1][0];
          return batch;
        }
        ranges = null; // the later ranges are dropped (their promises are quiet)
        if (batch.length) lastSeq = batch[batch.length - 1][0];
        keyset = quiet(read(lastSeq, n, upTo));
        if (batch.length) return batch;
      }
      const batch = await keyset!;
      if (batch.length === n) {
        lastSeq = batch[n - 1][0];
        keyset = quiet(read(lastSeq, n, upTo));
      } else done = true;
      return batch;
    },
  };
}

/**
 * What lies past `headSeq` once the rows are read: the highest seq there and the head as it is
 * by then (scanAuditChain decides whether a signed head covers them), or null when no row does.
 */
async function rowsBeyond(db: Db, headSeq: number): Promise<{ max: number; head: SignedPosition | undefined } | null> {
  const res = (await db.execute(sql`SELECT max(seq) AS m FROM audit_events WHERE seq > ${headSeq}`)) as unknown as { rows: { m: string | number | null }[] };
  const max = res.rows[0]?.m == null ? null : Number(res.rows[0].m);
  if (max === null) return null;
  const [now] = await db.select().from(auditChainHead).limit(1);
  return { max, head: now };
}

/** Consecutive bad positions merged into ranges, each with the first reason found in it. */
export function badRanges(problems: VerifyProblem[]): BadRange[] {
  const sorted = [...problems].sort((a, b) => a.seq - b.seq);
  const out: BadRange[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    const to = p.to ?? p.seq;
    if (last && p.seq <= last.to + 1) last.to = Math.max(last.to, to);
    else out.push({ from: p.seq, to, reason: p.reason });
  }
  return out;
}

/**
 * What is wrong with the payload a row references (stored outside it, payload-store.ts), or null:
 * its parts must be there, numbered 0…n−1, and hash to the digest the row (and so its chain hash)
 * names, with the length it names. A row without a reference has nothing to check here.
 */
export function payloadProblem(row: ScannedRow): string | null {
  if (row.payloadSha256 == null) return null;
  const s = row.storedPayload;
  if (!s || s[2] === 0 || s[0] == null) return `its payload (sha256 ${row.payloadSha256}) is missing: no stored part`;
  const [sha, bytes, parts, maxPart] = s;
  if (maxPart !== parts - 1)
    return `its payload (sha256 ${row.payloadSha256}) is incomplete: ${parts} part(s) stored, numbered up to ${maxPart} (a part is missing)`;
  if (sha !== row.payloadSha256 || Number(bytes) !== row.payloadBytes)
    return `its payload's stored parts (${Number(bytes)} bytes, sha256 ${sha}) do not match the ${row.payloadBytes} bytes with sha256 ${row.payloadSha256} it references (altered)`;
  return null;
}

/**
 * Judges the chain batch by batch as it comes, in seq order, and recomputes every link.
 * Detects: altered rows (hash ≠ contents), deleted rows (seq gap), inserted/reordered rows
 * (prev_hash link or position broken), rows past the signed head, a truncated tail (head or a
 * signed checkpoint points past the last row), forged or deleted checkpoints (one is written
 * in every window of CHECKPOINT_EVERY positions), an unsigned/forged head, and, given the
 * latest anchor kept outside the database (anchor.ts), a rollback to an earlier head, a
 * truncated or wiped chain and a rewritten suffix. The scan goes on past a bad row (re-syncing
 * on the stored hash), so every bad range is reported, not only the first.
 *
 * No database here: `chain` hands over what verifyAuditChain read (unit tests hand it chains
 * built in memory).
 */
export async function scanAuditChain(chain: ChainSnapshot, opts: VerifyOptions = {}): Promise<VerifyResult> {
  // The current key, then retired ones (GATEHOUSE_AUDIT_KEY_PREVIOUS) for checkpoints signed before a rotation.
  const keys = opts.key ? [opts.key] : auditVerificationKeys();
  const problems: VerifyProblem[] = [];
  const anchor = opts.anchor ?? null;
  if (anchor && !keys.some((key) => anchor.signature === signHead(anchor.seq, anchor.count, anchor.hash, key)))
    problems.push({ seq: 1, reason: "the anchor given is not signed by the audit key: it proves nothing" });
  const trustedAnchor = anchor && problems.length === 0 ? anchor : null;
  const { checkpoints, head } = chain;
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
  let intact = true; // no bad row yet: `checked` counts rows before the first bad one
  let last = 0;
  let anchorRowHash: string | null = null;
  const total = head?.count ?? 0;
  const bad = (p: VerifyProblem) => {
    problems.push(p);
    intact = false;
  };
  for (;;) {
    const batch = await chain.next();
    if (batch === null) break;
    for (const row of batch) {
      let ok = true;
      let linkKnown = true;
      if (row.seq !== expected) {
        bad({ seq: expected, to: row.seq - 1, reason: `row ${expected} is missing (deleted); the next row is ${row.seq}` });
        ok = false;
        linkKnown = false; // the row before it is gone: its link cannot be checked
      }
      if (chainHash(row.prevHash, hashedFields(row)) !== row.hash) {
        bad({ seq: row.seq, reason: `row ${row.seq} does not match its hash (altered, or moved from another position)` });
        ok = false;
      } else if (linkKnown && row.prevHash !== prev) {
        bad({ seq: row.seq, reason: `row ${row.seq} does not link to row ${row.seq - 1} (inserted, reordered or re-hashed)` });
        ok = false;
      }
      const stored = payloadProblem(row);
      if (stored) {
        bad({ seq: row.seq, reason: `row ${row.seq}: ${stored}` });
        ok = false;
      }
      const signed = cpAt.get(row.seq);
      if (signed && signed.some((h) => h !== row.hash)) {
        bad({ seq: row.seq, reason: `row ${row.seq} differs from the signed checkpoint at that position (chain rewritten)` });
        ok = false;
      }
      if (trustedAnchor && row.seq === trustedAnchor.seq) anchorRowHash = row.hash;
      // Re-sync on the stored hash: the next row's link is checked against what is stored, so
      // one altered row is one bad position and the scan finds the next problem too.
      prev = row.hash;
      expected = row.seq + 1;
      last = row.seq;
      if (ok && intact) checked++;
    }
    opts.onProgress?.(checked, total);
  }

  if (!head) {
    if (last > 0) problems.push({ seq: 1, reason: "the chain head is missing" });
  } else {
    if (!keys.some((key) => head.signature === signHead(head.seq, head.count, head.hash, key)))
      problems.push({
        seq: Math.min(head.seq, last) + 1,
        reason: "the chain head's signature is invalid: rows after it may have been removed or added",
      });
    if (head.seq > last) problems.push({ seq: last + 1, to: head.seq, reason: `rows ${last + 1}…${head.seq} are missing: the tail was truncated` });
    else if (head.hash !== prev) problems.push({ seq: head.seq, reason: "the last row's hash differs from the signed chain head" });
    // Rows appended while the verification ran are covered: the head moves in the transaction
    // that adds them, so the head read after the rows covers every row that read saw.
    const later = await chain.beyond(head.seq);
    const now = later?.head;
    const covered = later && now && now.seq >= later.max && keys.some((key) => now.signature === signHead(now.seq, now.count, now.hash, key));
    const beyond = later && !covered ? later.max : null;
    if (beyond) problems.push({ seq: head.seq + 1, to: beyond, reason: `rows ${head.seq + 1}…${beyond} lie beyond the signed chain head (inserted)` });
    if (head.count !== head.seq) problems.push({ seq: head.seq, reason: `the chain head counts ${head.count} rows for ${head.seq} positions` });
  }
  const past = checkpoints.find((cp) => cp.seq > last);
  if (past)
    problems.push({
      seq: last + 1,
      to: past.seq,
      reason: `a signed checkpoint exists at seq ${past.seq} but the chain ends at ${last}: the tail was truncated`,
    });
  // Every append that crosses a multiple of CHECKPOINT_EVERY writes a checkpoint at its last
  // row, and an append holds at most CHECKPOINT_EVERY rows: window k holds one checkpoint.
  const windows = Math.floor(Math.min(head?.count ?? last, last) / CHECKPOINT_EVERY);
  const signedSeqs = [...cpAt.keys()];
  for (let k = 1; k <= windows; k++) {
    const lo = k * CHECKPOINT_EVERY;
    if (!signedSeqs.some((seq) => seq >= lo && seq < lo + CHECKPOINT_EVERY))
      problems.push({
        seq: lo,
        to: Math.min(lo + CHECKPOINT_EVERY - 1, last),
        reason: `the signed checkpoint for positions ${lo}…${lo + CHECKPOINT_EVERY - 1} is missing (deleted)`,
      });
  }
  if (trustedAnchor) {
    const current = head?.seq ?? 0;
    if (last === 0 && current === 0 && trustedAnchor.seq > 0)
      problems.push({
        seq: 1,
        to: trustedAnchor.seq,
        reason: `the chain is empty, but the anchor kept outside the database proves ${trustedAnchor.seq} events (wiped)`,
      });
    else if (current < trustedAnchor.seq || last < trustedAnchor.seq)
      problems.push({
        seq: Math.min(current, last) + 1,
        to: trustedAnchor.seq,
        reason: `the chain ends at ${Math.min(current, last)}, but the anchor kept outside the database proves ${trustedAnchor.seq} events (rolled back or truncated)`,
      });
    else if (anchorRowHash !== trustedAnchor.hash)
      problems.push({
        seq: trustedAnchor.seq,
        reason: `row ${trustedAnchor.seq} differs from the anchor kept outside the database (the chain was rewritten up to it)`,
      });
  }

  const ranges = badRanges(problems);
  const first = problems.sort((a, b) => a.seq - b.seq)[0] ?? null;
  return {
    ok: first === null,
    checked,
    first_bad: first && { seq: first.seq, reason: first.reason },
    bad_ranges: ranges,
    ...(trustedAnchor ? { anchor: { seq: trustedAnchor.seq, at: trustedAnchor.at ?? null } } : {}),
  };
}

/**
 * Verifies the audit chain in the database (scanAuditChain's verdict over rows streamed in seq
 * order, keyset batches, memory flat).
 */
export async function verifyAuditChain(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  // Checkpoints, then the head, then rows up to that head: appends go on while this runs, and
  // each moves the head and writes its checkpoint in the transaction that adds its rows, so
  // everything read here belongs to the chain as of that head (see scanAuditChain's tail check).
  const checkpoints = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq));
  const [head] = await db.select().from(auditChainHead).limit(1);
  // Batches are read ahead while one is hashed (the database works on another core).
  const reader = chainReader((afterSeq, limit, upTo) => fetchRows(db, afterSeq, limit, upTo), opts.batchSize ?? 2000, head?.seq);
  const next = async () => (await reader.next())?.map(rowFrom) ?? null;
  return scanAuditChain({ checkpoints, head, next, beyond: (headSeq) => rowsBeyond(db, headSeq) }, opts);
}
