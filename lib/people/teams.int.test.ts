import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { users } from "@/db/schema";
import { seedAgent } from "@/lib/audit/test-fixtures";
import { describeEngines } from "@/lib/testing/db";
import { listTeams } from "./queries";

describeEngines("listTeams counts each team's agents and people", (get) => {
  it("counts the rows that belong to the team, not 0", async () => {
    const { db } = get();
    const a = await seedAgent(db, "teams-count-a");
    await seedAgent(db, "teams-count-b");
    const [extra] = await db.insert(users).values({ email: "member@acme.test", name: "Member", role: "viewer", teamId: a.team.id }).returning();
    await db.update(users).set({ teamId: a.team.id }).where(eq(users.email, "teams-count-a@acme.test"));
    const byslug = new Map((await listTeams(db)).map((t) => [t.slug, t]));
    expect(byslug.get("team-teams-count-a")).toMatchObject({ agents: 1, people: 2 });
    expect(byslug.get("team-teams-count-b")).toMatchObject({ agents: 1, people: 0 });
    expect(extra.teamId).toBe(a.team.id);
  });
});
