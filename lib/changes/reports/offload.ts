// A CI run's report and proof, parsed and redacted for storage in one pure function (issue 16):
// lib/changes/api.ts runs it on the off-loop worker (lib/offload/off-loop.ts), so that a 25 MB
// report is read without the event loop; the in-process path (parseReportYielding, then
// redactForStorage) gives the same values in steps. ReportError keeps its name across the thread.
import { runSync } from "./run";
import { parseReport, type ReportFormat } from "./index";
import type { ParsedReport } from "./types";
import { redactValueSteps } from "@/lib/redaction/redact";

export interface CiReportInput {
  report?: { format: ReportFormat; content: string } | null;
  proof: unknown;
}

export interface CiReportOutput {
  report: ParsedReport | null;
  proof: unknown;
}

export function ciReportWork(input: CiReportInput): CiReportOutput {
  const report = input.report ? parseReport(input.report.format, input.report.content) : null;
  // the same redaction as redactForStorage (lib/redaction/storage.ts), without its steps
  return runSync(redactValueSteps({ report, proof: input.proof ?? null })).value;
}
