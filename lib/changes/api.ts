// Machine routes of the changes domain: CI gate runs and defects (API.md).
import { getDb } from "@/db/client";
import { defineApi, json, readJson } from "@/lib/http/api";
import { badRequest } from "@/lib/http/errors";
import { authenticateMachine, requireScope } from "@/lib/auth/machine";
import { appendAuditEvents } from "@/lib/audit/record";
import type { Db } from "@/db/client";
import { recordGateRun } from "./ci";
import { recordDefect } from "./defects";
import { parseReportYielding, ReportError, type ParsedReport } from "./reports";
import { ciRunSchema, defectSchema } from "./schemas";
import { redactForStorage } from "@/lib/redaction/storage";

// SARIF and SBOM files of large repositories run to many megabytes.
export const CI_BODY_LIMIT = 25 * 1024 * 1024;

export const postCiRun = defineApi(
  async (req) => {
    const db = await getDb();
    const caller = await authenticateMachine(db, req);
    requireScope(caller, "ci:write");
    const input = await readJson(req, ciRunSchema);
    let report: ParsedReport | null = null;
    if (input.report) {
      try {
        // read in slices that give the event loop back: a 25 MB report must not stall decisions
        report = await parseReportYielding(input.report.format, input.report.content);
      } catch (e) {
        if (e instanceof ReportError) throw badRequest(e.message, [{ path: "report.content", message: e.message }]);
        throw e;
      }
    }
    // redacted in steps before the transaction: the storage boundary then does not scan megabytes in one go (lib/redaction/storage.ts)
    const stored = await redactForStorage({ report, proof: input.proof ?? null });
    const { run, findings } = await db.transaction(async (tx) => {
      const res = await recordGateRun(tx as unknown as Db, {
        repository: input.repository,
        commitSha: input.commit_sha,
        pullRequest: input.pull_request ?? null,
        gate: input.gate,
        status: input.status,
        source: "api",
        url: input.url ?? null,
        startedAt: input.started_at ? new Date(input.started_at) : null,
        finishedAt: input.finished_at ? new Date(input.finished_at) : null,
        report: stored.report,
        proof: stored.proof,
      });
      // In the same transaction: a failed audit write must not leave a stored run that a retry duplicates.
      await appendAuditEvents(tx as unknown as Db, [
        {
          actorKind: "system",
          actorLabel: `integration:${caller.kind === "integration" ? caller.name : "?"}`,
          type: "ci.gate_run",
          repository: input.repository,
          resource: `${input.repository}@${input.commit_sha.slice(0, 12)}`,
          sessionId: res.change?.sessionId ?? null,
          outcome: input.status === "passed" ? "success" : input.status === "failed" ? "failure" : input.status,
          payload: { gate_run_id: res.run.id, gate: input.gate, status: input.status, findings: res.findings, change_id: res.change?.id ?? null },
        },
      ]);
      return res;
    });
    return json(201, { id: run.id, findings, findings_by_status: report?.counts ?? null });
  },
  { bodyLimit: CI_BODY_LIMIT },
);

export const postDefect = defineApi(async (req) => {
  const db = await getDb();
  const caller = await authenticateMachine(db, req);
  requireScope(caller, "defects:write");
  const input = await readJson(req, defectSchema);
  const { defect, introduced } = await db.transaction(async (tx) => {
    const res = await recordDefect(tx as unknown as Db, input);
    await appendAuditEvents(tx as unknown as Db, [
      {
        actorKind: "system",
        actorLabel: `integration:${caller.kind === "integration" ? caller.name : "?"}`,
        type: "defect.report",
        repository: input.repository,
        resource: res.defect.url ?? `defect:${res.defect.id}`,
        payload: { defect_id: res.defect.id, found: res.defect.found, severity: res.defect.severity, introduced_change_id: res.introduced?.id ?? null, link_method: res.defect.linkMethod },
      },
    ]);
    return res;
  });
  return json(201, {
    id: defect.id,
    introduced_change_id: introduced?.id ?? null,
    introduced_sha: defect.introducedSha,
    link_method: defect.linkMethod,
    found: defect.found,
  });
});
