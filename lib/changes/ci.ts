// CI gate runs (POST /api/v1/ci/runs and GitHub check/workflow runs) → gate_runs,
// gate_findings and the proof bundle, linked to their change.
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, gateFindings, gateRuns, type Change, type GateRun } from "@/db/schema";
import { recomputeKpiDays } from "@/lib/kpis/rollup";
import { queueComplianceStatus } from "./github-status";
import { findChangeByCommit, findChangeByPr } from "./lookup";
import type { ParsedReport } from "./reports";
import { stageOfGate } from "./stages";
import { raiseGateOverride } from "./violations";

export interface GateRunInput {
  repository: string;
  commitSha: string;
  pullRequest?: number | null;
  gate: string;
  status: "passed" | "failed" | "skipped" | "overridden" | "pending";
  source: string;
  externalId?: string | null;
  url?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  report?: ParsedReport | null;
  proof?: { tests_run?: string[]; invariants?: string[]; untested?: string[] } | null;
}

async function changeFor(tx: Db, input: GateRunInput): Promise<Change | undefined> {
  if (input.pullRequest) {
    const c = await findChangeByPr(tx, input.repository, input.pullRequest);
    if (c) return c;
  }
  return findChangeByCommit(tx, input.repository, input.commitSha);
}

/** Stores one gate run (upserting by source + external id when given). Run inside a transaction. */
export async function recordGateRun(tx: Db, input: GateRunInput): Promise<{ run: GateRun; findings: number; change?: Change }> {
  const change = await changeFor(tx, input);
  const report = input.report ?? null;
  const tests = report?.tests;
  // The proof bundle: what was tested, which invariants were validated, what was left untested.
  const proof = input.proof
    ? {
        tests_run: input.proof.tests_run ?? tests?.names ?? [],
        invariants: input.proof.invariants ?? [],
        untested: input.proof.untested ?? [],
      }
    : tests
      ? { tests_run: tests.names, invariants: [], untested: [] }
      : null;
  const values = {
    changeId: change?.id ?? null,
    repository: input.repository,
    commitSha: input.commitSha.toLowerCase(),
    pullRequest: input.pullRequest ?? change?.number ?? null,
    gate: input.gate,
    stage: stageOfGate(input.gate),
    status: input.status,
    source: input.source,
    externalId: input.externalId ?? null,
    url: input.url ?? null,
    startedAt: input.startedAt ?? null,
    finishedAt: input.finishedAt ?? null,
    reportFormat: report?.format ?? null,
    findingsCount: report?.counts.open ?? 0,
    findingsSuppressed: report?.counts.suppressed ?? 0,
    findingsDismissed: report?.counts.dismissed ?? 0,
    findingsAbsent: report?.counts.absent ?? 0,
    testsTotal: tests?.total ?? null,
    testsFailed: tests?.failed ?? null,
    testsSkipped: tests?.skipped ?? null,
    proof,
    summary: report?.summary ?? null,
  };
  let before: GateRun | undefined;
  if (input.externalId) {
    [before] = await tx
      .select()
      .from(gateRuns)
      .where(sql`${gateRuns.source} = ${input.source} AND ${gateRuns.externalId} = ${input.externalId}`)
      .limit(1);
  }
  let run: GateRun;
  if (before) {
    [run] = await tx.update(gateRuns).set(values).where(eq(gateRuns.id, before.id)).returning();
    if (report) await tx.delete(gateFindings).where(eq(gateFindings.gateRunId, run.id));
  } else {
    [run] = await tx.insert(gateRuns).values(values).returning();
  }
  const findings = report?.findings ?? [];
  // 100 rows a statement: drizzle builds a statement on the event loop in one piece (a 500-row
  // one held it 30–300 ms, issue 16); between statements other requests are answered
  for (let i = 0; i < findings.length; i += 100) {
    await tx.insert(gateFindings).values(
      findings.slice(i, i + 100).map((f) => ({
        gateRunId: run.id,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        path: f.path,
        line: f.line,
        status: f.status,
        justification: f.justification,
      })),
    );
  }
  if (change && input.status === "overridden" && change.authorKind === "agent") {
    const [agent] = change.agentId ? await tx.select({ slug: agents.slug }).from(agents).where(eq(agents.id, change.agentId)).limit(1) : [];
    const where = `${change.repository}${change.number !== null ? `#${change.number}` : ""}`;
    await raiseGateOverride(tx, {
      agentId: change.agentId,
      agentSlug: agent?.slug ?? change.agentLabel,
      severity: "medium",
      title: `Gate ${input.gate} overridden on an agent change: ${where}`,
      explanation: `The ${input.gate} gate of ${change.agentLabel ?? "an agent"}'s change ${where} was marked overridden instead of passing.`,
      repository: change.repository,
      resource: where,
      sessionId: change.sessionId,
      details: { change_id: change.id, gate: input.gate, gate_run_id: run.id, commit_sha: run.commitSha },
    });
  }
  await recomputeKpiDays(tx, [run.finishedAt ?? run.createdAt, before ? (before.finishedAt ?? before.createdAt) : null]);
  // a gate result on an open agent pull request's head commit moves its gatehouse/compliance status
  if (change) await queueComplianceStatus(tx, change, "gate");
  // "findings" is what the gate is about: the open ones (suppressed, dismissed and absent are kept)
  return { run, findings: report?.counts.open ?? 0, change };
}
