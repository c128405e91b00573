import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { listAgents, listShadowAgents, registryOptions } from "@/lib/registry/queries";
import { fleetState } from "@/lib/registry/lifecycle";
import { agentFilterSchema, AGENT_KINDS, KIND_LABELS } from "@/lib/registry/schemas";
import { AgentFilterBar } from "@/components/agents/filter-bar";
import { AgentsTable, Pager, hrefWith, type Params } from "@/components/agents/agents-table";
import { ShadowTable } from "@/components/agents/shadow-table";
import { ReasonDialog } from "@/components/agents/reason-dialog";
import { buttonVariants } from "@/components/ui/button";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("dashboard:view");
  const raw = await searchParams;
  const params: Params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const tab = params.tab === "shadow" ? "shadow" : "registered";
  const db = await getDb();
  const parsed = agentFilterSchema.safeParse(params);
  const filter = parsed.success ? parsed.data : agentFilterSchema.parse({});
  const [list, shadows, options, fleet] = await Promise.all([
    tab === "registered" ? listAgents(db, filter) : null,
    tab === "shadow" ? listShadowAgents(db) : null,
    registryOptions(db),
    fleetState(db),
  ]);
  const exportParams = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1] && e[0] !== "page" && e[0] !== "tab"));

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Agents</h1>
        <div className="flex flex-wrap gap-2">
          {can(user.role, "fleet:freeze") ? <ReasonDialog kind={fleet.fleetFrozen ? "unfreeze" : "freeze"} size="default" /> : null}
          {can(user.role, "agents:manage") ? (
            <Link href="/agents/new" className={buttonVariants()}>
              Register agent
            </Link>
          ) : null}
        </div>
      </div>
      {fleet.fleetFrozen ? (
        <p role="alert" className="rounded-md border border-destructive p-3 text-sm font-medium text-destructive">
          Fleet freeze is on{fleet.fleetFrozenReason ? ` (${fleet.fleetFrozenReason})` : ""}: every agent decision is denied.
        </p>
      ) : null}
      <nav aria-label="Agent lists" className="flex gap-2 border-b border-border pb-2" role="tablist">
        {(["registered", "shadow"] as const).map((t) => (
          <Link
            key={t}
            role="tab"
            aria-selected={tab === t}
            href={t === "registered" ? "/agents" : "/agents?tab=shadow"}
            className={`rounded-md px-3 py-1.5 text-sm hover:bg-muted ${tab === t ? "bg-muted font-semibold" : ""}`}
          >
            {t === "registered" ? "Registered" : "Shadow agents"}
          </Link>
        ))}
      </nav>
      {list ? (
        <>
          <div className="flex flex-wrap items-end justify-between gap-3">
            <AgentFilterBar
              teams={options.teams.map((t) => ({ value: t.slug, label: t.name }))}
              roles={options.roles}
              kinds={AGENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
            />
            <a href={`/agents/export?${exportParams.toString()}`} className={buttonVariants({ variant: "outline" })} download>
              Export CSV
            </a>
          </div>
          {!parsed.success ? (
            <p role="alert" className="text-sm text-destructive">
              Some filters in the address were invalid and were ignored.
            </p>
          ) : null}
          <AgentsTable rows={list.rows} params={params} canKill={can(user.role, "agents:kill")} />
          <Pager page={list.page} pageSize={list.pageSize} total={list.total} params={params} />
        </>
      ) : (
        <ShadowTable
          canManage={can(user.role, "agents:manage")}
          now={new Date().getTime() /* server render: once per request */}
          rows={(shadows ?? []).map((s) => ({ ...s, firstSeenAt: s.firstSeenAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() }))}
        />
      )}
      <p className="sr-only">
        <Link href={hrefWith(params, {})}>Permalink to this view</Link>
      </p>
    </div>
  );
}
