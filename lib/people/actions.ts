"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db";
import { authedAction } from "@/lib/auth/action";
import { personActor } from "@/lib/auth/actor";
import { upsertUser } from "@/lib/auth/people";
import { generatePassword } from "@/lib/auth/password";
import { conflict } from "@/lib/http/errors";
import { createIntegrationTokenSchema, createPersonSchema, createTeamSchema, idSchema, updatePersonSchema } from "./schemas";
import { act, createIntegrationToken, createTeam, revokeIntegrationToken, updatePerson } from "./queries";
import { audited } from "@/lib/audit/audited";
import { users } from "@/db/schema";
import { eq } from "drizzle-orm";

const actorOf = personActor;

export const createTeamAction = authedAction("settings:manage", createTeamSchema, async (input, user) => {
  const team = await createTeam(await getDb(), input, actorOf(user));
  revalidatePath("/settings/teams");
  return { id: team.id };
});

export const createPersonAction = authedAction("settings:manage", createPersonSchema, async (input, user) => {
  const db = await getDb();
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  if (existing.length) throw conflict("A person with this email already exists.");
  const password = input.password ?? generatePassword();
  const created = await audited(db, async (tx) => {
    const { user: person } = await upsertUser(tx, { ...input, password });
    return { result: person, events: [act(actorOf(user), "person.create", `person:${person.email}`, { role: person.role })] };
  });
  revalidatePath("/settings/people");
  // A generated password is shown once to the admin; a chosen one is never echoed back.
  return { id: created.id, generatedPassword: input.password ? undefined : password };
});

export const updatePersonAction = authedAction("settings:manage", updatePersonSchema, async (input, user) => {
  if (input.id === user.id && (input.disabled || input.unlinkSso || (input.role && input.role !== "admin")))
    throw conflict("You cannot disable yourself, unlink your own single sign-on or remove your own admin role.");
  await updatePerson(await getDb(), input, actorOf(user));
  revalidatePath("/settings/people");
  return null;
});

export const createIntegrationTokenAction = authedAction("settings:manage", createIntegrationTokenSchema, async (input, user) => {
  const res = await createIntegrationToken(await getDb(), input, actorOf(user));
  revalidatePath("/settings/tokens");
  return { token: res.token, prefix: res.prefix };
});

export const revokeIntegrationTokenAction = authedAction("settings:manage", idSchema, async (input, user) => {
  await revokeIntegrationToken(await getDb(), input.id, actorOf(user));
  revalidatePath("/settings/tokens");
  return null;
});
