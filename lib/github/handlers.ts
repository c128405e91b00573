// What each GitHub event does to changes and gates. Each handler runs inside the delivery's
// transaction (after its webhook_deliveries row was inserted), so a delivery's effects and
// its "processed" mark commit together.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { changeCommits, changes, gateRuns, type Change } from "@/db/schema";
import { recordGateRun } from "@/lib/changes/ci";
import type { ChangesConfig } from "@/lib/changes/config";
import { findChangeByPr } from "@/lib/changes/lookup";
import { gateKeyOf } from "@/lib/changes/stages";
import { addCommits, refreshChange, upsertChange, type CommitInput } from "@/lib/changes/store";
import { queueComplianceStatus } from "@/lib/changes/github-status";
import { recordReview } from "@/lib/changes/reviews";
import { checkRunPayload, checkSuitePayload, gateStatusOf, pullRequestPayload, pushPayload, reviewPayload, workflowRunPayload } from "./payloads";

export type HandlerResult = { status: "processed" | "ignored"; detail: string };

const PR_ACTIONS = new Set(["opened", "edited", "synchronize", "closed", "reopened", "ready_for_review"]);
const date = (s: string | null | undefined) => (s ? new Date(s) : null);

async function onPullRequest(tx: Db, raw: unknown, config: ChangesConfig): Promise<HandlerResult> {
  const p = pullRequestPayload.parse(raw);
  if (!PR_ACTIONS.has(p.action)) return { status: "ignored", detail: `pull_request.${p.action}` };
  const pr = p.pull_request;
  const merged = !!pr.merged;
  const { before, change } = await upsertChange(tx, {
    repository: p.repository.full_name,
    number: pr.number,
    headSha: pr.head.sha.toLowerCase(),
    mergeSha: merged ? (pr.merge_commit_sha?.toLowerCase() ?? null) : null,
    title: pr.title,
    body: pr.body ?? null,
    url: pr.html_url ?? null,
    authorLogin: pr.user.login,
    state: merged ? "merged" : pr.state === "closed" ? "closed" : "open",
    baseBranch: pr.base.ref,
    headBranch: pr.head.ref,
    createdAt: date(pr.created_at),
    mergedAt: merged ? date(pr.merged_at) : null,
    closedAt: date(pr.closed_at),
    mergedBy: pr.merged_by?.login ?? null,
  });
  await refreshChange(tx, change, { before, config, authorType: pr.user.type });
  return { status: "processed", detail: `pull_request.${p.action} ${p.repository.full_name}#${pr.number}` };
}

// Every submitted or dismissed review is stored with its reviewer (lib/changes/reviews.ts);
// humanApproved is derived from them, and the change's gatehouse/compliance status follows.
async function onReview(tx: Db, raw: unknown): Promise<HandlerResult> {
  const p = reviewPayload.parse(raw);
  const reviewer = p.review.user;
  if ((p.action !== "submitted" && p.action !== "dismissed" && p.action !== "edited") || !reviewer)
    return { status: "ignored", detail: `pull_request_review.${p.action} (${p.review.state})` };
  const change = await findChangeByPr(tx, p.repository.full_name, p.pull_request.number);
  if (!change) return { status: "ignored", detail: "review of an unknown pull request" };
  const res = await recordReview(tx, change, {
    reviewId: String(p.review.id),
    reviewerLogin: reviewer.login,
    reviewerType: reviewer.type ?? null,
    state: p.action === "dismissed" ? "dismissed" : p.review.state,
    commitSha: p.review.commit_id ?? null,
    url: p.review.html_url ?? null,
    submittedAt: date(p.review.submitted_at),
  });
  if (!res) return { status: "ignored", detail: `pull_request_review.${p.action} (${p.review.state})` };
  await queueComplianceStatus(tx, res.change, "review");
  return { status: "processed", detail: `${res.review.state} by ${reviewer.login}${res.review.human ? "" : " (not counted as a human review)"}` };
}

function commitsOf(p: z.infer<typeof pushPayload>): { commits: CommitInput[]; files: string[] } {
  const files = new Set<string>();
  const commits = p.commits.map((c) => {
    for (const f of [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]) files.add(f);
    return {
      sha: c.id.toLowerCase(),
      message: c.message,
      authorName: c.author.name ?? null,
      authorEmail: c.author.email?.toLowerCase() ?? null,
      authorLogin: c.author.username ?? null,
      committedAt: date(c.timestamp),
    };
  });
  return { commits, files: [...files] };
}

async function onPush(tx: Db, raw: unknown, config: ChangesConfig): Promise<HandlerResult> {
  const p = pushPayload.parse(raw);
  if (!p.ref.startsWith("refs/heads/") || p.deleted || p.commits.length === 0) return { status: "ignored", detail: `push ${p.ref} (no branch commits)` };
  const repository = p.repository.full_name;
  const branch = p.ref.slice("refs/heads/".length);
  const { commits, files } = commitsOf(p);
  const head = p.head_commit ?? p.commits[p.commits.length - 1];
  // A pull request (or an earlier push) on this branch collects the commits.
  const [open] = await tx
    .select()
    .from(changes)
    .where(and(eq(changes.repository, repository), eq(changes.headBranch, branch), eq(changes.state, "open")))
    .limit(1);
  let target: Change | undefined = open;
  let before: Change | undefined = open;
  if (!target) {
    if (branch === p.repository.default_branch) {
      // merging a pull request pushes its commits again: nothing new to record then
      const known = await tx
        .select({ sha: changeCommits.sha })
        .from(changeCommits)
        .where(
          and(
            eq(changeCommits.repository, repository),
            inArray(
              changeCommits.sha,
              commits.map((c) => c.sha),
            ),
          ),
        );
      const [mergeOf] = await tx
        .select({ id: changes.id })
        .from(changes)
        .where(and(eq(changes.repository, repository), eq(changes.mergeSha, p.after.toLowerCase())))
        .limit(1);
      if (mergeOf || known.length === commits.length) return { status: "ignored", detail: "push of already known commits" };
    }
    const direct = branch === p.repository.default_branch;
    const res = await upsertChange(tx, {
      repository,
      number: null,
      headSha: p.after.toLowerCase(),
      mergeSha: direct ? p.after.toLowerCase() : null,
      title: head.message.split("\n")[0] || `push to ${branch}`,
      body: null,
      url: p.compare ?? null,
      authorLogin: head.author.username ?? p.sender?.login ?? p.pusher?.name ?? null,
      state: direct ? "merged" : "open",
      headBranch: branch,
      baseBranch: direct ? branch : null,
      createdAt: date(head.timestamp) ?? new Date(),
      mergedAt: direct ? (date(head.timestamp) ?? new Date()) : null,
      mergedBy: direct ? (p.pusher?.name ?? null) : null,
    });
    target = res.change;
    before = res.before;
  } else {
    [target] = await tx.update(changes).set({ headSha: p.after.toLowerCase(), updatedAt: new Date() }).where(eq(changes.id, target.id)).returning();
  }
  await addCommits(tx, target, commits);
  await refreshChange(tx, target, { before, files, config, authorType: p.sender?.type });
  return { status: "processed", detail: `push ${repository} ${branch}: ${commits.length} commit(s)` };
}

async function onCheckRun(tx: Db, raw: unknown): Promise<HandlerResult> {
  const p = checkRunPayload.parse(raw);
  const cr = p.check_run;
  const { run } = await recordGateRun(tx, {
    repository: p.repository.full_name,
    commitSha: cr.head_sha,
    pullRequest: cr.pull_requests?.[0]?.number ?? null,
    gate: gateKeyOf(cr.name),
    status: gateStatusOf(cr.status, cr.conclusion),
    source: "github_check_run",
    externalId: String(cr.id),
    url: cr.html_url ?? null,
    startedAt: date(cr.started_at),
    finishedAt: date(cr.completed_at),
  });
  return { status: "processed", detail: `check_run ${cr.name} → ${run.gate} ${run.status}` };
}

async function onWorkflowRun(tx: Db, raw: unknown): Promise<HandlerResult> {
  const p = workflowRunPayload.parse(raw);
  const wr = p.workflow_run;
  const name = wr.name || p.workflow?.name || "workflow";
  const { run } = await recordGateRun(tx, {
    repository: p.repository.full_name,
    commitSha: wr.head_sha,
    pullRequest: wr.pull_requests?.[0]?.number ?? null,
    gate: gateKeyOf(name),
    status: gateStatusOf(wr.status, wr.conclusion),
    source: "github_workflow_run",
    externalId: String(wr.id),
    url: wr.html_url ?? null,
    startedAt: date(wr.run_started_at),
    finishedAt: wr.status === "completed" ? date(wr.updated_at) : null,
  });
  return { status: "processed", detail: `workflow_run ${name} → ${run.gate} ${run.status}` };
}

// A check suite aggregates the check runs already recorded; it only tells us which pull
// request a commit belongs to, so runs reported by sha alone get their PR and change.
async function onCheckSuite(tx: Db, raw: unknown): Promise<HandlerResult> {
  const p = checkSuitePayload.parse(raw);
  const number = p.check_suite.pull_requests?.[0]?.number;
  if (!number) return { status: "ignored", detail: "check_suite without a pull request" };
  const repository = p.repository.full_name;
  const change = await findChangeByPr(tx, repository, number);
  const linked = await tx
    .update(gateRuns)
    .set({ pullRequest: number, ...(change ? { changeId: change.id } : {}) })
    .where(and(eq(gateRuns.repository, repository), eq(gateRuns.commitSha, p.check_suite.head_sha.toLowerCase()), isNull(gateRuns.pullRequest)))
    .returning({ id: gateRuns.id });
  return { status: "processed", detail: `check_suite linked ${linked.length} run(s) to #${number}` };
}

export const EVENT_HANDLERS: Record<string, (tx: Db, payload: unknown, config: ChangesConfig) => Promise<HandlerResult>> = {
  pull_request: onPullRequest,
  pull_request_review: (tx, p) => onReview(tx, p),
  push: onPush,
  check_run: (tx, p) => onCheckRun(tx, p),
  check_suite: (tx, p) => onCheckSuite(tx, p),
  workflow_run: (tx, p) => onWorkflowRun(tx, p),
};
