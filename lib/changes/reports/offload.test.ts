// Issue 16: a CI report parsed and redacted on the off-loop worker (lib/offload/off-loop.ts) is what
// the in-process path (parseReportYielding, then redactForStorage) stores; a malformed report
// fails there as ReportError (→ 400), by name.
import { describe, expect, it } from "vitest";
import { OFF_LOOP_UNAVAILABLE, OffLoopError, offLoop } from "@/lib/offload/off-loop";
import { redactForStorage } from "@/lib/redaction/storage";
import { CORPUS, corpusFile } from "./corpus";
import { parseReportYielding } from "./index";
import { ciReportWork } from "./offload";

const proof = { tests_run: ["npm test", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"], invariants: ["token ghp_" + "a1B2".repeat(9)] };

describe("CI reports off the event loop", () => {
  it("every corpus file, and a report with secrets, stores the same as in process", async () => {
    const secrets = `<?xml version="1.0"?><testsuites><testsuite name="s" tests="1"><testcase classname="c" name="n" file="${"a/".repeat(2000)}x.ts"><failure message="expected AKIAIOSFODNN7EXAMPLE to equal postgres://u:pw@db/x">at f</failure></testcase></testsuite></testsuites>`;
    const cases = [...CORPUS.map((k) => ({ format: k.format, content: corpusFile(k.file) })), { format: "junit" as const, content: secrets }];
    for (const report of cases) {
      const off = await offLoop("ciReport", { report, proof });
      if (off === OFF_LOOP_UNAVAILABLE) throw new Error("no worker");
      const ref = await redactForStorage({ report: await parseReportYielding(report.format, report.content), proof });
      expect(JSON.stringify(off)).toBe(JSON.stringify(ref));
      expect(JSON.stringify(ciReportWork({ report, proof }))).toBe(JSON.stringify(ref));
    }
  });

  it("a malformed report fails with ReportError's name and message", async () => {
    const report = { format: "sarif" as const, content: "{not json" };
    let local: Error | undefined;
    try {
      ciReportWork({ report, proof: null });
    } catch (e) {
      local = e as Error;
    }
    expect(local?.name).toBe("ReportError");
    const err = await offLoop("ciReport", { report, proof: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OffLoopError);
    expect((err as OffLoopError).remoteName).toBe("ReportError");
    expect((err as OffLoopError).message).toBe(local?.message);
  });
});
