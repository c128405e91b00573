import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getOverviewCounts } from "@/lib/overview/queries";
import { StatTile } from "@/components/shell/stat-tile";
import { Skeleton } from "@/components/ui/skeleton";
import { ViolationsOverviewPanel } from "@/components/violations/overview-panel";
import { KpiOverviewTiles } from "@/components/kpis/overview-tiles";
import { SpendTile } from "@/components/telemetry/spend-tile";

export const metadata: Metadata = { title: "Overview" };

async function Counts() {
  const c = await getOverviewCounts(await getDb());
  return (
    <div className="space-y-4">
      {c.fleetFrozen ? (
        <p role="alert" className="rounded-md border border-destructive p-3 font-medium text-destructive">
          Fleet freeze is on: every agent decision is denied.
        </p>
      ) : null}
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatTile label="Active agents" value={c.agentsByStatus.active} testId="stat-active-agents" />
        <StatTile label="Suspended agents" value={c.agentsByStatus.suspended} testId="stat-suspended-agents" />
        <StatTile label="Pending approvals" value={c.pendingApprovals} testId="stat-pending-approvals" />
        <StatTile label="Open violations" value={c.openViolations} testId="stat-open-violations" />
        <StatTile label="Critical, unresolved" value={c.violationsBySeverity.critical} tone="bad" />
        <StatTile label="High, unresolved" value={c.violationsBySeverity.high} tone="warn" />
        <StatTile label="Triaged violations" value={c.triagedViolations} testId="stat-triaged-violations" />
        <StatTile label="Retired agents" value={c.agentsByStatus.retired} />
        <StatTile label="Audit events (24 h)" value={c.eventsLast24h} />
        <Suspense fallback={<Skeleton className="h-28 w-full" />}>
          <SpendTile />
        </Suspense>
      </div>
    </div>
  );
}

export default async function OverviewPage() {
  await requirePermission("dashboard:view");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Overview</h1>
      <Suspense fallback={<Skeleton className="h-48 w-full" />}>
        <Counts />
      </Suspense>
      <section aria-labelledby="violations-heading" className="space-y-3">
        <h2 id="violations-heading" className="text-lg font-semibold">
          Violations
        </h2>
        <Suspense fallback={<Skeleton className="h-64 w-full" />}>
          <ViolationsOverviewPanel />
        </Suspense>
      </section>
      {/* the tiles carry their own section and heading ("Quality, last 30 days") */}
      <Suspense fallback={<Skeleton className="h-32 w-full" />}>
        <KpiOverviewTiles />
      </Suspense>
    </div>
  );
}
