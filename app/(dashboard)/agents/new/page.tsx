import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { registryOptions } from "@/lib/registry/queries";
import { AgentForm } from "@/components/agents/agent-form";
import { kindOptions, teamsFor } from "@/components/agents/form-options";

export const metadata: Metadata = { title: "Register agent" };

export default async function NewAgentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("agents:manage");
  const sp = await searchParams;
  const one = (k: string) => (Array.isArray(sp[k]) ? sp[k][0] : sp[k]) ?? "";
  const opts = await registryOptions(await getDb());
  const teams = teamsFor(user, opts.teams);
  return (
    <div className="max-w-5xl space-y-4">
      <h1 className="text-2xl font-semibold">Register agent</h1>
      {one("shadow") ? <p className="text-sm text-muted-foreground">Prefilled from a shadow agent sighting. Pick its owning team, sponsor and scope.</p> : null}
      <AgentForm
        teams={teams}
        people={opts.people}
        roles={opts.roles}
        kinds={kindOptions}
        initial={{
          shadowId: one("shadow") || undefined,
          slug: one("slug"),
          name: one("name"),
          kind: one("kind") || "claude_code",
          role: "",
          description: "",
          team: teams.length === 1 ? teams[0].id : "",
          sponsor: "",
          model: "",
          toolchainVersion: "",
          reviewPeriodDays: "",
          scope: [],
        }}
      />
    </div>
  );
}
