import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginAttempts, userSessions, users, type User } from "@/db/schema";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword, verifyPassword } from "./password";
import { SIGNIN_LIMITS, signInWait } from "./signin-throttle";
import { isUniqueViolation } from "@/lib/util/pg-errors";
import type { Role } from "./permissions";

/** Failed attempts at one account from one address before the growing delays start (signin-throttle.ts). */
export const LOGIN_FAILURE_LIMIT = SIGNIN_LIMITS.accountAtAddress.free;

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

// A fixed hash so that unknown emails take as long as known ones (no account enumeration by timing).
let dummyHash: Promise<string> | undefined;

/**
 * Checks email + password with throttling (per address and per account, growing delays:
 * signin-throttle.ts); `ip` is the resolved client address. Throws Error(code) for the sign-in
 * page to explain.
 */
export async function authenticatePassword(db: Db, rawEmail: string, password: string, ip: string | null): Promise<User> {
  const email = normalizeEmail(rawEmail);
  if (!email || !password) throw new Error("CredentialsSignin");
  if ((await signInWait(db, email, ip)) > 0) throw new Error("TooManyAttempts");
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  dummyHash ??= hashPassword("not-a-password");
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  await db.insert(loginAttempts).values({ email, ip, success: ok && !!user && !user.disabled });
  if (!user || !ok) throw new Error("CredentialsSignin");
  if (user.disabled) throw new Error("AccountDisabled");
  return user;
}

export async function createUserSession(db: Db, userId: string, maxAgeSeconds: number): Promise<string> {
  const [row] = await db
    .insert(userSessions)
    .values({ userId, expiresAt: new Date(Date.now() + maxAgeSeconds * 1000) })
    .returning({ id: userSessions.id });
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, userId));
  return row.id;
}

export async function revokeUserSession(db: Db, sid: string) {
  await db.update(userSessions).set({ revokedAt: new Date() }).where(eq(userSessions.id, sid));
}

export async function revokeAllSessions(db: Db, userId: string) {
  await db
    .update(userSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
}

/** The live session and its person, or undefined when revoked, expired or disabled. */
export async function loadSessionUser(db: Db, sid: string): Promise<User | undefined> {
  const rows = await db
    .select({ user: users, session: userSessions })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(eq(userSessions.id, sid))
    .limit(1);
  const row = rows[0];
  if (!row) return undefined;
  if (row.session.revokedAt || row.session.expiresAt <= new Date() || row.user.disabled) return undefined;
  if (Date.now() - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(userSessions).set({ lastSeenAt: new Date() }).where(eq(userSessions.id, sid));
  }
  return row.user;
}

export type SsoRefusal = "NoSubject" | "NoEmail" | "EmailNotVerified" | "AccountDisabled" | "SubjectMismatch";

/** The OIDC claims Gatehouse uses (from the verified ID token merged with the UserInfo answer). */
export interface SsoClaims {
  sub?: unknown;
  iss?: unknown;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

const nonEmpty = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);

/**
 * Signs a person in from their identity provider's claims. A person is bound to one SSO
 * identity — the provider's issuer and subject (`sub`), which the provider never reassigns —
 * at their first SSO sign-in:
 *
 * - a bound identity signs in as its person, whatever email the provider now reports (an
 *   email renamed at the provider is still the same person);
 * - an unbound one is matched by email, which must be one the provider vouches for:
 *   `email_verified` true (some providers send the string "true"), unless the operator opted in
 *   with OIDC_ALLOW_UNVERIFIED_EMAIL for a provider that never sends the claim. An existing
 *   person with that email — local password or not — is that person (same role, same disabled
 *   state) and is bound to the identity; a new one is created with OIDC_DEFAULT_ROLE. Both are
 *   recorded in the audit log;
 * - an email whose person is already bound to a *different* identity is refused: the provider
 *   has given the address to someone else (a reused mailbox, a recreated account). An admin can
 *   unlink the person in Settings → People to let the new identity bind.
 */
export async function signInSsoUser(
  db: Db,
  claims: SsoClaims,
  retry = true,
): Promise<{ ok: true; user: User; created: boolean } | { ok: false; error: SsoRefusal }> {
  const subject = nonEmpty(claims.sub);
  if (!subject) return { ok: false, error: "NoSubject" };
  const issuer = nonEmpty(claims.iss) ?? env().OIDC_ISSUER ?? "oidc";
  const bound = await db
    .select()
    .from(users)
    .where(and(eq(users.ssoIssuer, issuer), eq(users.ssoSubject, subject)))
    .limit(1);
  if (bound[0]) return bound[0].disabled ? { ok: false, error: "AccountDisabled" } : { ok: true, user: bound[0], created: false };

  const email = typeof claims.email === "string" ? normalizeEmail(claims.email) : "";
  if (!email) return { ok: false, error: "NoEmail" };
  const verified = claims.email_verified === true || claims.email_verified === "true";
  const explicitlyUnverified = claims.email_verified === false || claims.email_verified === "false";
  if (explicitlyUnverified || (!verified && !env().OIDC_ALLOW_UNVERIFIED_EMAIL)) return { ok: false, error: "EmailNotVerified" };
  const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim() : email;
  const identity = { ssoIssuer: issuer, ssoSubject: subject };
  const isThisIdentity = (u: User) => u.ssoIssuer === issuer && u.ssoSubject === subject;
  const ssoAct = (type: string, payload: Record<string, unknown>) =>
    recordAudit(db, { actorKind: "system", actorLabel: "sso", type, resource: `person:${email}`, payload });

  let [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  let created = false;
  if (!user) {
    // Two first sign-ins at once: the unique indexes let one insert win, the other reads it.
    [user] = await db
      .insert(users)
      .values({ email, name, role: env().OIDC_DEFAULT_ROLE, ...identity })
      .onConflictDoNothing()
      .returning();
    if (user) {
      created = true;
      await ssoAct("person.create", { role: user.role, via: "sso", issuer });
    } else [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
    // The insert lost a race on the identity, not the email: it is bound now, to the other row.
    if (!user) return retry ? signInSsoUser(db, claims, false) : { ok: false, error: "SubjectMismatch" };
  }
  if (!created && !isThisIdentity(user)) {
    if (user.ssoSubject !== null) return { ok: false, error: "SubjectMismatch" };
    // Bind only if still unbound (a concurrent sign-in may have bound it a moment ago).
    const [linked] = await db
      .update(users)
      .set({ ...identity, updatedAt: new Date() })
      .where(and(eq(users.id, user.id), isNull(users.ssoSubject)))
      .returning()
      .catch((e: unknown) => {
        if (isUniqueViolation(e, "users_sso_identity_idx")) return [] as User[]; // bound to another person meanwhile
        throw e;
      });
    if (!linked) {
      const [now] = await db.select().from(users).where(eq(users.id, user.id)).limit(1);
      if (!now || !isThisIdentity(now)) return { ok: false, error: "SubjectMismatch" };
      user = now;
    } else {
      user = linked;
      await ssoAct("person.sso_link", { issuer, via: "verified email" });
    }
  }
  if (user.disabled) return { ok: false, error: "AccountDisabled" };
  return { ok: true, user, created };
}

/** Creates or updates a person (CLI and settings). Returns whether it was created. */
export async function upsertUser(
  db: Db,
  input: { email: string; name?: string; role: Role; password?: string; teamId?: string | null },
): Promise<{ user: User; created: boolean }> {
  const email = normalizeEmail(input.email);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const [existing] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (existing) {
    const [user] = await db
      .update(users)
      .set({
        role: input.role,
        ...(input.name ? { name: input.name } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, existing.id))
      .returning();
    return { user, created: false };
  }
  const [user] = await db
    .insert(users)
    .values({ email, name: input.name ?? email.split("@")[0], role: input.role, passwordHash, teamId: input.teamId ?? null })
    .returning();
  return { user, created: true };
}

export async function countUsers(db: Db) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return n;
}
