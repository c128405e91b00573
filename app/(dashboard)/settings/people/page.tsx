import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listPeople, listTeams } from "@/lib/people/queries";
import { PeopleTable, CreatePersonForm } from "@/components/settings/people";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const me = await requirePermission("settings:manage");
  const db = await getDb();
  const [people, teams] = await Promise.all([listPeople(db), listTeams(db)]);
  return (
    <div className="space-y-6">
      <CreatePersonForm teams={teams.map((t) => ({ id: t.id, name: t.name }))} />
      <PeopleTable meId={me.id} people={people.map((p) => ({ ...p, lastLoginAt: p.lastLoginAt?.toISOString() ?? null }))} />
    </div>
  );
}
