import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { agentActivity, getAgent } from "@/lib/registry/queries";
import { KIND_LABELS } from "@/lib/registry/schemas";
import { tokenState } from "@/lib/registry/tokens";
import { Badge, statusTone } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { ReasonDialog } from "@/components/agents/reason-dialog";
import { TokenPanel } from "@/components/agents/token-panel";
import { ReviewForm } from "@/components/agents/review-form";
import { ApprovalsList, EventsTable, ScopeView, Section, ViolationsList } from "@/components/agents/detail-sections";
import { fmtDate, relTime, riskTone } from "@/components/agents/format";
import { KillBanner } from "@/components/agents/kill-banner";
import { Suspense } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { AgentCost } from "@/components/telemetry/agent-cost";
import { hookClientFile } from "@/lib/hooks/client-file";

export const metadata: Metadata = { title: "Agent" };

export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("dashboard:view");
  const { id } = await params;
  const db = await getDb();
  const data = await getAgent(db, decodeURIComponent(id));
  if (!data) notFound();
  const { agent: a, team, sponsor, scopes, tokens, reviews, summary } = data;
  const activity = await agentActivity(db, a.id);
  const ownTeam = user.role !== "eng_manager" || user.teamId === a.teamId;
  const now = new Date();
  // the newest lifecycle event of a suspended agent's kill says who, when and why
  const killEvent = a.status === "suspended" ? activity.lifecycle.find((e) => e.type === "agent.kill") : undefined;
  const kill = killEvent
    ? { by: killEvent.actorLabel ?? killEvent.actorKind, at: killEvent.time, reason: String((killEvent.payload as { reason?: unknown } | null)?.reason ?? "") }
    : null;
  const canManage = a.status !== "retired" && can(user.role, "agents:manage") && ownTeam;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{a.name}</h1>
          <p className="font-mono text-sm text-muted-foreground">{a.slug}</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <Badge tone={statusTone[a.status]} data-testid="agent-detail-status">
              {a.status}
            </Badge>
            {summary ? (
              <Badge tone={riskTone[summary.risk]} title={`risk score ${summary.riskScore}`}>
                risk: {summary.risk}
              </Badge>
            ) : null}
            {summary?.reviewOverdue ? <Badge tone="warn">Review overdue</Badge> : null}
            {a.statusReason && a.status === "retired" ? (
              <span className="text-sm text-muted-foreground">
                “{a.statusReason}” · {relTime(a.statusChangedAt)}
              </span>
            ) : null}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {canManage ? (
            <Link href={`/agents/${a.slug}/edit`} className={buttonVariants({ variant: "outline" })}>
              Edit
            </Link>
          ) : null}
          <a href={`/agents/${a.slug}/claude-settings`} download className={buttonVariants({ variant: "outline" })}>
            Download Claude Code settings
          </a>
          {/* the stop controls stand apart from everyday edits, each behind a confirmation naming the agent */}
          {(a.status === "active" && can(user.role, "agents:kill")) || (a.status === "suspended" && can(user.role, "agents:resume")) ? (
            <div className="flex gap-2 border-l border-border pl-3" data-testid="agent-stop-controls">
              {a.status === "active" && can(user.role, "agents:kill") ? <ReasonDialog kind="kill" agentId={a.id} agentLabel={a.name} size="default" /> : null}
              {a.status === "suspended" && can(user.role, "agents:resume") ? (
                <ReasonDialog kind="resume" agentId={a.id} agentLabel={a.name} size="default" />
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
      {/* what a developer installs for fail-closed hooks: compare the checksum with the downloaded file (docs/agents.md) */}
      <p className="text-xs text-muted-foreground" data-testid="hook-client">
        Hook client{" "}
        <a href="/api/hooks/client" download className="underline">
          gatehouse-hook.mjs
        </a>{" "}
        v{hookClientFile().version} · SHA-256 <code className="break-all font-mono">{hookClientFile().sha256}</code>
      </p>
      {a.status === "suspended" ? <KillBanner agent={a.name} kill={kill} statusReason={a.statusReason} statusChangedAt={a.statusChangedAt} /> : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Identity and ownership">
          <dl className="grid grid-cols-[10rem_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-muted-foreground">Kind</dt>
            <dd>{KIND_LABELS[a.kind]}</dd>
            <dt className="text-muted-foreground">Role</dt>
            <dd>{a.role}</dd>
            <dt className="text-muted-foreground">Owning team</dt>
            <dd>{team?.name}</dd>
            <dt className="text-muted-foreground">Sponsor</dt>
            <dd>
              {sponsor?.name} ({sponsor?.email})
            </dd>
            <dt className="text-muted-foreground">Model</dt>
            <dd className="font-mono text-xs">{a.model}</dd>
            <dt className="text-muted-foreground">Toolchain</dt>
            <dd className="font-mono text-xs">{a.toolchainVersion}</dd>
            <dt className="text-muted-foreground">Registered</dt>
            <dd>{fmtDate(a.createdAt)}</dd>
            <dt className="text-muted-foreground">Last seen</dt>
            <dd>{relTime(summary?.lastSeenAt ?? null)}</dd>
            <dt className="text-muted-foreground">Open violations</dt>
            <dd>{summary?.openViolations ?? 0}</dd>
            <dt className="text-muted-foreground">Pending approvals</dt>
            <dd>{summary?.pendingApprovals ?? 0}</dd>
          </dl>
          {a.description ? <p className="mt-3 text-sm">{a.description}</p> : null}
        </Section>
        <Section title="Scope">
          <ScopeView scopes={scopes} now={now} />
        </Section>
      </div>

      <Section title="Tokens">
        <TokenPanel
          agentId={a.id}
          retired={a.status === "retired"}
          now={now.getTime()}
          canManage={can(user.role, "agents:tokens") && ownTeam}
          tokens={tokens.map((t) => ({
            id: t.id,
            prefix: t.prefix,
            name: t.name,
            createdAt: t.createdAt.toISOString(),
            expiresAt: t.expiresAt.toISOString(),
            revokedAt: t.revokedAt?.toISOString() ?? null,
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
            state: tokenState(t, now),
          }))}
        />
      </Section>

      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Lifecycle history">
          <EventsTable events={activity.lifecycle} empty="No lifecycle events" testId="lifecycle-history" />
          {canManage ? (
            <div className="mt-3 flex items-center justify-between gap-2 border-t border-border pt-3 text-sm">
              <span className="text-muted-foreground">Retiring is final: tokens revoked, history kept.</span>
              <ReasonDialog kind="retire" agentId={a.id} agentLabel={a.name} />
            </div>
          ) : null}
        </Section>
        <Section title="Access reviews">
          <div className="space-y-3">
            {reviews.length === 0 ? (
              <p className="text-sm text-muted-foreground">Never reviewed.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {reviews.map((r) => (
                  <li key={r.id}>
                    <Badge tone={r.outcome === "keep" ? "good" : r.outcome === "reduce" ? "warn" : "bad"}>{r.outcome}</Badge> {r.reviewer} ·{" "}
                    {fmtDate(r.createdAt)}
                    {r.notes ? ` — ${r.notes}` : ""}
                  </li>
                ))}
              </ul>
            )}
            {can(user.role, "agents:review") && ownTeam && a.status !== "retired" ? <ReviewForm agentId={a.id} /> : null}
          </div>
        </Section>
        <Section title="Violations">
          <ViolationsList rows={activity.violations} />
        </Section>
        <Section title="Approvals">
          <ApprovalsList rows={activity.approvals} />
        </Section>
      </div>
      <Suspense fallback={<Skeleton className="h-64 w-full" />}>
        <AgentCost agentId={a.id} canManage={canManage} />
      </Suspense>
      <Section title="Recent audit events">
        <EventsTable events={activity.recent} empty="No audit events yet" />
      </Section>
    </div>
  );
}
