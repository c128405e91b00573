import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listTeams } from "@/lib/people/queries";
import { CreateTeamForm } from "@/components/settings/teams";
import { Table, THead, TBody, TR, TH, TD, EmptyState } from "@/components/ui/table";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  await requirePermission("settings:manage");
  const teams = await listTeams(await getDb());
  return (
    <div className="space-y-6">
      <CreateTeamForm />
      {teams.length === 0 ? (
        <EmptyState title="No teams yet">Create the first team above; every agent belongs to one.</EmptyState>
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Slug</TH>
              <TH>Name</TH>
              <TH>Agents</TH>
              <TH>People</TH>
            </tr>
          </THead>
          <TBody>
            {teams.map((t) => (
              <TR key={t.id}>
                <TD className="font-mono">{t.slug}</TD>
                <TD>{t.name}</TD>
                <TD>{t.agents}</TD>
                <TD>{t.people}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
