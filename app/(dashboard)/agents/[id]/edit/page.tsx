import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getAgent, registryOptions } from "@/lib/registry/queries";
import { AgentForm } from "@/components/agents/agent-form";
import { kindOptions, scopeRows, teamsFor } from "@/components/agents/form-options";

export const metadata: Metadata = { title: "Edit agent" };

export default async function EditAgentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("agents:manage");
  const { id } = await params;
  const db = await getDb();
  const [data, opts] = await Promise.all([getAgent(db, decodeURIComponent(id)), registryOptions(db)]);
  if (!data) notFound();
  if (user.role === "eng_manager" && data.agent.teamId !== user.teamId) forbidden();
  const a = data.agent;
  return (
    <div className="max-w-5xl space-y-4">
      <h1 className="text-2xl font-semibold">Edit {a.name}</h1>
      {a.status === "retired" ? (
        <p role="alert" className="text-sm text-destructive">
          This agent is retired; it cannot be changed.
        </p>
      ) : null}
      <AgentForm
        teams={teamsFor(user, opts.teams)}
        people={opts.people}
        roles={opts.roles}
        kinds={kindOptions}
        initial={{
          id: a.id,
          slug: a.slug,
          name: a.name,
          kind: a.kind,
          role: a.role,
          description: a.description ?? "",
          team: a.teamId,
          sponsor: a.sponsorId,
          model: a.model,
          toolchainVersion: a.toolchainVersion,
          reviewPeriodDays: a.reviewPeriodDays ? String(a.reviewPeriodDays) : "",
          scope: scopeRows(data.scopes),
        }}
      />
    </div>
  );
}
