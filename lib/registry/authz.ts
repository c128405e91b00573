import { forbidden } from "@/lib/http/errors";
import type { Role } from "@/lib/auth/permissions";

/**
 * Team scoping of registry acts (PURE): admins (and the other roles their permission allows)
 * act on every agent; an engineering manager only on agents of their own team, and only into
 * their own team. The role → permission check itself is authedAction's.
 */
export function canActOnTeam(user: { role: Role; teamId: string | null }, teamId: string): boolean {
  return user.role !== "eng_manager" || (user.teamId !== null && user.teamId === teamId);
}

export function assertTeam(user: { role: Role; teamId: string | null }, teamId: string) {
  if (!canActOnTeam(user, teamId)) throw forbidden("Engineering managers manage only their own team's agents.");
}
