import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { StatusPostBadge } from "@/components/changes/merge-status";
import { githubStatusSetup } from "@/lib/changes/github-status-auth";
import { recentStatusDeliveries, STATUS_CONTEXT } from "@/lib/changes/github-status";
import { GithubTestPost } from "./integrations-github-test";

const STATE_TONE = { success: "good", failure: "bad", pending: "warn", error: "bad" } as const;

/**
 * Settings → Integrations → GitHub (admin): whether Gatehouse posts the merge-blocking
 * gatehouse/compliance status, with which credentials and where, a test post, and the recent
 * status deliveries. Credentials come from the environment only (README "GitHub").
 */
// Settings → Integrations renders each section with the page's database handle (its sections.tsx).
export async function GithubIntegrationSection({ db }: { db: Parameters<typeof recentStatusDeliveries>[0] }) {
  const setup = githubStatusSetup();
  const posts = await recentStatusDeliveries(db, { limit: 20 });
  return (
    <section aria-labelledby="github-title" className="space-y-3 rounded-lg border border-border p-4 text-sm" data-testid="integration-github">
      <h2 id="github-title" className="text-lg font-semibold">
        GitHub: merge-blocking status
      </h2>
      <div className="space-y-4">
        <p className="text-muted-foreground">
          On every open pull request Gatehouse attributes to an agent, Gatehouse posts the commit status <code>{STATUS_CONTEXT}</code>: pending while required
          gates or a required human review are missing, failure when a required gate did not pass, success when complete. Require it in the repository&apos;s
          branch protection (or ruleset) so that the pull request cannot merge before. The gates are set in{" "}
          <Link href="/settings/general" className="underline">
            Settings → General
          </Link>
          .
        </p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-muted-foreground">Status</dt>
          <dd data-testid="github-configured">{setup.mode ? <Badge tone="good">configured</Badge> : <Badge tone="warn">not configured</Badge>}</dd>
          <dt className="text-muted-foreground">Credentials</dt>
          <dd>
            {setup.mode === "app"
              ? `GitHub App ${setup.appId}, installation ${setup.installationId} (installation tokens)`
              : setup.mode === "token"
                ? "Fine-grained token (GITHUB_STATUS_TOKEN)"
                : "None: set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID, or GITHUB_STATUS_TOKEN, and restart."}
          </dd>
          <dt className="text-muted-foreground">API</dt>
          <dd>
            <code>{setup.apiUrl}</code>
          </dd>
          {setup.problem ? (
            <>
              <dt className="text-muted-foreground">Problem</dt>
              <dd className="text-red-700 dark:text-red-300">{setup.problem}</dd>
            </>
          ) : null}
        </dl>
        <GithubTestPost disabled={!setup.mode} />
        <div className="space-y-2">
          <h3 className="font-medium">Recent status deliveries</h3>
          {posts.length === 0 ? (
            <EmptyState title="No status posted yet">Statuses appear here once an agent&apos;s pull request is seen with posting configured.</EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <Table aria-label="Recent GitHub status deliveries">
                <THead>
                  <TR>
                    <TH>Queued</TH>
                    <TH>Commit</TH>
                    <TH>State</TH>
                    <TH>Description</TH>
                    <TH>Delivery</TH>
                  </TR>
                </THead>
                <TBody>
                  {posts.map((p) => (
                    <TR key={p.id}>
                      <TD>
                        <time dateTime={p.createdAt.toISOString()}>{p.createdAt.toISOString().slice(0, 19).replace("T", " ")}</time>
                      </TD>
                      <TD>
                        {p.changeId ? (
                          <Link href={`/changes/${p.changeId}`} className="hover:underline">
                            {p.repository}@{p.sha.slice(0, 10)}
                          </Link>
                        ) : (
                          <>
                            {p.repository}@{p.sha.slice(0, 10)} <span className="text-xs text-muted-foreground">(test)</span>
                          </>
                        )}
                      </TD>
                      <TD>
                        <Badge tone={STATE_TONE[p.state as keyof typeof STATE_TONE] ?? "neutral"}>{p.state}</Badge>
                      </TD>
                      <TD className="max-w-md">{p.description}</TD>
                      <TD>
                        <StatusPostBadge status={p.status} />{" "}
                        {p.lastError ? (
                          <span className="text-xs text-muted-foreground">
                            {p.lastError} · {p.attempts} attempt{p.attempts === 1 ? "" : "s"}
                          </span>
                        ) : null}
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
