// The parts of GitHub webhook payloads Gatehouse reads, validated with zod (objects stay
// open: GitHub adds fields all the time). Shapes follow @octokit/webhooks-types; the tests
// feed the real example payloads of @octokit/webhooks-examples through these.
import { z } from "zod";

const user = z.object({ login: z.string(), type: z.string().optional() }).loose();
const repo = z.object({ full_name: z.string() }).loose();
const time = z.string().nullish();

export const pullRequestPayload = z
  .object({
    action: z.string(),
    number: z.number().int(),
    repository: repo,
    pull_request: z
      .object({
        number: z.number().int(),
        html_url: z.string().nullish(),
        title: z.string(),
        body: z.string().nullish(),
        state: z.enum(["open", "closed"]),
        merged: z.boolean().nullish(),
        merged_at: time,
        closed_at: time,
        created_at: z.string(),
        merge_commit_sha: z.string().nullish(),
        merged_by: user.nullish(),
        user,
        head: z.object({ sha: z.string(), ref: z.string() }).loose(),
        base: z.object({ ref: z.string() }).loose(),
      })
      .loose(),
  })
  .loose();

export const reviewPayload = z
  .object({
    action: z.string(),
    repository: repo,
    review: z
      .object({
        id: z.union([z.number(), z.string()]),
        state: z.string(),
        user: user.nullish(),
        submitted_at: time,
        commit_id: z.string().nullish(),
        html_url: z.string().nullish(),
      })
      .loose(),
    pull_request: z.object({ number: z.number().int(), user: user.nullish() }).loose(),
  })
  .loose();

const identity = z.object({ name: z.string().nullish(), email: z.string().nullish(), username: z.string().nullish() }).loose();
const commit = z
  .object({
    id: z.string(),
    message: z.string(),
    timestamp: z.string().nullish(),
    author: identity,
    committer: identity.nullish(),
    added: z.array(z.string()).nullish(),
    modified: z.array(z.string()).nullish(),
    removed: z.array(z.string()).nullish(),
  })
  .loose();

export const pushPayload = z
  .object({
    ref: z.string(),
    after: z.string(),
    deleted: z.boolean().nullish(),
    repository: repo.extend({ default_branch: z.string().nullish() }),
    pusher: z.object({ name: z.string().nullish() }).loose().nullish(),
    sender: user.nullish(),
    commits: z.array(commit),
    head_commit: commit.nullish(),
    compare: z.string().nullish(),
  })
  .loose();

const prRef = z.object({ number: z.number().int() }).loose();

export const checkRunPayload = z
  .object({
    action: z.string(),
    repository: repo,
    check_run: z
      .object({
        id: z.number(),
        name: z.string(),
        head_sha: z.string(),
        status: z.string(),
        conclusion: z.string().nullish(),
        html_url: z.string().nullish(),
        started_at: time,
        completed_at: time,
        pull_requests: z.array(prRef).nullish(),
        output: z.object({ title: z.string().nullish(), summary: z.string().nullish() }).loose().nullish(),
      })
      .loose(),
  })
  .loose();

export const checkSuitePayload = z
  .object({
    action: z.string(),
    repository: repo,
    check_suite: z
      .object({
        id: z.number(),
        head_sha: z.string(),
        status: z.string().nullish(),
        conclusion: z.string().nullish(),
        pull_requests: z.array(prRef).nullish(),
      })
      .loose(),
  })
  .loose();

export const workflowRunPayload = z
  .object({
    action: z.string(),
    repository: repo,
    workflow_run: z
      .object({
        id: z.number(),
        name: z.string().nullish(),
        head_sha: z.string(),
        status: z.string().nullish(),
        conclusion: z.string().nullish(),
        html_url: z.string().nullish(),
        run_started_at: time,
        updated_at: time,
        pull_requests: z.array(prRef).nullish(),
      })
      .loose(),
    workflow: z.object({ name: z.string().nullish(), path: z.string().nullish() }).loose().nullish(),
  })
  .loose();

/** GitHub's check conclusion → a gate status. */
export function gateStatusOf(status: string | null | undefined, conclusion: string | null | undefined) {
  if (status !== "completed" || !conclusion) return "pending" as const;
  switch (conclusion) {
    case "success":
      return "passed" as const;
    case "skipped":
    case "neutral":
    case "stale":
      return "skipped" as const;
    default:
      // failure, timed_out, cancelled, action_required, startup_failure
      return "failed" as const;
  }
}
