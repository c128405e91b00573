// Writes of changes and their commits (from GitHub webhooks), and the follow-ups each write
// needs: attribution, security-path flags, linking CI runs, KPI days, merge compliance.
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { changeCommits, changes, gateRuns, type Change } from "@/db/schema";
import { recomputeKpiDays } from "@/lib/kpis/rollup";
import { applyAttribution } from "./attribution-store";
import type { ChangesConfig } from "./config";
import { checkMergeCompliance } from "./compliance";
import { queueComplianceStatus } from "./github-status";
import { compileSecurityGlobs, flagSecurityPaths } from "./security-paths";

export interface ChangeInput {
  repository: string;
  number: number | null;
  headSha?: string | null;
  mergeSha?: string | null;
  title: string;
  body?: string | null;
  url?: string | null;
  authorLogin?: string | null;
  authorType?: string | null;
  state: "open" | "merged" | "closed";
  baseBranch?: string | null;
  headBranch?: string | null;
  createdAt?: Date | null;
  mergedAt?: Date | null;
  closedAt?: Date | null;
  mergedBy?: string | null;
}

export interface CommitInput {
  sha: string;
  message: string;
  authorName?: string | null;
  authorEmail?: string | null;
  authorLogin?: string | null;
  committedAt?: Date | null;
}

async function findExisting(tx: Db, input: ChangeInput): Promise<Change | undefined> {
  if (input.number !== null) {
    const [byNumber] = await tx
      .select()
      .from(changes)
      .where(and(eq(changes.repository, input.repository), eq(changes.number, input.number)))
      .for("update")
      .limit(1);
    if (byNumber) return byNumber;
    // commits pushed to a branch before its pull request was opened
    if (input.headBranch) {
      const [byBranch] = await tx
        .select()
        .from(changes)
        .where(and(eq(changes.repository, input.repository), isNull(changes.number), eq(changes.headBranch, input.headBranch), eq(changes.state, "open")))
        .for("update")
        .limit(1);
      return byBranch;
    }
    return undefined;
  }
  if (!input.headSha) return undefined;
  const [bySha] = await tx
    .select()
    .from(changes)
    .where(and(eq(changes.repository, input.repository), isNull(changes.number), eq(changes.headSha, input.headSha)))
    .for("update")
    .limit(1);
  return bySha;
}

/** Inserts or updates a change; returns the row before and after. */
export async function upsertChange(tx: Db, input: ChangeInput): Promise<{ before?: Change; change: Change }> {
  const before = await findExisting(tx, input);
  const values = {
    repository: input.repository,
    number: input.number,
    headSha: input.headSha ?? before?.headSha ?? null,
    mergeSha: input.mergeSha ?? before?.mergeSha ?? null,
    title: input.title.slice(0, 500),
    body: input.body === undefined ? (before?.body ?? null) : (input.body?.slice(0, 65_536) ?? null),
    url: input.url ?? before?.url ?? null,
    authorLogin: input.authorLogin ?? before?.authorLogin ?? null,
    state: input.state,
    baseBranch: input.baseBranch ?? before?.baseBranch ?? null,
    headBranch: input.headBranch ?? before?.headBranch ?? null,
    mergedAt: input.mergedAt ?? (input.state === "merged" ? (before?.mergedAt ?? null) : null),
    closedAt: input.closedAt ?? (input.state === "open" ? null : (before?.closedAt ?? null)),
    mergedBy: input.mergedBy ?? before?.mergedBy ?? null,
    updatedAt: new Date(),
  };
  if (before) {
    const [change] = await tx.update(changes).set(values).where(eq(changes.id, before.id)).returning();
    return { before, change };
  }
  const [change] = await tx
    .insert(changes)
    .values({ ...values, createdAt: input.createdAt ?? new Date() })
    .returning();
  return { change };
}

export async function addCommits(tx: Db, change: Change, commits: CommitInput[]) {
  if (commits.length === 0) return;
  for (let i = 0; i < commits.length; i += 200) {
    await tx
      .insert(changeCommits)
      .values(
        commits.slice(i, i + 200).map((c) => ({
          sha: c.sha,
          changeId: change.id,
          repository: change.repository,
          message: c.message.slice(0, 20_000),
          authorName: c.authorName ?? null,
          authorEmail: c.authorEmail ?? null,
          authorLogin: c.authorLogin ?? null,
          committedAt: c.committedAt ?? null,
        })),
      )
      .onConflictDoNothing();
  }
}

/** Attaches CI runs reported before the change was known (by commit or PR number). */
async function linkGateRuns(tx: Db, change: Change) {
  const shas = (await tx.select({ sha: changeCommits.sha }).from(changeCommits).where(eq(changeCommits.changeId, change.id))).map((r) => r.sha);
  for (const s of [change.headSha, change.mergeSha]) if (s && !shas.includes(s)) shas.push(s);
  const conds = [];
  if (shas.length) conds.push(inArray(gateRuns.commitSha, shas.slice(0, 1000)));
  if (change.number !== null) conds.push(eq(gateRuns.pullRequest, change.number));
  if (conds.length === 0) return [];
  return tx
    .update(gateRuns)
    .set({ changeId: change.id })
    .where(and(eq(gateRuns.repository, change.repository), isNull(gateRuns.changeId), or(...conds)))
    .returning({ day: sql<string>`((coalesce(${gateRuns.finishedAt}, ${gateRuns.createdAt})) AT TIME ZONE 'UTC')::date::text` });
}

export interface RefreshOptions {
  before?: Change;
  /** files changed by new commits (push payloads list them) */
  files?: string[];
  authorType?: string | null;
  config: ChangesConfig;
}

/**
 * After a change or its commits were written: flag security-adjacent paths, re-attribute,
 * link earlier CI runs, check merge compliance on the transition to merged, queue the
 * gatehouse/compliance status of an open agent pull request, and recompute the KPI days it touches.
 */
export async function refreshChange(tx: Db, change: Change, opts: RefreshOptions): Promise<Change> {
  let current = change;
  if (opts.files?.length) {
    const flagged = flagSecurityPaths(opts.files, compileSecurityGlobs(opts.config.securityGlobs));
    if (flagged.length) {
      const merged = [...new Set([...((current.flaggedPaths as string[] | null) ?? []), ...flagged])].sort().slice(0, 200);
      [current] = await tx.update(changes).set({ securityAdjacent: true, flaggedPaths: merged }).where(eq(changes.id, current.id)).returning();
    }
  }
  current = await applyAttribution(tx, current, { authorType: opts.authorType });
  const linked = await linkGateRuns(tx, current);
  if (current.state === "merged" && opts.before?.state !== "merged") await checkMergeCompliance(tx, current, opts.config);
  // the merge-blocking commit status of an open agent pull request (a new head commit, new flags)
  await queueComplianceStatus(tx, current, opts.before && opts.before.headSha !== current.headSha ? "head" : "change", opts.config);
  await recomputeKpiDays(tx, [current.createdAt, current.mergedAt, opts.before?.createdAt, opts.before?.mergedAt, ...linked.map((l) => l.day)]);
  return current;
}
