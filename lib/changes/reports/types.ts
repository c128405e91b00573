// What every report parser returns. Pure.
export type FindingSeverity = "critical" | "high" | "medium" | "low" | "info";

export interface Finding {
  ruleId: string | null;
  severity: FindingSeverity;
  message: string;
  path: string | null;
  line: number | null;
}

export interface ParsedReport {
  format: "sarif" | "junit" | "cyclonedx" | "text";
  findings: Finding[];
  tests?: { total: number; failed: number; errored: number; skipped: number; names: string[] };
  /** format-specific facts shown on the change page (tool name, component count, …) */
  summary: Record<string, unknown>;
}

/** A report the client sent that we cannot read: 400 invalid_request with this message. */
export class ReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportError";
  }
}

export const MAX_FINDINGS = 5000;

export function clip(s: string, n = 2000): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}
