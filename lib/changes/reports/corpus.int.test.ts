// The report corpus through the real route on both engines: POST /api/v1/ci/runs answers the
// open count and the count by status, stores every finding with its status and justification,
// and the change page's query returns the breakdown (issue 22).
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { gateFindings, gateRuns } from "@/db/schema";
import { createIntegrationToken } from "@/lib/people/queries";
import { CORPUS, corpusFile } from "./corpus";
import { operatorActor } from "@/lib/auth/actor";

const sha = (i: number) => i.toString(16).padStart(40, "a");

describeEngines("CI report corpus through POST /api/v1/ci/runs", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi(get());
    token = (await createIntegrationToken(get().db, { name: "ci", scopes: ["ci:write"] }, operatorActor("test"))).token;
  });
  afterAll(async () => {
    await api?.close();
  });

  const post = (body: Record<string, unknown>) => api.request("POST", "/api/v1/ci/runs", { token, body: { repository: "acme/corpus", gate: "sca", status: "passed", ...body } });

  it("counts each file as its tool means it and stores every finding with its status", async () => {
    for (const [i, k] of CORPUS.entries()) {
      const res = await post({ commit_sha: sha(i + 1), report: { format: k.format, content: corpusFile(k.file) } });
      expect(res.status, k.file).toBe(201);
      expect(res.json, k.file).toMatchObject({ findings: k.counts.open, findings_by_status: k.counts });
      const [run] = await get().db.select().from(gateRuns).where(eq(gateRuns.id, res.json.id));
      expect({ open: run.findingsCount, suppressed: run.findingsSuppressed, dismissed: run.findingsDismissed, absent: run.findingsAbsent }, k.file).toEqual(k.counts);
      if (k.tests) expect({ total: run.testsTotal, failed: run.testsFailed, skipped: run.testsSkipped }, k.file).toEqual({ total: k.tests.total, failed: k.tests.failed, skipped: k.tests.skipped });
      const rows = await get()
        .db.select({ status: gateFindings.status, n: sql<number>`count(*)::int` })
        .from(gateFindings)
        .where(eq(gateFindings.gateRunId, run.id))
        .groupBy(gateFindings.status);
      const stored = { open: 0, suppressed: 0, dismissed: 0, absent: 0, ...Object.fromEntries(rows.map((r) => [r.status, r.n])) };
      expect(stored, k.file).toEqual(k.counts);
    }
  });

  it("a VEX verdict is stored dismissed with its justification; a SARIF suppression and a baseline absence with theirs", async () => {
    const vex = await post({ commit_sha: sha(100), report: { format: "cyclonedx", content: corpusFile("vex-1.6.xml") } });
    const rows = await get().db.select().from(gateFindings).where(eq(gateFindings.gateRunId, vex.json.id));
    expect(rows.find((r) => r.ruleId === "CVE-2020-25649")).toMatchObject({ status: "dismissed", justification: expect.stringMatching(/^not_affected: code_not_reachable/) });
    expect(rows.find((r) => r.ruleId === "CVE-2021-44906")).toMatchObject({ status: "open", severity: "critical", justification: null });
    const codeql = await post({ commit_sha: sha(101), gate: "sast", report: { format: "sarif", content: corpusFile("codeql-extensions.sarif.json") } });
    const s = await get().db.select().from(gateFindings).where(eq(gateFindings.gateRunId, codeql.json.id));
    expect(s.find((r) => r.status === "suppressed")?.justification).toBe("kept for the ReportRenderer interface");
    expect(s.find((r) => r.status === "absent")).toMatchObject({ ruleId: "java/sql-injection", line: 120 });
    expect(s.find((r) => r.status === "open" && r.ruleId === "java/sql-injection")?.severity).toBe("high");
  });

  it("a report a client can send never answers 500: huge attributes are clipped, out-of-range lines dropped, other documents refused with 400", async () => {
    const huge = `<testsuite><testcase name="t" file="${"d/".repeat(300_000)}x.ts" line="99999999999"><failure>x</failure></testcase></testsuite>`;
    const res = await post({ commit_sha: sha(102), gate: "unit", report: { format: "junit", content: huge } });
    expect(res.status).toBe(201);
    const [f] = await get().db.select().from(gateFindings).where(eq(gateFindings.gateRunId, res.json.id));
    expect(f.line).toBeNull();
    expect(f.path!.length).toBeLessThanOrEqual(2000);
    for (const [format, content] of [
      ["cyclonedx", JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.3", components: [] })],
      ["cyclonedx", '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component>'],
      ["sarif", corpusFile("vex-1.5.json")],
      ["junit", corpusFile("vex-1.6.xml")],
    ] as const) {
      const bad = await post({ commit_sha: sha(103), report: { format, content } });
      expect(bad.status, `${format}: ${content.slice(0, 40)}`).toBe(400);
      expect(bad.json.error.code).toBe("invalid_request");
    }
  });
});
