// Pull request reviews with the reviewer on record (pull_request_review webhooks), and the
// change's humanApproved derived from them: as on GitHub, each reviewer's latest approving or
// change-requesting review counts (a dismissed one counts for nothing); the change is approved
// by a human when at least one person approves and no person still requests changes.
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { changeReviews, changes, type Change, type ChangeReview } from "@/db/schema";
import { agentByLogin } from "./known-agents";

export type ReviewState = "approved" | "changes_requested" | "commented" | "dismissed";

export interface ReviewInput {
  reviewId: string;
  reviewerLogin: string;
  reviewerType?: string | null;
  state: string;
  commitSha?: string | null;
  url?: string | null;
  submittedAt?: Date | null;
}

/** GitHub's review state (APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, in any case) → ours; anything else (PENDING) is not a submitted review. */
export function reviewStateOf(state: string): ReviewState | undefined {
  const s = state.toLowerCase();
  return s === "approved" || s === "changes_requested" || s === "commented" || s === "dismissed" ? s : undefined;
}

/** A person, not a bot, not a known coding agent, and not the change's own author. */
export function isHumanReviewer(login: string, type: string | null | undefined, change: Pick<Change, "authorLogin">): boolean {
  if (type === "Bot" || /\[bot\]$/i.test(login) || agentByLogin(login)) return false;
  return !change.authorLogin || change.authorLogin.toLowerCase() !== login.toLowerCase();
}

/** Pure: whether the reviews, as GitHub counts them, amount to a human approval. */
export function humanApprovalOf(reviews: Pick<ChangeReview, "reviewerLogin" | "human" | "state" | "submittedAt">[]): boolean {
  const latest = new Map<string, { state: string; at: Date }>();
  for (const r of reviews) {
    if (!r.human || r.state === "commented") continue;
    const key = r.reviewerLogin.toLowerCase();
    const prev = latest.get(key);
    if (!prev || r.submittedAt >= prev.at) latest.set(key, { state: r.state, at: r.submittedAt });
  }
  const states = [...latest.values()].map((v) => v.state);
  return states.includes("approved") && !states.includes("changes_requested");
}

/** Stores (or updates, by GitHub's review id) one review and re-derives humanApproved. Call inside a transaction. */
export async function recordReview(
  tx: Db,
  change: Change,
  input: ReviewInput,
): Promise<{ change: Change; review: ChangeReview; approvalChanged: boolean } | undefined> {
  const state = reviewStateOf(input.state);
  if (!state) return undefined;
  const values = {
    changeId: change.id,
    reviewId: input.reviewId,
    reviewerLogin: input.reviewerLogin.slice(0, 200),
    reviewerType: input.reviewerType ?? null,
    human: isHumanReviewer(input.reviewerLogin, input.reviewerType, change),
    state,
    commitSha: input.commitSha?.toLowerCase() ?? null,
    url: input.url ?? null,
    submittedAt: input.submittedAt ?? new Date(),
  };
  const [review] = await tx
    .insert(changeReviews)
    .values(values)
    .onConflictDoUpdate({
      target: [changeReviews.changeId, changeReviews.reviewId],
      set: { state, human: values.human, url: values.url, commitSha: values.commitSha },
    })
    .returning();
  const all = await tx.select().from(changeReviews).where(eq(changeReviews.changeId, change.id)).orderBy(asc(changeReviews.submittedAt)).limit(1000);
  const approved = humanApprovalOf(all);
  if (approved === change.humanApproved) return { change, review, approvalChanged: false };
  const [updated] = await tx.update(changes).set({ humanApproved: approved, updatedAt: new Date() }).where(eq(changes.id, change.id)).returning();
  return { change: updated, review, approvalChanged: true };
}

/** The reviews of a change, newest first (the change page). */
export function reviewsOf(db: Db, changeId: string) {
  return db
    .select({
      reviewerLogin: changeReviews.reviewerLogin,
      human: changeReviews.human,
      state: changeReviews.state,
      submittedAt: changeReviews.submittedAt,
      url: changeReviews.url,
      commitSha: changeReviews.commitSha,
    })
    .from(changeReviews)
    .where(eq(changeReviews.changeId, changeId))
    .orderBy(asc(changeReviews.submittedAt))
    .limit(200);
}
