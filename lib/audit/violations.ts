import type { Db } from "@/db/client";
import { linkEvidence, raiseViolations } from "@/lib/violations/raise";
import type { Severity } from "@/lib/violations/types";

// Violations raised while ingesting (secret exposure, shadow agents), in the ingest
// transaction, through the one violation writer (grouped by kind + agent). On PostgreSQL they
// are raised before the batch is appended, so the audit chain head's lock is not held while
// they are written (lib/audit/ingest.ts); their evidence, the events, is linked once the events
// have their seqs.

export interface IngestHit {
  kind: "secret_exposure" | "shadow_agent";
  severity: Severity;
  agentId: string | null;
  agentSlug: string | null;
  title: string;
  explanation: string;
  /** the event that is the evidence: its index in the batch being appended */
  event: number;
  details?: Record<string, unknown>;
}

/** Raises the hits' violations (no evidence yet); returns, per hit, its violation's id. */
export async function raiseIngestViolations(tx: Db, hits: IngestHit[]): Promise<string[]> {
  const res = await raiseViolations(
    tx,
    hits.map((h) => ({
      kind: h.kind,
      severity: h.severity,
      agentId: h.agentId,
      agentSlug: h.agentSlug,
      title: h.title,
      explanation: h.explanation,
      evidenceSeqs: [],
      details: h.details,
    })),
    { alert: true },
  );
  // every hit is counted: without evidence none can be skipped as linked already
  return res.byHit.map((id) => id!);
}

/** Links each hit's violation to its event, now appended at `seqs` (in batch order). */
export async function linkIngestEvidence(tx: Db, hits: IngestHit[], ids: string[], seqs: number[]): Promise<void> {
  await linkEvidence(
    tx,
    hits.map((h, i) => ({ violationId: ids[i], eventSeq: seqs[h.event] })),
  );
}
