import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { getViolation, listActivity, listAgentOtherViolations, listAgentRecentEvents, listEvidence, listTriagers } from "@/lib/violations/queries";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge, statusTone } from "@/components/ui/badge";
import { SeverityBadge, StatusBadge } from "@/components/violations/badges";
import { EventList } from "@/components/violations/event-list";
import { ActivityLog } from "@/components/violations/activity-log";
import { KillAgentButton, TriagePanel } from "@/components/violations/triage-panel";
import { fmtTime, kindLabel } from "@/components/violations/format";

export const metadata: Metadata = { title: "Violation" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ViolationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("dashboard:view");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const db = await getDb();
  const v = await getViolation(db, id);
  if (!v) notFound();
  const agentRef = { id: v.agentId, slug: v.agentSlug };
  const [evidence, activity, recent, others, triagers] = await Promise.all([
    listEvidence(db, id),
    listActivity(db, id),
    listAgentRecentEvents(db, agentRef),
    listAgentOtherViolations(db, { id, agentId: v.agentId, agentSlug: v.agentSlug }),
    listTriagers(db),
  ]);
  const canTriage = can(user.role, "violations:triage");
  const canKill = can(user.role, "agents:kill") && !!v.agentId && v.agentStatus === "active";
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/violations" className="hover:underline">
          Violations
        </Link>{" "}
        / {kindLabel(v.kind)}
      </nav>
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <SeverityBadge severity={v.severity} />
          <StatusBadge status={v.status} />
          <Badge>{kindLabel(v.kind)}</Badge>
        </div>
        <h1 className="text-2xl font-semibold">{v.title}</h1>
        <p className="text-base" data-testid="violation-explanation">
          {v.explanation}
        </p>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-muted-foreground">Occurrences</dt>
            <dd className="font-medium tabular-nums" data-testid="violation-count">
              {v.count}
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">First seen</dt>
            <dd>{fmtTime(v.firstSeenAt)}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Last seen</dt>
            <dd>{fmtTime(v.lastSeenAt)}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Assignee</dt>
            <dd>{v.assigneeName ?? "Nobody"}</dd>
          </div>
        </dl>
      </header>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Evidence</CardTitle>
              <p className="text-sm text-muted-foreground">
                {evidence.total} audit event{evidence.total === 1 ? "" : "s"}
                {evidence.total > evidence.rows.length ? ` (newest ${evidence.rows.length} shown)` : ""}
              </p>
            </CardHeader>
            <CardContent>
              <EventList events={evidence.rows} testId="evidence" empty="No evidence events are linked." />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Agent history: {v.agentSlug ?? "unknown agent"}</CardTitle>
              {v.agentStatus ? (
                <p className="text-sm">
                  Status{" "}
                  <Badge tone={statusTone[v.agentStatus]} data-testid="agent-status">
                    {v.agentStatus}
                  </Badge>
                </p>
              ) : (
                <p className="text-sm text-muted-foreground">Not in the registry.</p>
              )}
            </CardHeader>
            <CardContent className="space-y-4">
              <section aria-labelledby="recent-h">
                <h3 id="recent-h" className="mb-2 text-sm font-semibold">
                  Latest events
                </h3>
                <EventList events={recent} empty="No events from this agent." />
              </section>
              <section aria-labelledby="others-h">
                <h3 id="others-h" className="mb-2 text-sm font-semibold">
                  Other violations
                </h3>
                {others.length === 0 ? (
                  <p className="text-sm text-muted-foreground">None.</p>
                ) : (
                  <ul className="space-y-1 text-sm">
                    {others.map((o) => (
                      <li key={o.id} className="flex flex-wrap items-center gap-2">
                        <SeverityBadge severity={o.severity} />
                        <Link href={`/violations/${o.id}`} className="hover:underline">
                          {o.title}
                        </Link>
                        <span className="text-xs text-muted-foreground">
                          ×{o.count} · {o.status.replace("_", " ")} · {fmtTime(o.lastSeenAt)}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </CardContent>
          </Card>
        </div>
        <div className="space-y-6">
          {canTriage || canKill ? (
            <Card>
              <CardHeader>
                <CardTitle>Triage</CardTitle>
              </CardHeader>
              <CardContent className="space-y-5">
                {canKill ? <KillAgentButton violationId={v.id} agentSlug={v.agentSlug ?? "agent"} /> : null}
                {canTriage ? (
                  <TriagePanel id={v.id} status={v.status} assigneeId={v.assigneeId} triagers={triagers.map((t) => ({ id: t.id, name: t.name }))} />
                ) : null}
              </CardContent>
            </Card>
          ) : (
            <p className="rounded-md border border-border p-3 text-sm text-muted-foreground">Your role can read violations but not triage them.</p>
          )}
          <Card>
            <CardHeader>
              <CardTitle>Activity</CardTitle>
            </CardHeader>
            <CardContent>
              <ActivityLog
                items={activity.map((a) => ({
                  id: a.id,
                  action: a.action,
                  fromStatus: a.fromStatus,
                  toStatus: a.toStatus,
                  note: a.note,
                  at: fmtTime(a.createdAt),
                  who: a.userName ?? a.userEmail ?? "system",
                }))}
              />
            </CardContent>
          </Card>
        </div>
      </div>
    </div>
  );
}
