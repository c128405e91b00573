import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requirePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { listFilterOptions, listTriagers, listViolations } from "@/lib/violations/queries";
import { PAGE_SIZE, parseViolationFilter } from "@/lib/violations/schemas";
import { VIOLATION_KINDS } from "@/lib/violations/types";
import { ViolationFilters } from "@/components/violations/filters";
import { ViolationsTable } from "@/components/violations/violations-table";
import { Pagination } from "@/components/violations/pagination";
import { fmtTime, kindLabel } from "@/components/violations/format";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Violations" };

type SP = Record<string, string | string[] | undefined>;

async function Results({ sp, canTriage }: { sp: SP; canTriage: boolean }) {
  const db = await getDb();
  const filter = parseViolationFilter(sp);
  const [{ rows, total }, triagers] = await Promise.all([listViolations(db, filter), canTriage ? listTriagers(db) : []]);
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) if (typeof v === "string" && k !== "page" && v) params[k] = v;
  return (
    <div className="space-y-3">
      <ViolationsTable
        canTriage={canTriage}
        triagers={triagers.map((t) => ({ id: t.id, name: t.name }))}
        rows={rows.map((r) => ({
          id: r.id,
          kindLabel: kindLabel(r.kind),
          severity: r.severity,
          status: r.status,
          title: r.title,
          explanation: r.explanation,
          count: r.count,
          lastSeen: fmtTime(r.lastSeenAt),
          firstSeen: fmtTime(r.firstSeenAt),
          agentSlug: r.agentSlug,
          teamSlug: r.teamSlug,
          assigneeName: r.assigneeName,
        }))}
      />
      <Pagination page={filter.page} total={total} pageSize={PAGE_SIZE} params={params} />
    </div>
  );
}

export default async function ViolationsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const user = await requirePermission("dashboard:view");
  const sp = await searchParams;
  const db = await getDb();
  const [opts, triagers] = await Promise.all([listFilterOptions(db), listTriagers(db)]);
  const canTriage = can(user.role, "violations:triage");
  const kinds = [...new Set([...VIOLATION_KINDS, ...opts.kinds])].map((k) => ({ value: k, label: kindLabel(k) }));
  const exportParams = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) if (typeof v === "string" && k !== "page" && v) exportParams.set(k, v);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Violations</h1>
        <div className="flex gap-2 text-sm">
          {canTriage ? (
            <Link href="/violations/alerts" className="rounded-md border border-border px-3 py-1.5 hover:bg-muted">
              Alert webhooks
            </Link>
          ) : null}
          <a href={`/violations/export?${exportParams.toString()}`} className="rounded-md border border-border px-3 py-1.5 hover:bg-muted" download>
            Export CSV
          </a>
        </div>
      </div>
      <ViolationFilters options={{ kinds, agents: opts.agents, teams: opts.teams, triagers: triagers.map((t) => ({ id: t.id, name: t.name })) }} />
      <Suspense key={JSON.stringify(sp)} fallback={<TableSkeleton rows={10} />}>
        <Results sp={sp} canTriage={canTriage} />
      </Suspense>
    </div>
  );
}
