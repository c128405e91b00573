import { parseCyclonedx } from "./cyclonedx";
import { parseJunit } from "./junit";
import { parseSarif } from "./sarif";
import type { ParsedReport } from "./types";

export { ReportError, type Finding, type ParsedReport } from "./types";

export type ReportFormat = "sarif" | "junit" | "cyclonedx" | "text";

/** Parses a CI report; throws ReportError (→ 400) when it is malformed. */
export function parseReport(format: ReportFormat, content: string): ParsedReport {
  switch (format) {
    case "sarif":
      return parseSarif(content);
    case "junit":
      return parseJunit(content);
    case "cyclonedx":
      return parseCyclonedx(content);
    case "text":
      return { format: "text", findings: [], summary: { bytes: Buffer.byteLength(content) } };
  }
}
