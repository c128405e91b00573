// What every report parser returns. Pure.
export type FindingSeverity = "critical" | "high" | "medium" | "low" | "info";

/**
 * Why a finding does or does not count against a gate:
 * - open: a finding the tool reports as a problem now;
 * - suppressed: SARIF `suppressions` with an accepted status (in-source or external);
 * - dismissed: a CycloneDX VEX verdict (`not_affected`, `false_positive`, `resolved`);
 * - absent: SARIF `baselineState: "absent"` — present in the baseline, gone from this run.
 * Only open findings are counted as the run's findings; the others are kept and shown.
 */
export type FindingStatus = "open" | "suppressed" | "dismissed" | "absent";
export const FINDING_STATUSES: readonly FindingStatus[] = ["open", "suppressed", "dismissed", "absent"];

export interface Finding {
  ruleId: string | null;
  severity: FindingSeverity;
  message: string;
  path: string | null;
  line: number | null;
  status: FindingStatus;
  /** why a finding is not open: the VEX justification and detail, the suppression's justification */
  justification: string | null;
}

export type FindingCounts = Record<FindingStatus, number>;

export interface ParsedReport {
  format: "sarif" | "junit" | "cyclonedx" | "text";
  /** at most MAX_FINDINGS of them, open ones first */
  findings: Finding[];
  /** every finding by status, also those past MAX_FINDINGS */
  counts: FindingCounts;
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

export function emptyCounts(): FindingCounts {
  return { open: 0, suppressed: 0, dismissed: 0, absent: 0 };
}

/**
 * Collects findings: counts every one, keeps at most MAX_FINDINGS with open ones first (a
 * report of 10,000 suppressed results and 3 open ones must still store the 3).
 */
export class FindingSink {
  readonly counts = emptyCounts();
  private open: Finding[] = [];
  private other: Finding[] = [];

  add(f: Finding) {
    this.counts[f.status]++;
    if (f.status === "open") {
      if (this.open.length < MAX_FINDINGS) this.open.push(f);
    } else if (this.other.length < MAX_FINDINGS) this.other.push(f);
  }

  findings(): Finding[] {
    return [...this.open, ...this.other.slice(0, Math.max(0, MAX_FINDINGS - this.open.length))];
  }
}

/** CVSS-style score → severity (the bands of CVSS v3 and of GitHub's security-severity). */
export function severityFromScore(n: number): FindingSeverity {
  if (n >= 9) return "critical";
  if (n >= 7) return "high";
  if (n >= 4) return "medium";
  if (n > 0) return "low";
  return "info";
}

/** A line number a database integer column can hold, or null (reports carry 0, -1, 1e12, "abc"). */
export function lineOf(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
}
