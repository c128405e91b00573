import { Badge } from "@/components/ui/badge";
import type { ComplianceVerdict } from "@/lib/changes/github-status";

// The change page's merge-blocking status (gatehouse/compliance on GitHub) and its reviews.

export type MergeStatusData = ComplianceVerdict & { context: string; sha: string };

export interface StatusPost {
  id: string;
  sha: string;
  state: string;
  description: string;
  reason: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}

const STATE_TONE = { success: "good", failure: "bad", pending: "warn" } as const;
const STATE_LABEL = { success: "passing", failure: "failing", pending: "pending" } as const;

export function StatusPostBadge({ status }: { status: string }) {
  return <Badge tone={status === "delivered" ? "good" : status === "failed" ? "bad" : status === "superseded" ? "neutral" : "info"}>{status}</Badge>;
}

export function MergeStatus({ data, posts, open }: { data: MergeStatusData; posts: StatusPost[]; open: boolean }) {
  const waiting = [
    ...data.missing,
    ...data.notPassed.filter((g) => g.status === "pending").map((g) => g.gate),
    ...(data.needsHumanReview ? ["human review"] : []),
  ];
  const failed = data.notPassed.filter((g) => g.status !== "pending");
  return (
    <section aria-labelledby="merge-status-h" className="space-y-2" data-testid="merge-status">
      <h2 id="merge-status-h" className="text-lg font-semibold">
        Merge status
      </h2>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <code className="text-xs">{data.context}</code>
        <Badge tone={STATE_TONE[data.state]} data-testid="merge-status-state">
          {STATE_LABEL[data.state]}
        </Badge>
        <span>{data.description}</span>
        <span className="text-xs text-muted-foreground">on {data.sha.slice(0, 10)}</span>
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-muted-foreground">Required</dt>
        <dd>
          {data.required.length ? data.required.join(", ") : "no gates"}
          {data.securityAdjacent ? " + a human review (security-adjacent)" : ""}
        </dd>
        {failed.length ? (
          <>
            <dt className="text-muted-foreground">Did not pass</dt>
            <dd data-testid="merge-status-failed">{failed.map((g) => `${g.gate} (${g.status})`).join(", ")}</dd>
          </>
        ) : null}
        {waiting.length ? (
          <>
            <dt className="text-muted-foreground">Missing</dt>
            <dd data-testid="merge-status-missing">{waiting.join(", ")}</dd>
          </>
        ) : null}
      </dl>
      {!open ? <p className="text-xs text-muted-foreground">The change is no longer open: Gatehouse posts no further statuses for it.</p> : null}
      <details className="text-sm">
        <summary className="cursor-pointer text-muted-foreground">Posted to GitHub ({posts.length})</summary>
        {posts.length ? (
          <ul className="mt-1 space-y-1">
            {posts.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center gap-2">
                <time dateTime={p.createdAt} className="text-xs text-muted-foreground">
                  {p.createdAt.slice(0, 19).replace("T", " ")}
                </time>
                <Badge tone={STATE_TONE[p.state as keyof typeof STATE_TONE] ?? "neutral"}>{p.state}</Badge>
                <span>{p.description}</span>
                <StatusPostBadge status={p.status} />
                {p.lastError ? (
                  <span className="text-xs text-muted-foreground">
                    ({p.lastError}, {p.attempts} attempts)
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-muted-foreground">Nothing posted: GitHub status posting is not configured, or nothing changed yet.</p>
        )}
      </details>
    </section>
  );
}

export interface ReviewItem {
  reviewerLogin: string;
  human: boolean;
  state: string;
  submittedAt: string;
  url: string | null;
}

const REVIEW_TONE = { approved: "good", changes_requested: "bad", dismissed: "neutral", commented: "neutral" } as const;
const REVIEW_LABEL: Record<string, string> = { approved: "approved", changes_requested: "requested changes", dismissed: "dismissed", commented: "commented" };

export function Reviews({ items }: { items: ReviewItem[] }) {
  return (
    <section aria-labelledby="reviews-h" className="space-y-2" data-testid="reviews">
      <h2 id="reviews-h" className="text-lg font-semibold">
        Reviews
      </h2>
      {items.length ? (
        <ul className="space-y-1 text-sm">
          {items.map((r, i) => (
            <li key={`${r.reviewerLogin}-${i}`} className="flex flex-wrap items-center gap-2">
              <span className="font-medium">
                {r.url ? (
                  <a href={r.url} className="hover:underline" target="_blank" rel="noreferrer">
                    {r.reviewerLogin}
                  </a>
                ) : (
                  r.reviewerLogin
                )}
              </span>
              <Badge tone={REVIEW_TONE[r.state as keyof typeof REVIEW_TONE] ?? "neutral"}>{REVIEW_LABEL[r.state] ?? r.state}</Badge>
              {!r.human ? <span className="text-xs text-muted-foreground">(bot or agent: not a human review)</span> : null}
              <time dateTime={r.submittedAt} className="text-xs text-muted-foreground">
                {r.submittedAt.slice(0, 16).replace("T", " ")}
              </time>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">No reviews on GitHub yet.</p>
      )}
    </section>
  );
}
