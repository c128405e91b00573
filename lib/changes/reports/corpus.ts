// The report corpus (fixtures/README.md) and what each file must count. Shared by the unit test
// (parser) and the integration test (POST /api/v1/ci/runs on both engines).
import fs from "node:fs";
import path from "node:path";
import type { FindingCounts } from "./types";
import type { ReportFormat } from "./index";

export interface CorpusCase {
  file: string;
  format: ReportFormat;
  counts: FindingCounts;
  tests?: { total: number; failed: number; errored: number; skipped: number };
  summary: Record<string, unknown>;
}

const c = (open: number, suppressed = 0, dismissed = 0, absent = 0): FindingCounts => ({ open, suppressed, dismissed, absent });

export const CORPUS: CorpusCase[] = [
  { file: "cyclonedx-npm-mocha-1.4.json", format: "cyclonedx", counts: c(0), summary: { specVersion: "1.4", encoding: "json", components: 71, top_level_components: 70, vulnerabilities: 0 } },
  { file: "cyclonedx-npm-mocha-1.5.xml", format: "cyclonedx", counts: c(0), summary: { specVersion: "1.5", encoding: "xml", components: 71, top_level_components: 70 } },
  { file: "cyclonedx-npm-mocha-1.6.xml", format: "cyclonedx", counts: c(0), summary: { specVersion: "1.6", encoding: "xml", components: 71 } },
  { file: "cyclonedx-npm-mocha-1.7.json", format: "cyclonedx", counts: c(0), summary: { specVersion: "1.7", encoding: "json", components: 71 } },
  { file: "eslint-mocha.sarif.json", format: "sarif", counts: c(85, 1), summary: { tools: ["ESLint 8.57.1"], results: 86 } },
  { file: "mocha-xunit.xml", format: "junit", counts: c(2), tests: { total: 5, failed: 2, errored: 0, skipped: 1 }, summary: { suites: 1, passed: 2 } },
  { file: "vitest-junit.xml", format: "junit", counts: c(2), tests: { total: 5, failed: 2, errored: 0, skipped: 1 }, summary: { suites: 1, passed: 2 } },
  { file: "codeql-extensions.sarif.json", format: "sarif", counts: c(4, 1, 0, 1), summary: { tools: ["CodeQL 2.13.5"], under_review: 1 } },
  { file: "multi-run-nulls.sarif.json", format: "sarif", counts: c(3), summary: { runs: 3, not_findings: { pass: 1, notApplicable: 1, informational: 1 } } },
  { file: "vex-1.5.json", format: "cyclonedx", counts: c(4, 0, 4), summary: { components: 5, vulnerabilities: 7, bySeverity: { critical: 1, medium: 2 } } },
  { file: "vex-1.6.xml", format: "cyclonedx", counts: c(4, 0, 4), summary: { components: 5, vulnerabilities: 7, encoding: "xml" } },
  { file: "surefire-reruns.xml", format: "junit", counts: c(2), tests: { total: 5, failed: 2, errored: 1, skipped: 1 }, summary: { flaky: 1, passed: 2 } },
  { file: "nested-suites.xml", format: "junit", counts: c(2), tests: { total: 6, failed: 2, errored: 0, skipped: 1 }, summary: { suites: 4 } },
  { file: "phpunit-empty.xml", format: "junit", counts: c(0), tests: { total: 0, failed: 0, errored: 0, skipped: 0 }, summary: { suites: 0 } },
];

export const corpusFile = (file: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", file), "utf8");
