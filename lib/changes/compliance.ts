// Merge compliance for agent-authored changes: every required gate passed, and a
// security-adjacent change carries a human approval. Anything else is a gate override.
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, gateRuns, type Change } from "@/db/schema";
import type { ChangesConfig } from "./config";
import { raiseGateOverride } from "./violations";

export interface ComplianceResult {
  ok: boolean;
  missing: string[];
  notPassed: { gate: string; status: string }[];
  needsHumanApproval: boolean;
}

/** Pure: latest verdict per gate vs the required list. */
export function evaluateCompliance(
  runs: { gate: string; status: string; at: Date }[],
  required: readonly string[],
  securityAdjacent: boolean,
  humanApproved: boolean,
): ComplianceResult {
  const latest = new Map<string, { status: string; at: Date }>();
  for (const r of runs) {
    const prev = latest.get(r.gate);
    if (!prev || r.at > prev.at) latest.set(r.gate, { status: r.status, at: r.at });
  }
  const missing = required.filter((g) => !latest.has(g));
  const notPassed = required.filter((g) => latest.has(g) && latest.get(g)!.status !== "passed").map((g) => ({ gate: g, status: latest.get(g)!.status }));
  const needsHumanApproval = securityAdjacent && !humanApproved;
  return { ok: missing.length === 0 && notPassed.length === 0 && !needsHumanApproval, missing, notPassed, needsHumanApproval };
}

export async function checkMergeCompliance(tx: Db, change: Change, config: ChangesConfig): Promise<ComplianceResult | undefined> {
  if (change.authorKind !== "agent" || change.state !== "merged") return undefined;
  const runs = await tx
    .select({ gate: gateRuns.gate, status: gateRuns.status, finishedAt: gateRuns.finishedAt, createdAt: gateRuns.createdAt })
    .from(gateRuns)
    .where(eq(gateRuns.changeId, change.id))
    .orderBy(desc(gateRuns.createdAt))
    .limit(500);
  const result = evaluateCompliance(
    runs.map((r) => ({ gate: r.gate, status: r.status, at: r.finishedAt ?? r.createdAt })),
    config.requiredGates,
    change.securityAdjacent,
    change.humanApproved,
  );
  if (result.ok) return result;
  const [agent] = change.agentId ? await tx.select({ slug: agents.slug }).from(agents).where(eq(agents.id, change.agentId)).limit(1) : [];
  const where = `${change.repository}${change.number !== null ? `#${change.number}` : `@${(change.mergeSha ?? change.headSha ?? "").slice(0, 12)}`}`;
  const reasons: string[] = [];
  if (result.missing.length) reasons.push(`required gates never ran: ${result.missing.join(", ")}`);
  if (result.notPassed.length) reasons.push(`gates not passed: ${result.notPassed.map((g) => `${g.gate} (${g.status})`).join(", ")}`);
  if (result.needsHumanApproval) reasons.push(`touches security-adjacent paths without a human approval`);
  await raiseGateOverride(tx, {
    agentId: change.agentId,
    agentSlug: agent?.slug ?? change.agentLabel,
    severity: result.needsHumanApproval ? "high" : "medium",
    title: `Agent change merged without its gates: ${where}`,
    explanation: `${change.agentLabel ?? "An agent"}'s change ${where} was merged but ${reasons.join("; ")}.`,
    repository: change.repository,
    resource: where,
    sessionId: change.sessionId,
    details: {
      change_id: change.id,
      missing_gates: result.missing,
      not_passed: result.notPassed,
      security_adjacent: change.securityAdjacent,
      flagged_paths: change.flaggedPaths,
      human_approved: change.humanApproved,
      merged_by: change.mergedBy,
    },
    at: change.mergedAt ?? new Date(),
  });
  return result;
}
