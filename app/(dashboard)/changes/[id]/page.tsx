import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getChangeDetail } from "@/lib/changes/queries";
import { loadChangesConfig } from "@/lib/changes/config";
import { VerificationLadder } from "@/components/changes/ladder";
import { FindingsBreakdown, totalOf, type FindingCounts } from "@/components/changes/findings";
import { ProofBundle, type Proof } from "@/components/changes/proof-bundle";
import { Approvals, AttributionEvidence, LinkedDefects, SessionEvents, type EvidenceItem } from "@/components/changes/change-sections";
import { AuthorBadge, FlaggedBadge, StateBadge } from "@/components/changes/badges";
import { MergeStatus, Reviews } from "@/components/changes/merge-status";

export const metadata: Metadata = { title: "Change" };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export default async function ChangePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission("dashboard:view");
  const { id } = await params;
  const db = await getDb();
  const [d, config] = await Promise.all([getChangeDetail(db, id), loadChangesConfig(db)]);
  if (!d) notFound();
  const c = d.change;
  const findingsByRun = new Map<string, typeof d.findings>();
  for (const f of d.findings) findingsByRun.set(f.gateRunId, [...(findingsByRun.get(f.gateRunId) ?? []), f]);
  const defect = (x: (typeof d.introduced)[number]) => ({ ...x, detectedAt: x.detectedAt.toISOString() });
  const countsOf = (r: (typeof d.runs)[number]): FindingCounts => ({
    open: r.findingsCount,
    suppressed: r.findingsSuppressed,
    dismissed: r.findingsDismissed,
    absent: r.findingsAbsent,
  });
  // what the gates decided on: the latest run of each gate (runs arrive newest first)
  const latest = new Map<string, (typeof d.runs)[number]>();
  for (const r of d.runs) if (!latest.has(r.gate)) latest.set(r.gate, r);
  const totals: FindingCounts = { open: 0, suppressed: 0, dismissed: 0, absent: 0 };
  for (const r of latest.values()) for (const [k, v] of Object.entries(countsOf(r)) as [keyof FindingCounts, number][]) totals[k] += v;
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <Link href="/changes" className="text-sm text-muted-foreground hover:underline">
          ← Changes
        </Link>
        <h1 className="text-2xl font-semibold">{c.title}</h1>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span>
            {c.url ? (
              <a href={c.url} className="hover:underline" target="_blank" rel="noreferrer">
                {c.repository}
                {c.number !== null ? `#${c.number}` : ""}
              </a>
            ) : (
              <>
                {c.repository}
                {c.number !== null ? `#${c.number}` : ""}
              </>
            )}
          </span>
          <AuthorBadge kind={c.authorKind} label={d.agentSlug ?? c.agentLabel} />
          <StateBadge state={c.state} />
          {c.securityAdjacent ? <FlaggedBadge /> : null}
          <span className="text-muted-foreground">
            by {c.authorLogin ?? "unknown"}
            {d.team ? ` · team ${d.team}` : ""}
            {c.mergedAt ? ` · merged ${c.mergedAt.toISOString().slice(0, 16).replace("T", " ")}${c.mergedBy ? ` by ${c.mergedBy}` : ""}` : ""}
          </span>
        </div>
        {c.securityAdjacent ? (
          <p className="text-sm">
            Security-adjacent paths:{" "}
            {((c.flaggedPaths as string[] | null) ?? []).map((p) => (
              <code key={p} className="mr-2 text-xs">
                {p}
              </code>
            ))}
          </p>
        ) : null}
      </div>
      {d.compliance ? (
        <MergeStatus data={d.compliance} open={c.state === "open"} posts={d.statusPosts.map((p) => ({ ...p, createdAt: p.createdAt.toISOString() }))} />
      ) : null}
      <section aria-labelledby="ladder-h" className="space-y-3">
        <h2 id="ladder-h" className="text-lg font-semibold">
          Verification ladder
        </h2>
        {totalOf(totals) > 0 ? (
          <div className="rounded-md border border-border bg-card p-2 text-sm" data-testid="findings-summary">
            <p className="mb-1 text-xs text-muted-foreground">Findings in the latest run of each gate — only open ones count against a gate:</p>
            <FindingsBreakdown counts={totals} label="Findings in the latest run of each gate" />
          </div>
        ) : null}
        <VerificationLadder
          required={config.requiredGates}
          runs={d.runs.map((r) => ({
            id: r.id,
            gate: r.gate,
            stage: r.stage,
            status: r.status,
            source: r.source,
            url: r.url,
            at: (r.finishedAt ?? r.createdAt).toISOString(),
            reportFormat: r.reportFormat,
            testsTotal: r.testsTotal,
            testsFailed: r.testsFailed,
            testsSkipped: r.testsSkipped,
            counts: countsOf(r),
            findings: (findingsByRun.get(r.id) ?? []).map((f) => ({
              id: f.id,
              ruleId: f.ruleId,
              severity: f.severity,
              message: f.message,
              path: f.path,
              line: f.line,
              status: f.status,
              justification: f.justification,
            })),
          }))}
        />
      </section>
      <ProofBundle proofs={d.runs.map((r) => r.proof as Proof | null).filter((p): p is Proof => !!p)} />
      <div className="grid gap-8 lg:grid-cols-2">
        <AttributionEvidence items={(c.attributionEvidence as EvidenceItem[] | null) ?? []} confidence={c.attributionConfidence} />
        <Approvals
          humanApproved={c.humanApproved}
          items={d.approvals.map((a) => ({
            id: a.id,
            actionType: a.actionType,
            resource: a.resource,
            status: a.status,
            decidedByLabel: a.decidedByLabel,
            createdAt: a.createdAt.toISOString(),
            decidedAt: iso(a.decidedAt),
          }))}
        />
      </div>
      <Reviews
        items={d.reviews.map((r) => ({ reviewerLogin: r.reviewerLogin, human: r.human, state: r.state, url: r.url, submittedAt: r.submittedAt.toISOString() }))}
      />
      <LinkedDefects introduced={d.introduced.map(defect)} fixed={d.fixedBy.map(defect)} />
      <SessionEvents sessionId={c.sessionId} events={d.sessionEvents.map((e) => ({ ...e, time: e.time.toISOString() }))} />
      {d.commits.length ? (
        <section aria-labelledby="commits-h" className="space-y-2">
          <h2 id="commits-h" className="text-lg font-semibold">
            Commits
          </h2>
          <ul className="space-y-1 text-sm">
            {d.commits.map((cm) => (
              <li key={cm.sha}>
                <code className="text-xs">{cm.sha.slice(0, 10)}</code> {cm.message.split("\n")[0]}{" "}
                <span className="text-xs text-muted-foreground">— {cm.authorName ?? cm.authorLogin ?? "unknown"}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
