import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { corpusFile } from "./corpus";
import { parseReport, parseReportYielding, ReportError } from "./index";
import { MAX_FINDINGS } from "./types";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "..", "fixtures", name), "utf8");
const sarif = (runs: unknown) => JSON.stringify({ version: "2.1.0", runs });

describe("SARIF", () => {
  it("CodeQL: security-severity decides severity; a suppressed result is kept as suppressed, not open", () => {
    const r = parseReport("sarif", fixture("codeql-javascript.sarif.json"));
    expect(r.counts).toEqual({ open: 3, suppressed: 1, dismissed: 0, absent: 0 });
    expect(r.findings[0]).toEqual({
      ruleId: "js/sql-injection",
      severity: "high",
      message: "This query string depends on a [user-provided value](1).",
      path: "src/routes/users.js",
      line: 42,
      status: "open",
      justification: null,
    });
    expect(r.findings[1].severity).toBe("high"); // 7.5
    expect(r.findings[2]).toMatchObject({ ruleId: "js/unused-local-variable", severity: "low", line: 7 });
    expect(r.findings[3].status).toBe("suppressed");
    expect(r.summary).toMatchObject({ tools: ["CodeQL 2.19.3"], suppressed: 1 });
  });
  it("Semgrep: level comes from the rule's defaultConfiguration", () => {
    const r = parseReport("sarif", fixture("semgrep.sarif.json"));
    expect(r.findings.map((f) => f.severity)).toEqual(["high", "medium"]);
    expect(r.findings[0].path).toBe("app/api/login.py");
  });
  it("CodeQL 2.13: rules in tool.extensions are found through rule.toolComponent (java/sql-injection 8.8 → high)", () => {
    const r = parseReport("sarif", corpusFile("codeql-extensions.sarif.json"));
    const sqli = r.findings.find((f) => f.ruleId === "java/sql-injection" && f.status === "open")!;
    expect(sqli).toMatchObject({ severity: "high", path: "src/main/java/com/acme/OrderController.java", line: 58 });
    // the artifact index names the file when the location has no uri
    expect(r.findings.find((f) => f.line === 77)).toMatchObject({ ruleId: "java/xss", severity: "medium", path: "src/main/java/com/acme/OrderController.java" });
  });
  it("baselineState absent is kept as absent; accepted suppressions are suppressed, under review and rejected stay open", () => {
    const r = parseReport("sarif", corpusFile("codeql-extensions.sarif.json"));
    expect(r.findings.find((f) => f.line === 120)).toMatchObject({ status: "absent" });
    expect(r.findings.find((f) => f.line === 33)).toMatchObject({ status: "suppressed", justification: "kept for the ReportRenderer interface" });
    expect(r.findings.find((f) => f.line === 140)!.status).toBe("open"); // underReview
    expect(r.findings.find((f) => f.line === 151)!.status).toBe("open"); // rejected
    expect(r.summary).toMatchObject({ under_review: 1, baseline: { new: 2, unchanged: 2, updated: 1, absent: 1 } });
  });
  it("null arrays (rules, results, locations, runs) read as empty; pass / notApplicable / informational are not findings", () => {
    const r = parseReport("sarif", corpusFile("multi-run-nulls.sarif.json"));
    expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["CVE-2024-29041", "medium"],
      ["CVE-2022-24999", "high"],
      ["CKV_DOCKER_2", "high"],
    ]);
    expect(r.findings[1].path).toBeNull();
    expect(parseReport("sarif", JSON.stringify({ version: "2.1.0", runs: null })).counts.open).toBe(0);
  });
  it("message templates from the rule's messageStrings; out-of-range lines become null", () => {
    const r = parseReport(
      "sarif",
      sarif([
        {
          tool: { driver: { name: "x", rules: [{ id: "R1", messageStrings: { default: { text: "Use {0} instead of {1}." } } }] } },
          results: [{ ruleId: "R1", message: { id: "default", arguments: ["const", "var"] }, locations: [{ physicalLocation: { region: { startLine: 3_000_000_000 } } }] }],
        },
      ]),
    );
    expect(r.findings[0]).toMatchObject({ message: "Use const instead of var.", line: null, severity: "medium" });
  });
  it("rejects what is not SARIF 2.1.0, naming where", () => {
    expect(() => parseReport("sarif", "{not json")).toThrow(ReportError);
    expect(() => parseReport("sarif", JSON.stringify({ version: "2.0.0", runs: [] }))).toThrow(/version/);
    expect(() => parseReport("sarif", JSON.stringify({ version: "2.1.0", runs: [{ results: [] }] }))).toThrow(/runs\.0\.tool/);
    expect(() => parseReport("sarif", sarif([{ tool: { driver: { name: "x" } }, results: [{ message: {}, kind: "bogus" }] }]))).toThrow(/runs\.0\.results\.0\.kind/);
    expect(() => parseReport("sarif", corpusFile("vex-1.5.json"))).toThrow(/not SARIF 2\.1\.0/);
  });
  it("an empty run has no findings", () => {
    expect(parseReport("sarif", sarif([{ tool: { driver: { name: "eslint" } }, results: [] }])).findings).toEqual([]);
  });
  it("past MAX_FINDINGS the open findings are the ones kept; every finding is counted", () => {
    const results = [...Array.from({ length: MAX_FINDINGS + 10 }, () => ({ message: { text: "s" }, suppressions: [{ kind: "inSource" }] })), { message: { text: "real" } }];
    const r = parseReport("sarif", sarif([{ tool: { driver: { name: "x" } }, results }]));
    expect(r.counts).toEqual({ open: 1, suppressed: MAX_FINDINGS + 10, dismissed: 0, absent: 0 });
    expect(r.findings).toHaveLength(MAX_FINDINGS);
    expect(r.findings[0]).toMatchObject({ message: "real", status: "open" });
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
  it("one finding per failed test case, not per <failure> element (Vitest expect.soft)", () => {
    const r = parseReport("junit", corpusFile("vitest-junit.xml"));
    expect(r.findings.map((f) => f.message.split(":")[0])).toEqual(["cart.test.js › cart > applies a discount", "cart.test.js › cart > checkout > charges the card"]);
    expect(r.findings[0].message).toContain("(1 more failure(s))");
  });
  it("Surefire reruns: flakyFailure alone is a pass (flaky); failure with rerunFailures is one failed test", () => {
    const r = parseReport("junit", corpusFile("surefire-reruns.xml"));
    expect(r.summary).toMatchObject({ flaky: 1, failed: 1, errored: 1, passed: 2 });
    expect(r.findings.map((f) => f.message)).toEqual([
      "com.acme.orders.OrderServiceTest › cancelsOrder: expected: <CANCELLED> but was: <OPEN> (failed 2 rerun(s))",
      "com.acme.orders.OrderServiceTest › refundsOrder: Connection refused (1 more failure(s))",
    ]);
  });
  it("suites nested four deep; the stack line of the test's own file", () => {
    const r = parseReport("junit", corpusFile("nested-suites.xml"));
    expect(r.summary).toMatchObject({ suites: 4, total: 6 });
    expect(r.findings.find((f) => f.path)).toMatchObject({ path: "tests/api/orders/create/validation.test.ts", line: 27, ruleId: "AssertionError" });
    expect(r.findings.map((f) => f.message.split(":")[0]).sort()).toEqual(["api.orders › delete", "api.orders.create.validation › rejects a negative quantity"]);
  });
  it("the empty <testsuites/> is a report of zero tests", () => {
    expect(parseReport("junit", "<testsuites/>").tests).toMatchObject({ total: 0, failed: 0 });
  });
  it("a 600 KB file attribute is read and clipped, not turned into a pattern", () => {
    const file = "a/".repeat(300_000) + "x.test.ts";
    const r = parseReport("junit", `<testsuite><testcase name="t" file="${file}"><failure>at x.test.ts:12:3</failure></testcase></testsuite>`);
    expect(r.findings[0].path!.length).toBeLessThanOrEqual(2000);
    expect(r.findings[0].line).toBe(12);
  });
  it("rejects malformed XML and non-JUnit XML", () => {
    expect(() => parseReport("junit", "<testsuites><testsuite>")).toThrow(/well-formed/);
    expect(() => parseReport("junit", "<html><body/></html>")).toThrow(/no <testsuites>/);
    expect(() => parseReport("junit", '<!DOCTYPE x [<!ENTITY a "aaaa">]><testsuites>&a;</testsuites>')).toThrow(ReportError);
  });
});

describe("CycloneDX", () => {
  it("1.5 with vulnerabilities: worst rating wins, score fallback, purl as path", () => {
    const r = parseReport("cyclonedx", fixture("cyclonedx-1.5.json"));
    expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["CVE-2022-23529", "high"],
      ["CVE-2021-23337", "critical"],
      ["CVE-2024-29041", "medium"],
    ]);
    expect(r.findings[0].path).toBe("pkg:npm/jsonwebtoken@8.5.1");
    expect(r.findings[0].message).toContain("jsonwebtoken@8.5.1");
    expect(r.summary).toMatchObject({ components: 4, vulnerabilities: 3, subject: "payments-api" });
  });
  it("VEX: not_affected, false_positive, resolved and unaffected versions are dismissed with their justification", () => {
    const r = parseReport("cyclonedx", corpusFile("vex-1.5.json"));
    const byId = (id: string) => r.findings.filter((f) => f.ruleId === id);
    expect(byId("CVE-2020-25649")[0]).toMatchObject({
      status: "dismissed",
      justification: "not_affected: code_not_reachable — response: will_not_fix, update — The application never deserialises XML with the DOMDeserializer.",
    });
    expect(byId("CVE-2021-23337")[0].status).toBe("dismissed");
    expect(byId("CVE-2020-28500")[0].status).toBe("dismissed");
    expect(byId("CVE-2021-3807")[0].status).toBe("dismissed");
    expect(byId("CVE-2021-44906")[0]).toMatchObject({ status: "open", severity: "critical", path: "pkg:npm/minimist@1.2.5" });
    // in_triage stays open; a BOM-Link target resolves to the nested component
    expect(byId("CVE-2022-25883").map((f) => [f.status, f.path])).toEqual([
      ["open", "pkg:npm/semver@7.5.1"],
      ["open", "pkg:npm/ansi-regex@5.0.0"],
    ]);
    expect(byId("GHSA-xxxx-unrated")[0].severity).toBe("medium"); // "unknown" is not info
    expect(r.summary).toMatchObject({ components: 5, top_level_components: 3 });
  });
  it("XML and JSON of the same BOM give the same findings", () => {
    const json = parseReport("cyclonedx", corpusFile("vex-1.5.json"));
    const xml = parseReport("cyclonedx", corpusFile("vex-1.6.xml"));
    expect(xml.findings).toEqual(json.findings);
    expect(xml.summary).toMatchObject({ specVersion: "1.6", encoding: "xml" });
  });
  it("rejects what is not a CycloneDX 1.4–1.7 BOM", () => {
    expect(() => parseReport("cyclonedx", JSON.stringify({ bomFormat: "SPDX" }))).toThrow(/CycloneDX/);
    expect(() => parseReport("cyclonedx", JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.3" }))).toThrow(/1\.3 is not accepted: versions 1\.4, 1\.5, 1\.6, 1\.7/);
    expect(() => parseReport("cyclonedx", "<bom/>")).toThrow(/namespace/);
    expect(() => parseReport("cyclonedx", '<bom xmlns="http://cyclonedx.org/schema/bom/1.1"/>')).toThrow(/1\.1 is not accepted/);
    expect(() => parseReport("cyclonedx", JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components: {} }))).toThrow(/components is not a list/);
    expect(() => parseReport("cyclonedx", "neither")).toThrow(/neither JSON nor XML/);
  });
});

it("text reports are stored, not parsed", () => {
  expect(parseReport("text", "all good").findings).toEqual([]);
});

describe("reading a large report", () => {
  // JUnit of ~3 MB: many chunks for the XML reader
  const big = `<testsuites><testsuite name="s">${Array.from({ length: 20_000 }, (_, i) => `<testcase name="case ${i}" classname="c"><system-out>${"x".repeat(100)}</system-out></testcase>`).join("")}</testsuite></testsuites>`;

  it("the route's driver gives the event loop back while it reads, and reads the same", async () => {
    let ranDuringParse = false;
    let done = false;
    const probe = () => {
      if (!done) ranDuringParse = true;
    };
    setImmediate(probe);
    const r = await parseReportYielding("junit", big);
    done = true;
    expect(ranDuringParse).toBe(true);
    expect(r.tests?.total).toBe(20_000);
  });
  it("while the one-go parser holds it to the end (what the route no longer does)", () => {
    let ran = false;
    setImmediate(() => (ran = true));
    expect(parseReport("junit", big).tests?.total).toBe(20_000);
    expect(ran).toBe(false);
  });
});
