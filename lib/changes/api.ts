// Machine routes of the changes domain: CI gate runs and defects (API.md).
import { getDb, transaction } from "@/lib/db";
import { defineApi, json, readJson } from "@/lib/http/api";
import { badRequest } from "@/lib/http/errors";
import { authenticateMachine, requireScope } from "@/lib/auth/machine";
import { appendAuditEvents } from "@/lib/audit/record";
import { recordGateRun } from "./ci";
import { recordDefect } from "./defects";
import { parseReportYielding, ReportError, type ParsedReport } from "./reports";
import { ciRunSchema, defectSchema } from "./schemas";
import { markRedactedForStorage, redactForStorage } from "@/lib/redaction/storage";
import { OFF_LOOP_UNAVAILABLE, OffLoopError, offLoop } from "@/lib/offload/off-loop";
import { LARGE_BODY_BYTES } from "@/lib/http/body-admission";
import { largerThan } from "@/lib/audit/payload-work";

// SARIF and SBOM files of large repositories run to many megabytes.
export const CI_BODY_LIMIT = 25 * 1024 * 1024;

export const postCiRun = defineApi(
  async (req) => {
    const db = await getDb();
    const caller = await authenticateMachine(db, req);
    requireScope(caller, "ci:write");
    const input = await readJson(req, ciRunSchema);
    let report: ParsedReport | null = null;
    let stored: { report: ParsedReport | null; proof: typeof input.proof | null } | undefined;
    try {
      // A large report and proof are parsed and redacted on the off-loop worker (lowest CPU
      // priority: lib/offload/off-loop.ts); the result is marked as redacted for the storage boundary.
      const large = (input.report?.content.length ?? 0) >= LARGE_BODY_BYTES || largerThan(input.proof ?? null, LARGE_BODY_BYTES);
      const off = large ? await offLoop("ciReport", { report: input.report ?? null, proof: input.proof ?? null }) : OFF_LOOP_UNAVAILABLE;
      if (off !== OFF_LOOP_UNAVAILABLE) {
        await markRedactedForStorage(off);
        stored = off as typeof stored;
        report = off.report;
      } else if (input.report) {
        // read in slices that give the event loop back: a 25 MB report must not stall decisions
        report = await parseReportYielding(input.report.format, input.report.content);
      }
    } catch (e) {
      const message = e instanceof ReportError ? e.message : e instanceof OffLoopError && e.remoteName === "ReportError" ? e.message : undefined;
      if (message !== undefined) throw badRequest(message, [{ path: "report.content", message }]);
      throw e;
    }
    // redacted in steps before the transaction: the storage boundary then does not scan megabytes in one go (lib/redaction/storage.ts)
    stored ??= await redactForStorage({ report, proof: input.proof ?? null });
    const { run, findings } = await transaction(db, async (tx) => {
      const res = await recordGateRun(tx, {
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
      await appendAuditEvents(tx, [
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
  const { defect, introduced } = await transaction(db, async (tx) => {
    const res = await recordDefect(tx, input);
    await appendAuditEvents(tx, [
      {
        actorKind: "system",
        actorLabel: `integration:${caller.kind === "integration" ? caller.name : "?"}`,
        type: "defect.report",
        repository: input.repository,
        resource: res.defect.url ?? `defect:${res.defect.id}`,
        payload: {
          defect_id: res.defect.id,
          found: res.defect.found,
          severity: res.defect.severity,
          introduced_change_id: res.introduced?.id ?? null,
          link_method: res.defect.linkMethod,
        },
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
