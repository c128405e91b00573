// JUnit XML (Jest jest-junit, pytest --junitxml, Maven Surefire, Gradle, go-junit-report,
// gotestsum, PHPUnit, Vitest, Mocha) → test counts and one finding per failed or errored test
// case, however many <failure>/<error> elements it carries. Read as the producers mean it:
// - Surefire reruns: <flakyFailure>/<flakyError> on a test without <failure>/<error> means it
//   passed on a rerun (flaky, not failed); <rerunFailure>/<rerunError> come with the final
//   <failure>/<error> of a test that failed every time;
// - <skipped> counts as skipped; suites nest to any depth (walked without recursion);
// - an empty <testsuites/> (PHPUnit with no tests) is a report of zero tests.
// Parsed with saxes (xml.ts), in chunks. Pure.
import { runSync, type Steps } from "./run";
import { clip, FindingSink, lineOf, ReportError, type ParsedReport } from "./types";
import { readXml } from "./xml";

type Node = Record<string, unknown>;

const REPEATING = new Set(["testsuite", "testcase", "failure", "error", "skipped", "flakyFailure", "flakyError", "rerunFailure", "rerunError", "property"]);

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Node => (v && typeof v === "object" && !Array.isArray(v) ? (v as Node) : {});
const attr = (n: Node, name: string): string | null => {
  const v = n[`@_${name}`];
  return typeof v === "string" && v !== "" ? v : null;
};

/** The message of a <failure>/<error>: its message attribute, else the first line of its text. */
function messageOf(el: unknown): string {
  if (typeof el === "string") return el.split("\n", 1)[0];
  const o = obj(el);
  const msg = attr(o, "message");
  if (msg) return msg;
  const body = typeof o["#text"] === "string" ? (o["#text"] as string) : "";
  return body.split("\n", 1)[0];
}

/**
 * The line of `file` in a stack trace ("…/orders.test.ts:41:7"): a plain scan, no pattern
 * built from client input (a 600 KB file attribute used to become a 600 KB regular expression).
 */
function frameLine(body: string, file: string | null): number | null {
  if (!file || !body) return null;
  const base = file.slice(file.lastIndexOf("/") + 1);
  if (!base || base.length > 255) return null;
  const needle = base + ":";
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, at + 1)) {
    let i = at + needle.length;
    let n = "";
    while (i < body.length && n.length < 10 && body.charCodeAt(i) >= 48 && body.charCodeAt(i) <= 57) n += body[i++];
    const line = lineOf(n);
    if (line !== null) return line;
  }
  return null;
}

export function parseJunit(content: string): ParsedReport {
  return runSync(junitSteps(content));
}

export function* junitSteps(content: string): Steps<ParsedReport> {
  const doc: Node = yield* readXml(content, "JUnit", { isArray: (name) => REPEATING.has(name) });
  let root: Node;
  if ("testsuites" in doc) root = obj(doc.testsuites); // "" for an empty <testsuites/>
  else if ("testsuite" in doc) root = { testsuite: doc.testsuite };
  else throw new ReportError("The JUnit report has no <testsuites> or <testsuite> element.");

  let suites = 0;
  let total = 0;
  let failed = 0;
  let errored = 0;
  let skipped = 0;
  let flaky = 0;
  const names: string[] = [];
  const sink = new FindingSink();
  // depth-first without recursion; test cases directly under <testsuites> (some Gradle and
  // custom producers) belong to no suite
  const stack: { node: Node; suite: Node | null }[] = [{ node: root, suite: null }];
  while (stack.length) {
    const { node, suite } = stack.pop()!;
    const children = list(node.testsuite).map(obj);
    suites += children.length;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], suite: children[i] });
    for (const tcRaw of list(node.testcase)) {
      const tc = obj(tcRaw);
      if (++total % 5000 === 0) yield;
      const name = clip(attr(tc, "name") ?? "unnamed", 500);
      const cls = clip(attr(tc, "classname") ?? (suite ? (attr(suite, "name") ?? "") : ""), 500);
      const full = cls && !name.startsWith(cls) ? `${cls} › ${name}` : name;
      if (names.length < 500) names.push(full);
      const failures = list(tc.failure);
      const errors = list(tc.error);
      if (failures.length === 0 && errors.length === 0) {
        if (list(tc.skipped).length || "skipped" in tc) skipped++;
        else if (list(tc.flakyFailure).length || list(tc.flakyError).length) flaky++;
        continue;
      }
      const isFailure = failures.length > 0;
      if (isFailure) failed++;
      else errored++;
      const first = isFailure ? failures[0] : errors[0];
      const reruns = list(tc.rerunFailure).length + list(tc.rerunError).length;
      const more = failures.length + errors.length - 1;
      const file = attr(tc, "file") ?? (suite ? attr(suite, "file") : null);
      const body = typeof first === "string" ? first : typeof obj(first)["#text"] === "string" ? (obj(first)["#text"] as string) : "";
      const type = attr(obj(first), "type");
      const note = [more > 0 ? `${more} more failure(s)` : "", reruns > 0 ? `failed ${reruns} rerun(s)` : ""].filter(Boolean).join(", ");
      sink.add({
        ruleId: clip(type ?? (isFailure ? "failure" : "error"), 500),
        severity: isFailure ? "medium" : "high",
        message: clip(`${full}: ${messageOf(first) || (isFailure ? "failure" : "error")}${note ? ` (${note})` : ""}`),
        path: file ? clip(file, 2000) : null,
        line: lineOf(attr(tc, "line")) ?? frameLine(body.slice(0, 100_000), file),
        status: "open",
        justification: null,
      });
    }
  }
  return {
    format: "junit",
    findings: sink.findings(),
    counts: sink.counts,
    tests: { total, failed: failed + errored, errored, skipped, names },
    summary: { suites, total, failed, errored, skipped, flaky, passed: total - failed - errored - skipped },
  };
}
