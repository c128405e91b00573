import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseReport, ReportError } from "./index";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "..", "fixtures", name), "utf8");

describe("SARIF", () => {
  it("CodeQL: security-severity decides severity, suppressed results are dropped", () => {
    const r = parseReport("sarif", fixture("codeql-javascript.sarif.json"));
    expect(r.findings).toHaveLength(3);
    expect(r.findings[0]).toEqual({
      ruleId: "js/sql-injection",
      severity: "high",
      message: "This query string depends on a [user-provided value](1).",
      path: "src/routes/users.js",
      line: 42,
    });
    expect(r.findings[1].severity).toBe("high"); // 7.5
    expect(r.findings[2]).toMatchObject({ ruleId: "js/unused-local-variable", severity: "low", line: 7 });
    expect(r.summary).toMatchObject({ tools: ["CodeQL 2.19.3"], suppressed: 1 });
  });
  it("Semgrep: level comes from the rule's defaultConfiguration", () => {
    const r = parseReport("sarif", fixture("semgrep.sarif.json"));
    expect(r.findings.map((f) => f.severity)).toEqual(["high", "medium"]);
    expect(r.findings[0].path).toBe("app/api/login.py");
  });
  it("rejects malformed SARIF with a clear message", () => {
    expect(() => parseReport("sarif", "{not json")).toThrow(ReportError);
    expect(() => parseReport("sarif", JSON.stringify({ version: "2.0.0", runs: [] }))).toThrow(/version/);
    expect(() => parseReport("sarif", JSON.stringify({ version: "2.1.0", runs: [{ results: [] }] }))).toThrow(/runs\.0\.tool/);
  });
  it("an empty run has no findings", () => {
    expect(parseReport("sarif", JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "eslint" } }, results: [] }] })).findings).toEqual([]);
  });
});

describe("JUnit", () => {
  it("jest-junit: counts and failure findings with the file line from the stack", () => {
    const r = parseReport("junit", fixture("jest-junit.xml"));
    expect(r.tests).toMatchObject({ total: 6, failed: 1, errored: 0, skipped: 1 });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].message).toContain("PaymentService refunds a partial amount");
    expect(r.findings[0].severity).toBe("medium");
  });
  it("pytest: failure + setup error, skipped, file/line attributes", () => {
    const r = parseReport("junit", fixture("pytest-junit.xml"));
    expect(r.tests).toMatchObject({ total: 5, failed: 2, errored: 1, skipped: 1 });
    expect(r.findings.map((f) => f.severity)).toEqual(["medium", "high"]);
    expect(r.findings[0]).toMatchObject({ path: "tests/test_orders.py", line: 41 });
    expect(r.findings[0].message).toContain("tests.test_orders › test_cancel_order: AssertionError");
    expect(r.tests!.names).toContain("tests.test_inventory › test_release");
  });
  it("Maven Surefire: a single <testsuite> root with CDATA failure", () => {
    const r = parseReport("junit", fixture("surefire.xml"));
    expect(r.tests).toMatchObject({ total: 3, failed: 1, skipped: 0 });
    expect(r.findings[0]).toMatchObject({ ruleId: "org.opentest4j.AssertionFailedError" });
    expect(r.findings[0].message).toContain("expected: <IllegalStateException> but was: <null>");
  });
  it("rejects malformed XML and non-JUnit XML", () => {
    expect(() => parseReport("junit", "<testsuites><testsuite>")).toThrow(/well-formed/);
    expect(() => parseReport("junit", "<html><body/></html>")).toThrow(/no <testsuites>/);
  });
});

describe("CycloneDX", () => {
  it("1.5 with vulnerabilities: worst rating wins, score fallback, purl as path", () => {
    const r = parseReport("cyclonedx", fixture("cyclonedx-1.5.json"));
    expect(r.findings).toHaveLength(3);
    expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["CVE-2022-23529", "high"],
      ["CVE-2021-23337", "critical"],
      ["CVE-2024-29041", "medium"],
    ]);
    expect(r.findings[0].path).toBe("pkg:npm/jsonwebtoken@8.5.1");
    expect(r.findings[0].message).toContain("jsonwebtoken@8.5.1");
    expect(r.summary).toMatchObject({ components: 4, vulnerabilities: 3, subject: "payments-api" });
  });
  it("rejects a non-CycloneDX document", () => {
    expect(() => parseReport("cyclonedx", JSON.stringify({ bomFormat: "SPDX" }))).toThrow(/CycloneDX/);
    expect(() => parseReport("cyclonedx", "<bom/>")).toThrow(/JSON/);
  });
});

it("text reports are stored, not parsed", () => {
  expect(parseReport("text", "all good").findings).toEqual([]);
});
