// JUnit XML (Jest jest-junit, pytest --junitxml, Maven Surefire, Gradle, Go go-junit-report)
// → test counts and one finding per failed/errored test. Parsed with fast-xml-parser. Pure.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { clip, MAX_FINDINGS, ReportError, type Finding, type ParsedReport } from "./types";

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  // elements that may repeat are always arrays, so one-element suites read like many
  isArray: (name) => ["testsuite", "testcase", "failure", "error", "skipped", "property"].includes(name),
  processEntities: true,
  parseAttributeValue: false,
  trimValues: true,
});

function text(n: unknown): string {
  if (n === undefined || n === null) return "";
  if (typeof n === "string") return n;
  if (typeof n === "object") {
    const o = n as Node;
    const msg = typeof o["@_message"] === "string" ? (o["@_message"] as string) : "";
    const body = typeof o["#text"] === "string" ? (o["#text"] as string) : "";
    return msg || body;
  }
  return String(n);
}

function firstFrameLine(body: string, file: string | null): number | null {
  if (!file) return null;
  const base = file.split("/").pop()!;
  const re = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+)`);
  const m = re.exec(body);
  return m ? Number(m[1]) : null;
}

function collectSuites(node: Node, out: Node[]) {
  for (const s of (node.testsuite as Node[] | undefined) ?? []) {
    out.push(s);
    // suites may nest (Ant / some Gradle outputs)
    collectSuites(s, out);
  }
}

export function parseJunit(content: string): ParsedReport {
  const valid = XMLValidator.validate(content);
  if (valid !== true) throw new ReportError(`The JUnit report is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
  let doc: Node;
  try {
    doc = parser.parse(content) as Node;
  } catch (e) {
    // the validator lets some malformed input through (an unclosed <?pi, nesting past the
    // parser's limit): the parser's own error is still the client's fault, not a 500
    throw new ReportError(`The JUnit report cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const root = (doc.testsuites as Node | undefined) ?? (doc.testsuite ? { testsuite: doc.testsuite } : undefined);
  if (!root) throw new ReportError("The JUnit report has no <testsuites> or <testsuite> element.");
  const suites: Node[] = [];
  collectSuites(typeof root === "object" ? root : {}, suites);
  let total = 0;
  let failed = 0;
  let errored = 0;
  let skipped = 0;
  const names: string[] = [];
  const findings: Finding[] = [];
  for (const s of suites) {
    for (const tc of (s.testcase as Node[] | undefined) ?? []) {
      total++;
      const name = String(tc["@_name"] ?? "unnamed");
      const cls = tc["@_classname"] ? String(tc["@_classname"]) : String(s["@_name"] ?? "");
      const full = cls && !name.startsWith(cls) ? `${cls} › ${name}` : name;
      if (names.length < 500) names.push(full);
      const failures = (tc.failure as unknown[] | undefined) ?? [];
      const errors = (tc.error as unknown[] | undefined) ?? [];
      if (failures.length) failed++;
      else if (errors.length) errored++;
      else if (((tc.skipped as unknown[] | undefined) ?? []).length) skipped++;
      for (const f of [...failures, ...errors]) {
        if (findings.length >= MAX_FINDINGS) break;
        const file = tc["@_file"] ? String(tc["@_file"]) : s["@_file"] ? String(s["@_file"]) : null;
        const body = typeof f === "object" && f ? String((f as Node)["#text"] ?? "") : String(f ?? "");
        const kind = failures.includes(f) ? "failure" : "error";
        const type = typeof f === "object" && f ? (f as Node)["@_type"] : undefined;
        findings.push({
          ruleId: type ? String(type) : kind,
          severity: kind === "error" ? "high" : "medium",
          message: clip(`${full}: ${text(f).split("\n")[0] || kind}`),
          path: file,
          line: tc["@_line"] ? Number(tc["@_line"]) : firstFrameLine(body, file),
        });
      }
    }
  }
  return {
    format: "junit",
    findings,
    tests: { total, failed: failed + errored, errored, skipped, names },
    summary: { suites: suites.length, total, failed, errored, skipped, passed: total - failed - errored - skipped },
  };
}
