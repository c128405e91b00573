// Every file of the report corpus (fixtures/README.md) is counted as its tool means it.
import { describe, expect, it } from "vitest";
import { CORPUS, corpusFile } from "./corpus";
import { parseReport, parseReportYielding } from "./index";

describe("report corpus", () => {
  for (const k of CORPUS) {
    it(`${k.file}: ${JSON.stringify(k.counts)}`, async () => {
      const r = parseReport(k.format, corpusFile(k.file));
      expect(r.counts).toEqual(k.counts);
      expect(r.findings.filter((f) => f.status === "open")).toHaveLength(k.counts.open);
      expect(r.summary).toMatchObject(k.summary);
      if (k.tests) expect(r.tests).toMatchObject(k.tests);
      // the yielding driver reads the same report the same way
      expect(await parseReportYielding(k.format, corpusFile(k.file))).toEqual(r);
    });
  }
});
