import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { requirePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { actionsUnder, listHistory, listPendingFor } from "@/lib/approvals/queries";
import { parseHistoryFilter } from "@/lib/approvals/schemas";
import { toItem } from "@/lib/approvals/view";
import { ApprovalQueue } from "@/components/approvals/queue";
import { HistoryFilters } from "@/components/approvals/history-filters";
import { HistoryTable } from "@/components/approvals/history-table";
import { cn } from "@/lib/ui/cn";

export const metadata: Metadata = { title: "Approvals" };

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function ApprovalsPage({ searchParams }: { searchParams: SP }) {
  const user = await requirePermission("dashboard:view");
  const sp = await searchParams;
  const tab = sp.tab === "history" ? "history" : "queue";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">Approvals</h1>
          <p className="text-sm text-muted-foreground">Gated agent actions wait here for a human. Expired requests are denials.</p>
        </div>
      </div>
      <nav aria-label="Approvals" className="flex gap-2 border-b border-border pb-2">
        {(["queue", "history"] as const).map((t) => (
          <Link
            key={t}
            href={t === "queue" ? "/approvals" : "/approvals?tab=history"}
            aria-current={tab === t ? "page" : undefined}
            className={cn("rounded-md px-3 py-1.5 text-sm hover:bg-muted", tab === t && "bg-muted font-medium")}
          >
            {t === "queue" ? "Queue" : "History"}
          </Link>
        ))}
      </nav>
      {tab === "queue" ? <Queue user={user} all={sp.scope === "all"} /> : <History sp={sp} />}
    </div>
  );
}

/** What this person may decide (a rule's named approvers bind admins too), or all with ?scope=all. */
async function Queue({ user, all }: { user: { id: string; email: string; role: Parameters<typeof can>[0] }; all: boolean }) {
  const { items, hidden } = await listPendingFor(await getDb(), user, { all });
  return (
    <ApprovalQueue
      key={all ? "all" : "mine"}
      initial={items}
      initialHidden={hidden}
      all={all}
      at={new Date().getTime() /* server render: once per request */}
      canDecide={can(user.role, "approvals:decide")}
      canKill={can(user.role, "agents:kill")}
      me={user.email}
    />
  );
}

async function History({ sp }: { sp: Record<string, string | string[] | undefined> }) {
  const filter = parseHistoryFilter(sp);
  const db = await getDb();
  const rows = (await listHistory(db, { ...filter, limit: 50 })).map(toItem);
  const counts = await actionsUnder(
    db,
    rows.map((r) => r.id),
  );
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && k !== "before") qs.set(k, v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  const next = rows.length === 50 ? rows[rows.length - 1].seq : undefined;
  const nextQs = new URLSearchParams(qs);
  nextQs.set("tab", "history");
  if (next) nextQs.set("before", String(next));
  return (
    <div className="space-y-3">
      <HistoryFilters exportHref={`/approvals/export?${qs.toString()}`} />
      <HistoryTable rows={rows.map((r) => ({ ...r, actionsUnder: counts.get(r.id) ?? 0 }))} />
      <div className="flex gap-3 text-sm">
        {filter.before ? (
          <Link className="underline" href={`/approvals?${new URLSearchParams({ ...Object.fromEntries(qs), tab: "history" })}`}>
            Newest
          </Link>
        ) : null}
        {next ? (
          <Link className="underline" href={`/approvals?${nextQs}`}>
            Older
          </Link>
        ) : null}
      </div>
    </div>
  );
}
