import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { listAuditEvents, listFilterOptions } from "@/lib/audit/queries";
import { filterFromSearchParams } from "@/lib/audit/params";
import { AuditFilterBar } from "@/components/audit/filter-bar";
import { AuditEventTable } from "@/components/audit/event-table";
import { VerifyPanel } from "@/components/audit/verify-panel";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("dashboard:view");
  const { filter, cursor, query } = filterFromSearchParams(await searchParams);
  const db = await getDb();
  const [page, options] = await Promise.all([listAuditEvents(db, filter, cursor), listFilterOptions(db)]);
  const exportHref = (format: string) => `/api/v1/audit/export?format=${format}${query ? `&${query}` : ""}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Audit trail</h1>
          <p className="text-sm text-muted-foreground">Every agent action and governance act, hash-chained and append-only. Newest first.</p>
        </div>
        {can(user.role, "audit:export") ? (
          <div className="flex gap-2" aria-label="Export the filtered events">
            {(["csv", "jsonl", "ocsf"] as const).map((f) => (
              <Button key={f} asChild variant="outline" size="sm">
                <a href={exportHref(f)} download>
                  Export {f.toUpperCase()}
                </a>
              </Button>
            ))}
          </div>
        ) : null}
      </div>
      {can(user.role, "audit:verify") ? <VerifyPanel /> : null}
      <AuditFilterBar values={filter as Record<string, string>} agents={options.agents} teams={options.teams} />
      <AuditEventTable events={page.events} query={query} />
      <nav aria-label="Pages" className="flex justify-between text-sm">
        {cursor ? (
          <Link className="underline" href={`/audit${query ? `?${query}` : ""}`}>
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {page.searchedTo !== undefined ? (
          <span className="text-muted-foreground" role="status">
            Text search covered events down to #{page.searchedTo}.
          </span>
        ) : null}
        {page.nextCursor ? (
          <Link className="underline" href={`/audit?${new URLSearchParams([...new URLSearchParams(query), ["cursor", String(page.nextCursor)]])}`}>
            {page.searchedTo !== undefined && page.events.length < 50 ? "Search older →" : "Older →"}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
