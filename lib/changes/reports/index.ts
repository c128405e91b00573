import { cyclonedxSteps } from "./cyclonedx";
import { junitSteps } from "./junit";
import { runSync, runYielding, type Steps } from "./run";
import { sarifSteps } from "./sarif";
import { emptyCounts, type ParsedReport } from "./types";

export { ReportError, FINDING_STATUSES, type Finding, type FindingCounts, type FindingStatus, type ParsedReport } from "./types";

export type ReportFormat = "sarif" | "junit" | "cyclonedx" | "text";

function* textSteps(content: string): Steps<ParsedReport> {
  return { format: "text", findings: [], counts: emptyCounts(), summary: { bytes: Buffer.byteLength(content) } };
}

function steps(format: ReportFormat, content: string): Steps<ParsedReport> {
  switch (format) {
    case "sarif":
      return sarifSteps(content);
    case "junit":
      return junitSteps(content);
    case "cyclonedx":
      return cyclonedxSteps(content);
    case "text":
      return textSteps(content);
  }
}

/** Parses a CI report; throws ReportError (→ 400) when it is malformed. */
export function parseReport(format: ReportFormat, content: string): ParsedReport {
  return runSync(steps(format, content));
}

/**
 * The same, giving the event loop back every few milliseconds (the HTTP route uses this: a
 * 25 MB report must not hold up decisions and the kill switch while it is read).
 */
export function parseReportYielding(format: ReportFormat, content: string): Promise<ParsedReport> {
  return runYielding(steps(format, content));
}
