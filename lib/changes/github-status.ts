// The merge-blocking `gatehouse/compliance` commit status (API.md "GitHub commit status"):
// for an open pull request Gatehouse attributes to an agent, posted on its head commit —
// pending while required gates or a required human review are missing, failure when a
// required gate did not pass (failed, skipped, overridden), success when all is in. Branch
// protection can require the context, so the pull request cannot merge before it is green.
// Re-queued, in the writer's transaction, when the head commit changes, a gate result or a
// review arrives (refreshChange, recordGateRun, recordReview). Posts are rows of
// github_status_deliveries, sent by a worker with the alert queue's lease, retry and backoff
// (lib/violations/alerts.ts). The after-merge gate_override violation (compliance.ts) stays.
import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gateRuns, githubStatusDeliveries, type Change } from "@/db/schema";
import { env } from "@/lib/env";
import { attemptOutcome, BASE_BACKOFF_MS, claimDueRows, startQueueWorker } from "@/lib/violations/alerts";
import { evaluateCompliance } from "./compliance";
import { loadChangesConfig, type ChangesConfig } from "./config";
import { forgetGithubToken, githubStatusSetup, githubToken, GITHUB_API_VERSION } from "./github-status-auth";

export const STATUS_CONTEXT = "gatehouse/compliance";
/** GitHub cuts a status description at 140 characters. */
export const MAX_DESCRIPTION = 140;

export type StatusState = "pending" | "success" | "failure";

export interface ComplianceVerdict {
  state: StatusState;
  description: string;
  /** the gates required of this change: the required ones, plus the stricter set when security-adjacent */
  required: string[];
  /** required gates with no result on the head commit yet */
  missing: string[];
  /** required gates whose latest result is not "passed" (pending ones wait, the rest fail) */
  notPassed: { gate: string; status: string }[];
  needsHumanReview: boolean;
  securityAdjacent: boolean;
}

/** The gates a change must pass before merge. */
export function requiredGatesFor(securityAdjacent: boolean, config: Pick<ChangesConfig, "requiredGates" | "securityRequiredGates">): string[] {
  return [...new Set([...config.requiredGates, ...(securityAdjacent ? config.securityRequiredGates : [])])];
}

function clip(s: string): string {
  return s.length <= MAX_DESCRIPTION ? s : `${s.slice(0, MAX_DESCRIPTION - 1)}…`;
}

/** Pure: the status for a change's head-commit gate results and reviews. */
export function complianceVerdict(
  runs: { gate: string; status: string; at: Date }[],
  config: Pick<ChangesConfig, "requiredGates" | "securityRequiredGates">,
  securityAdjacent: boolean,
  humanApproved: boolean,
): ComplianceVerdict {
  const required = requiredGatesFor(securityAdjacent, config);
  const r = evaluateCompliance(runs, required, securityAdjacent, humanApproved);
  const waiting = r.notPassed.filter((g) => g.status === "pending").map((g) => g.gate);
  const failed = r.notPassed.filter((g) => g.status !== "pending");
  const base = { required, missing: r.missing, notPassed: r.notPassed, needsHumanReview: r.needsHumanApproval, securityAdjacent };
  if (r.ok)
    return {
      ...base,
      state: "success",
      description: clip(
        required.length
          ? `All ${required.length} required gates passed${securityAdjacent ? "; human review approved" : ""}`
          : securityAdjacent
            ? "Human review approved"
            : "No gates required",
      ),
    };
  const wanted = [...r.missing, ...waiting, ...(r.needsHumanApproval ? ["human review"] : [])];
  if (failed.length) {
    const parts = [`Failed: ${failed.map((g) => `${g.gate} (${g.status})`).join(", ")}`];
    if (wanted.length) parts.push(`missing: ${wanted.join(", ")}`);
    return { ...base, state: "failure", description: clip(parts.join("; ")) };
  }
  return { ...base, state: "pending", description: clip(`Waiting for: ${wanted.join(", ")}`) };
}

/**
 * Whether Gatehouse posts a status for this change at all: an open pull request with a head
 * commit, attributed to an agent — or by a person when GITHUB_STATUS_HUMAN_PRS=1 (then always success).
 */
export function statusApplies(change: Pick<Change, "authorKind" | "state" | "headSha" | "number">, humanPrs = env().GITHUB_STATUS_HUMAN_PRS === true): boolean {
  return (change.authorKind === "agent" || humanPrs) && change.state === "open" && !!change.headSha && change.number !== null;
}

/** The status of a pull request not attributed to an agent (GITHUB_STATUS_HUMAN_PRS=1). */
const HUMAN_VERDICT: Omit<ComplianceVerdict, "securityAdjacent"> = {
  state: "success",
  description: "Not attributed to an agent: no Gatehouse gates apply",
  required: [],
  missing: [],
  notPassed: [],
  needsHumanReview: false,
};

/** The verdict for a change's current head commit, from the database. */
export async function changeVerdict(db: Db, change: Change, config?: ChangesConfig): Promise<ComplianceVerdict> {
  const cfg = config ?? (await loadChangesConfig(db));
  const runs = change.headSha
    ? await db
        .select({ gate: gateRuns.gate, status: gateRuns.status, finishedAt: gateRuns.finishedAt, createdAt: gateRuns.createdAt })
        .from(gateRuns)
        .where(and(eq(gateRuns.repository, change.repository), eq(gateRuns.commitSha, change.headSha.toLowerCase())))
        .orderBy(desc(gateRuns.createdAt))
        .limit(500)
    : [];
  return complianceVerdict(
    runs.map((r) => ({ gate: r.gate, status: r.status, at: r.finishedAt ?? r.createdAt })),
    cfg,
    change.securityAdjacent,
    change.humanApproved,
  );
}

function appUrl(path: string): string | null {
  const base = env().NEXTAUTH_URL?.replace(/\/$/, "");
  return base && /^https?:\/\//.test(base) ? `${base}${path}` : null;
}

export type StatusReason = "head" | "gate" | "review" | "change" | "test";

/**
 * Queues the change's status when it applies and differs from the last one queued for the
 * commit (unsent older posts of the commit are superseded). Call inside the writer's
 * transaction. Returns the verdict when a post was queued.
 */
export async function queueComplianceStatus(tx: Db, change: Change, reason: StatusReason, config?: ChangesConfig): Promise<ComplianceVerdict | undefined> {
  if (!statusApplies(change) || !githubStatusSetup().mode) return undefined;
  const sha = change.headSha!.toLowerCase();
  const verdict = change.authorKind === "agent" ? await changeVerdict(tx, change, config) : { ...HUMAN_VERDICT, securityAdjacent: change.securityAdjacent };
  const [last] = await tx
    .select({ state: githubStatusDeliveries.state, description: githubStatusDeliveries.description, status: githubStatusDeliveries.status })
    .from(githubStatusDeliveries)
    .where(
      and(eq(githubStatusDeliveries.repository, change.repository), eq(githubStatusDeliveries.sha, sha), eq(githubStatusDeliveries.context, STATUS_CONTEXT)),
    )
    .orderBy(desc(githubStatusDeliveries.createdAt))
    .limit(1);
  if (last && last.state === verdict.state && last.description === verdict.description && last.status !== "failed") return undefined;
  await tx
    .update(githubStatusDeliveries)
    .set({ status: "superseded" })
    .where(
      and(
        eq(githubStatusDeliveries.repository, change.repository),
        eq(githubStatusDeliveries.sha, sha),
        eq(githubStatusDeliveries.context, STATUS_CONTEXT),
        inArray(githubStatusDeliveries.status, ["pending", "retrying"]),
      ),
    );
  await tx.insert(githubStatusDeliveries).values({
    changeId: change.id,
    repository: change.repository,
    sha,
    context: STATUS_CONTEXT,
    state: verdict.state,
    description: verdict.description,
    targetUrl: appUrl(`/changes/${change.id}`),
    reason,
  });
  return verdict;
}

/** A test post from Settings → Integrations: a pending status on a chosen commit. */
export async function queueTestStatus(db: Db, repository: string, sha: string) {
  const [row] = await db
    .insert(githubStatusDeliveries)
    .values({
      changeId: null,
      repository,
      sha: sha.toLowerCase(),
      context: STATUS_CONTEXT,
      state: "pending",
      description: "Test post from Gatehouse Settings → Integrations",
      targetUrl: appUrl("/settings/integrations"),
      reason: "test",
    })
    .returning({ id: githubStatusDeliveries.id });
  return row.id;
}

interface ClaimedStatus {
  id: string;
  attempts: number;
  repository: string;
  sha: string;
  context: string;
  state: string;
  description: string;
  target_url: string | null;
}

export interface StatusDeliverOptions {
  limit?: number;
  fetchImpl?: typeof fetch;
  baseBackoffMs?: number;
}

async function postOne(db: Db, d: ClaimedStatus, fetchImpl: typeof fetch, baseBackoff: number): Promise<boolean> {
  const setup = githubStatusSetup();
  let status: number | null = null;
  let error: string | null = null;
  try {
    if (!/^[\w.-]+\/[\w.-]+$/.test(d.repository)) throw new Error(`not an owner/name repository: ${d.repository.slice(0, 100)}`);
    const token = await githubToken(fetchImpl);
    const [owner, repo] = d.repository.split("/");
    const res = await fetchImpl(`${setup.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/statuses/${encodeURIComponent(d.sha)}`, {
      method: "POST",
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "x-github-api-version": GITHUB_API_VERSION,
        "user-agent": "Gatehouse",
      },
      body: JSON.stringify({ state: d.state, description: d.description, context: d.context, ...(d.target_url ? { target_url: d.target_url } : {}) }),
      signal: AbortSignal.timeout(10_000),
      redirect: "manual",
    });
    status = res.status;
    await res.body?.cancel().catch(() => {});
    if (res.status === 401) forgetGithubToken();
    if (res.status !== 201 && (res.status < 200 || res.status >= 300)) error = `HTTP ${res.status}`;
  } catch (err) {
    error = err instanceof Error ? (err.name === "TimeoutError" ? "timed out" : err.message).slice(0, 300) : "request failed";
  }
  const outcome = attemptOutcome(d.attempts + 1, status, error, baseBackoff);
  // a newer post of the commit superseded this one while it was in flight: it stays superseded (never retried)
  const updated = await db
    .update(githubStatusDeliveries)
    .set(outcome)
    .where(and(eq(githubStatusDeliveries.id, d.id), eq(githubStatusDeliveries.status, "sending")))
    .returning({ id: githubStatusDeliveries.id });
  if (updated.length === 0)
    await db
      .update(githubStatusDeliveries)
      .set({ attempts: outcome.attempts, lastStatusCode: status, lastError: error, deliveredAt: outcome.deliveredAt })
      .where(eq(githubStatusDeliveries.id, d.id));
  return error === null;
}

/** Sends due status posts, oldest first and one at a time (a commit's posts stay in order). */
export async function deliverDueStatuses(db: Db, opts: StatusDeliverOptions = {}) {
  if (!githubStatusSetup().mode) return { attempted: 0, delivered: 0 };
  // only the newest post of a commit is sent; an older one left behind is superseded
  await db.execute(sql`
    UPDATE github_status_deliveries o SET status = 'superseded'
    WHERE o.status IN ('pending', 'retrying') AND EXISTS (
      SELECT 1 FROM github_status_deliveries n
      WHERE n.repository = o.repository AND n.sha = o.sha AND n.context = o.context AND n.created_at > o.created_at AND n.reason <> 'test')
  `);
  const due = await claimDueRows<Omit<ClaimedStatus, "id" | "attempts">>(
    db,
    "github_status_deliveries",
    opts.limit ?? 20,
    sql`d.repository, d.sha, d.context, d.state, d.description, d.target_url, d.created_at`,
  );
  due.sort((a, b) => +new Date((a as unknown as { created_at: string }).created_at) - +new Date((b as unknown as { created_at: string }).created_at));
  let delivered = 0;
  for (const d of due) if (await postOne(db, d, opts.fetchImpl ?? fetch, opts.baseBackoffMs ?? BASE_BACKOFF_MS)) delivered += 1;
  return { attempted: due.length, delivered };
}

/** Starts the per-process status delivery loop (idempotent); returns a stop function. */
export function startGithubStatusWorker(getDb: () => Promise<Db>, intervalMs = 2_000): () => void {
  return startQueueWorker("github-status-worker", "GitHub status delivery", async () => deliverDueStatuses(await getDb()), intervalMs);
}

/** The latest status posts (Settings → Integrations, the change page). */
export async function recentStatusDeliveries(db: Db, opts: { changeId?: string; limit?: number } = {}) {
  return db
    .select({
      id: githubStatusDeliveries.id,
      changeId: githubStatusDeliveries.changeId,
      repository: githubStatusDeliveries.repository,
      sha: githubStatusDeliveries.sha,
      state: githubStatusDeliveries.state,
      description: githubStatusDeliveries.description,
      reason: githubStatusDeliveries.reason,
      status: githubStatusDeliveries.status,
      attempts: githubStatusDeliveries.attempts,
      lastStatusCode: githubStatusDeliveries.lastStatusCode,
      lastError: githubStatusDeliveries.lastError,
      createdAt: githubStatusDeliveries.createdAt,
      deliveredAt: githubStatusDeliveries.deliveredAt,
    })
    .from(githubStatusDeliveries)
    .where(opts.changeId ? eq(githubStatusDeliveries.changeId, opts.changeId) : undefined)
    .orderBy(desc(githubStatusDeliveries.createdAt))
    .limit(Math.min(opts.limit ?? 20, 100));
}
