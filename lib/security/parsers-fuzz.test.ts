// The parsers behind the machine routes, fuzzed directly (issue 8): hook payload mapping,
// SARIF / JUnit / CycloneDX reports, policy documents (JSON and YAML). Each may refuse its
// input only with its own typed error (ReportError, a {ok:false} result) — never crash.
// FUZZ_RUNS raises the runs per property (see README.md); the HTTP side is fuzz.int.test.ts.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hookEventType, hookToAction, truncateForAudit, type HookInput } from "@/lib/decisions/hook-mapping";
import { parseReport, ReportError, type ReportFormat } from "@/lib/changes/reports";
import { compilePolicy, DEFAULT_POLICY, parsePolicyYaml, policyToYaml, validatePolicy } from "@/lib/policy";
import { FUZZ_RUNS, mutatedBody, nastyValue, nest } from "./arbitraries";
import { jsonDepth, toStorable } from "./json-guard";

const runs = { numRuns: FUZZ_RUNS * 5 };
const PROTO_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];
const nastyString = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.constantFrom(...PROTO_KEYS, "", "\u0000", "\ud800", "x".repeat(50_000)));

describe("hook payload mapping", () => {
  const tools = [
    "Bash",
    "shell",
    "local_shell",
    "Write",
    "Edit",
    "MultiEdit",
    "NotebookEdit",
    "apply_patch",
    "Read",
    "Glob",
    "Grep",
    "LS",
    "WebFetch",
    "WebSearch",
    "mcp__github__create_pr",
    "mcp____",
    ...PROTO_KEYS,
  ];
  const hook = fc.record(
    {
      hook_event_name: fc.oneof(fc.constantFrom("PreToolUse", "PostToolUse", "SessionEnd", "Stop", ...PROTO_KEYS), nastyString),
      tool_name: fc.oneof(fc.constantFrom(...tools), nastyString),
      cwd: fc.oneof(fc.constantFrom("/work/repo", "/", ""), nastyString),
      tool_input: fc.dictionary(
        fc.oneof(fc.constantFrom("command", "file_path", "notebook_path", "path", "url", "patch", "description", ...PROTO_KEYS), fc.string()),
        nastyValue,
      ),
      tool_response: nastyValue,
    },
    { requiredKeys: ["hook_event_name"] },
  );

  it("maps any hook input to a valid action and event type, never throwing (property)", () => {
    fc.assert(
      fc.property(hook, (h) => {
        const input = h as HookInput;
        const action = hookToAction(input);
        // what decide() receives has the decision API's shape (lengths aside: the hook takes them unchanged)
        expect(action.type).toMatch(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i);
        for (const v of Object.values(action)) expect(v === undefined || typeof v === "string").toBe(true);
        expect(hookEventType(input.hook_event_name)).toMatch(/^[a-z0-9_.-]+$/i);
        expect(() => JSON.stringify(truncateForAudit(input.tool_input))).not.toThrow();
      }),
      runs,
    );
  });
});

describe("CI report parsers", () => {
  const fixtures = path.resolve(import.meta.dirname, "../changes/fixtures");
  const read = (f: string) => fs.readFileSync(path.join(fixtures, f), "utf8");
  const json: [ReportFormat, unknown][] = [
    ["sarif", JSON.parse(read("codeql-javascript.sarif.json"))],
    ["sarif", JSON.parse(read("semgrep.sarif.json"))],
    ["cyclonedx", JSON.parse(read("cyclonedx-1.5.json"))],
  ];
  const xml = ["jest-junit.xml", "pytest-junit.xml", "surefire.xml"].map(read);

  /** Parses; anything thrown must be a ReportError (→ 400), and the result must be JSON-safe. */
  function parses(format: ReportFormat, content: string) {
    try {
      const r = parseReport(format, content);
      expect(Array.isArray(r.findings)).toBe(true);
      JSON.stringify(r);
    } catch (e) {
      if (!(e instanceof ReportError)) throw new Error(`${format} parser threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }

  it("arbitrary text in every format only ever gives a ReportError (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ReportFormat>("sarif", "junit", "cyclonedx"),
        fc.oneof(
          nastyString,
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
        ),
        (f, text) => parses(f, text),
      ),
      runs,
    );
  });

  it("mutated SARIF and CycloneDX documents only ever give a ReportError (property)", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: json.length - 1 }).chain((i) => mutatedBody(json[i][1]).map((doc) => [json[i][0], doc] as const)),
        ([f, doc]) => parses(f, JSON.stringify(doc) ?? "null"),
      ),
      runs,
    );
  });

  it("mutated JUnit XML (cut, spliced, entity and nesting tricks) only ever gives a ReportError (property)", () => {
    const splice = fc.constantFrom(
      "<testsuite>",
      "</testcase>",
      "<![CDATA[",
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
      "&b;",
      '<testcase name="__proto__" classname="constructor"/>',
      "\u0000",
      "<testsuite>".repeat(5000),
    );
    fc.assert(
      fc.property(fc.constantFrom(...xml), fc.nat(), fc.nat(), splice, (doc, a, b, ins) => {
        const i = a % (doc.length + 1);
        const j = Math.min(doc.length, i + (b % 200));
        parses("junit", doc.slice(0, i) + ins + doc.slice(j));
        parses("junit", doc.slice(0, i));
      }),
      runs,
    );
  });

  it("absurd nesting in each format is refused, not a stack overflow", () => {
    parses("junit", "<testsuites>" + "<testsuite>".repeat(20_000) + "</testsuite>".repeat(20_000) + "</testsuites>");
    for (const f of ["sarif", "cyclonedx"] as const) {
      parses(f, "[".repeat(100_000) + "]".repeat(100_000));
      parses(
        f,
        JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, properties: "@@" }] }] }).replace(
          '"@@"',
          "[".repeat(50_000) + "]".repeat(50_000),
        ),
      );
    }
  });
});

describe("policy documents", () => {
  /** A valid result must also compile: what validates is what the engine can run. */
  function accepts(r: ReturnType<typeof validatePolicy>) {
    if (r.ok) expect(() => compilePolicy(r.document, "fuzz")).not.toThrow();
    else expect(r.issues.length).toBeGreaterThan(0);
  }

  it("mutated policy documents validate or give issues, and what validates compiles (property)", () => {
    fc.assert(
      fc.property(mutatedBody(DEFAULT_POLICY), (doc) => accepts(validatePolicy(doc))),
      runs,
    );
  });

  it("arbitrary and mutated YAML parse or give issues, never throwing (property)", () => {
    const yamlText = policyToYaml(DEFAULT_POLICY as unknown as Record<string, unknown>);
    fc.assert(
      fc.property(
        fc.oneof(
          nastyString,
          mutatedBody(DEFAULT_POLICY).map((d) => (jsonDepth(d, 200) > 200 ? "a: 1" : policyToYaml(toStorable(d) as Record<string, unknown>))),
          fc
            .tuple(fc.nat(), fc.constantFrom("&a [*a]", "*x", "!!binary x", "? [", "\t", "a: &x\n  b: *x", "<<: *x", "%YAML 9.9\n---"))
            .map(([i, s]) => yamlText.slice(0, i % yamlText.length) + s),
        ),
        (text) => accepts(parsePolicyYaml(text)),
      ),
      runs,
    );
  });

  it("a YAML alias bomb and deep nesting are refused, not expanded", () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
      "rules: *j",
    ].join("\n");
    // refused by yaml's alias limit before anything is expanded (9^10 nodes if it were)
    const r = parsePolicyYaml(bomb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toMatch(/alias/i);
    accepts(validatePolicy(nest(5000, {}, "object")));
    accepts(parsePolicyYaml("[".repeat(5000) + "]".repeat(5000)));
  });
});
