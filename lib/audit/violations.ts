import type { Db } from "@/db/client";
import { raiseViolations } from "@/lib/violations/raise";
import type { Severity } from "@/lib/violations/types";

// Violations raised while ingesting (secret exposure, shadow agents), in the ingest
// transaction, through the one violation writer (grouped by kind + agent).

export interface IngestHit {
  kind: "secret_exposure" | "shadow_agent";
  severity: Severity;
  agentId: string | null;
  agentSlug: string | null;
  title: string;
  explanation: string;
  eventSeq: number;
  details?: Record<string, unknown>;
}

export async function raiseIngestViolations(tx: Db, hits: IngestHit[]): Promise<void> {
  await raiseViolations(
    tx,
    hits.map((h) => ({
      kind: h.kind,
      severity: h.severity,
      agentId: h.agentId,
      agentSlug: h.agentSlug,
      title: h.title,
      explanation: h.explanation,
      evidenceSeqs: [h.eventSeq],
      details: h.details,
    })),
    { alert: true },
  );
}
