import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect, forbidden as nextForbidden } from "next/navigation";
import { getDb } from "@/lib/db";
import type { User } from "@/db/schema";
import { authOptions } from "./options";
import { loadSessionUser } from "./people";
import { can, type Permission, type Role } from "./permissions";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  sessionId: string;
}

function toCurrent(u: User, sid: string): CurrentUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role, teamId: u.teamId, sessionId: sid };
}

/** The signed-in person, re-checked against the database on every request (revocable). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | undefined> => {
  const session = (await getServerSession(authOptions())) as { sid?: string } | null;
  if (!session?.sid) return undefined;
  const user = await loadSessionUser(await getDb(), session.sid);
  return user ? toCurrent(user, session.sid) : undefined;
});

/**
 * The one authorization helper for pages and server actions: no session → sign-in page;
 * a session without the permission → 403 page.
 */
export async function requirePermission(permission: Permission = "dashboard:view"): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/signin");
  if (!can(user.role, permission)) nextForbidden();
  return user;
}

/** Variant for server actions and route handlers that must answer instead of redirecting. */
export async function checkPermission(permission: Permission): Promise<{ ok: true; user: CurrentUser } | { ok: false; status: 401 | 403 }> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, status: 401 };
  if (!can(user.role, permission)) return { ok: false, status: 403 };
  return { ok: true, user };
}
