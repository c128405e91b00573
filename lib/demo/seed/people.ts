// Teams and people of the demo organisation, all signing in with DEMO_PASSWORD.
import type { Db } from "@/db/client";
import * as s from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { DAY, HOUR } from "./constants";
import { PEOPLE, TEAMS, type Role, type TeamSlug } from "./data";
import { insertMany } from "./insert";
import type { Rng } from "./prng";
import type { UserRec } from "./types";

export const DEMO_PASSWORD = "gatehouse-demo";

export interface People {
  teamIds: Map<TeamSlug, string>;
  teamRows: (typeof s.teams.$inferInsert)[];
  users: UserRec[];
  admins: UserRec[];
  securityLeads: UserRec[];
  /** approvers (twice, so they decide most requests) and security leads */
  deciders: UserRec[];
  sponsorsFor: (team: TeamSlug) => UserRec[];
}

export async function seedPeople(db: Db, r: Rng, NOW: number, log: (msg: string) => void): Promise<People> {
  const teamIds = new Map<TeamSlug, string>();
  const teamRows = TEAMS.map((t) => {
    const id = r.uuid();
    teamIds.set(t.slug, id);
    return { id, slug: t.slug, name: t.name, createdAt: new Date(NOW - 200 * DAY) };
  });
  await insertMany(db, s.teams, teamRows);

  log("Hashing the demo password…");
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: UserRec[] = PEOPLE.map((p) => ({ id: r.uuid(), email: p.email, name: p.name, role: p.role, teamSlug: p.team }));
  await insertMany(
    db,
    s.users,
    users.map((u, i) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      teamId: u.teamSlug ? teamIds.get(u.teamSlug)! : null,
      passwordHash,
      createdAt: new Date(NOW - (190 - i) * DAY),
      updatedAt: new Date(NOW - (190 - i) * DAY),
      lastLoginAt: i < 5 || r.chance(0.6) ? new Date(NOW - r.int(1, 72) * HOUR) : null,
    })),
  );
  const byRole = (role: Role) => users.filter((u) => u.role === role);
  const admins = byRole("admin");
  const securityLeads = byRole("security_lead");
  const deciders = [...byRole("approver"), ...byRole("approver"), ...securityLeads];
  const sponsorsFor = (team: TeamSlug) => {
    const own = users.filter((u) => u.teamSlug === team && u.role !== "viewer");
    return own.length ? own : users.filter((u) => u.role === "eng_manager");
  };
  return { teamIds, teamRows, users, admins, securityLeads, deciders, sponsorsFor };
}
