import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { changeFilterOptions, listChanges } from "@/lib/changes/queries";
import { changeFilterSchema, type ChangeFilter } from "@/lib/changes/schemas";
import { ChangeFilterBar } from "@/components/changes/filter-bar";
import { ChangesTable } from "@/components/changes/changes-table";
import { TableSkeleton } from "@/components/ui/skeleton";
import { buttonVariants } from "@/components/ui/button";

export const metadata: Metadata = { title: "Changes" };

type Search = Promise<Record<string, string | string[] | undefined>>;

async function Results({ filter }: { filter: ChangeFilter }) {
  const { rows, nextCursor } = await listChanges(await getDb(), filter);
  const next = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  if (nextCursor) next.set("cursor", nextCursor);
  const first = new URLSearchParams(next);
  first.delete("cursor");
  return (
    <div className="space-y-3">
      <ChangesTable rows={rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))} />
      <nav aria-label="Pages" className="flex gap-2">
        {filter.cursor ? (
          <Link className={buttonVariants({ variant: "outline", size: "sm" })} href={`/changes?${first.toString()}`}>
            Newest
          </Link>
        ) : null}
        {nextCursor ? (
          <Link className={buttonVariants({ variant: "outline", size: "sm" })} href={`/changes?${next.toString()}`}>
            Older
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

export default async function ChangesPage({ searchParams }: { searchParams: Search }) {
  await requirePermission("dashboard:view");
  const raw = Object.fromEntries(
    Object.entries(await searchParams)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v),
  );
  const parsed = changeFilterSchema.safeParse(raw);
  const filter: ChangeFilter = parsed.success ? parsed.data : {};
  const options = await changeFilterOptions(await getDb());
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Changes</h1>
        <p className="text-sm text-muted-foreground">Agent- and human-authored pull requests and pushes, with their gates and attribution.</p>
      </div>
      <ChangeFilterBar repositories={options.repositories} agents={options.agents} teams={options.teams.map((t) => ({ value: t.slug, label: t.name }))} />
      {!parsed.success ? (
        <p role="alert" className="text-sm text-destructive">
          Some filters were invalid and were ignored.
        </p>
      ) : null}
      <Suspense key={JSON.stringify(filter)} fallback={<TableSkeleton />}>
        <Results filter={filter} />
      </Suspense>
    </div>
  );
}
