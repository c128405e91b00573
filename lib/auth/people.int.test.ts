import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { users, loginAttempts, auditEvents } from "@/db/schema";
import { authenticatePassword, createUserSession, loadSessionUser, revokeUserSession, signInSsoUser, upsertUser, LOGIN_FAILURE_LIMIT } from "./people";
import { resetEnvCache } from "@/lib/env";
import { updatePerson } from "@/lib/people/queries";
import { operatorActor } from "@/lib/auth/actor";

describeEngines("people and sessions", (get) => {
  it("signs in with the right password and refuses a wrong one", async () => {
    const { db } = get();
    await upsertUser(db, { email: "Alice@Example.com", role: "approver", password: "alice-password-1" });
    const u = await authenticatePassword(db, "alice@example.com", "alice-password-1", "127.0.0.1");
    expect(u.email).toBe("alice@example.com");
    expect(u.role).toBe("approver");
    await expect(authenticatePassword(db, "alice@example.com", "nope-nope-nope", null)).rejects.toThrow("CredentialsSignin");
    await expect(authenticatePassword(db, "nobody@example.com", "whatever-123", null)).rejects.toThrow("CredentialsSignin");
    const attempts = await db.select().from(loginAttempts).where(eq(loginAttempts.email, "alice@example.com"));
    expect(attempts.map((a) => a.success).sort()).toEqual([false, true]);
  });

  it("throttles after repeated failures, even with the right password", async () => {
    const { db } = get();
    await upsertUser(db, { email: "bob@example.com", role: "viewer", password: "bob-password-12" });
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      await expect(authenticatePassword(db, "bob@example.com", "wrong-password", null)).rejects.toThrow("CredentialsSignin");
    }
    await expect(authenticatePassword(db, "bob@example.com", "bob-password-12", null)).rejects.toThrow("TooManyAttempts");
  });

  it("refuses a disabled person and ends their live sessions on their next request", async () => {
    const { db } = get();
    const { user } = await upsertUser(db, { email: "carol@example.com", role: "security_lead", password: "carol-password-1" });
    const sid = await createUserSession(db, user.id, 3600);
    expect((await loadSessionUser(db, sid))?.id).toBe(user.id);
    await updatePerson(db, { id: user.id, disabled: true }, operatorActor("test"));
    expect(await loadSessionUser(db, sid)).toBeUndefined();
    await expect(authenticatePassword(db, "carol@example.com", "carol-password-1", null)).rejects.toThrow("AccountDisabled");
    const events = await db.select().from(auditEvents).where(eq(auditEvents.type, "person.disable"));
    expect(events).toHaveLength(1);
  });

  it("applies a role change on the next request without a new sign-in", async () => {
    const { db } = get();
    const { user } = await upsertUser(db, { email: "dan@example.com", role: "admin", password: "dan-password-12" });
    const sid = await createUserSession(db, user.id, 3600);
    await updatePerson(db, { id: user.id, role: "viewer" }, operatorActor("test"));
    expect((await loadSessionUser(db, sid))?.role).toBe("viewer");
  });

  it("revokes one session at sign-out and refuses expired ones", async () => {
    const { db } = get();
    const { user } = await upsertUser(db, { email: "erin@example.com", role: "viewer", password: "erin-password-12" });
    const a = await createUserSession(db, user.id, 3600);
    const b = await createUserSession(db, user.id, 3600);
    expect(a).not.toBe(b);
    await revokeUserSession(db, a);
    expect(await loadSessionUser(db, a)).toBeUndefined();
    expect((await loadSessionUser(db, b))?.id).toBe(user.id);
    const expired = await createUserSession(db, user.id, -1);
    expect(await loadSessionUser(db, expired)).toBeUndefined();
  });

  it("updates an existing person instead of duplicating by email", async () => {
    const { db } = get();
    await upsertUser(db, { email: "frank@example.com", role: "viewer" });
    const r = await upsertUser(db, { email: "FRANK@example.com", role: "approver" });
    expect(r.created).toBe(false);
    const rows = await db.select().from(users).where(eq(users.email, "frank@example.com"));
    expect(rows).toHaveLength(1);
    expect(rows[0].role).toBe("approver");
  });

  describe("single sign-on", () => {
    const saved = { role: process.env.OIDC_DEFAULT_ROLE, unverified: process.env.OIDC_ALLOW_UNVERIFIED_EMAIL };
    const setEnv = (name: string, value: string | undefined) => {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
      resetEnvCache();
    };
    beforeEach(() => {
      setEnv("OIDC_DEFAULT_ROLE", "approver");
      setEnv("OIDC_ALLOW_UNVERIFIED_EMAIL", undefined);
    });
    afterAll(() => {
      setEnv("OIDC_DEFAULT_ROLE", saved.role);
      setEnv("OIDC_ALLOW_UNVERIFIED_EMAIL", saved.unverified);
    });

    it("creates a new person once, with OIDC_DEFAULT_ROLE, and records it", async () => {
      const { db } = get();
      const first = await signInSsoUser(db, { sub: "idp|grace", email: "Grace@Example.com", email_verified: true, name: "Grace" });
      expect(first).toMatchObject({ ok: true, created: true, user: { email: "grace@example.com", role: "approver", name: "Grace" } });
      const again = await signInSsoUser(db, { sub: "idp|grace", email: "grace@example.com", email_verified: "true", name: "Grace H." });
      expect(again).toMatchObject({ ok: true, created: false });
      expect(await db.select().from(users).where(eq(users.email, "grace@example.com"))).toHaveLength(1);
      const created = await db.select().from(auditEvents).where(eq(auditEvents.resource, "person:grace@example.com"));
      expect(created.map((e) => e.type)).toEqual(["person.create"]);
    });

    it("creates one person when two first sign-ins race", async () => {
      const { db } = get();
      const claims = { sub: "idp|heidi", email: "heidi@example.com", email_verified: true };
      const [a, b] = await Promise.all([signInSsoUser(db, claims), signInSsoUser(db, claims)]);
      expect(a.ok && b.ok && a.user.id === b.user.id).toBe(true);
      expect(await db.select().from(users).where(eq(users.email, "heidi@example.com"))).toHaveLength(1);
    });

    it("signs in as the existing local person with a verified email, keeping their role", async () => {
      const { db } = get();
      const { user } = await upsertUser(db, { email: "ivan@example.com", role: "admin", password: "ivan-password-12" });
      const r = await signInSsoUser(db, { sub: "idp|ivan", email: "IVAN@example.com", email_verified: true });
      expect(r).toMatchObject({ ok: true, created: false, user: { id: user.id, role: "admin" } });
    });

    it("refuses an unverified or missing email unless the operator allows unverified ones", async () => {
      const { db } = get();
      await upsertUser(db, { email: "judy@example.com", role: "admin", password: "judy-password-12" });
      expect(await signInSsoUser(db, { sub: "idp|judy", email: "judy@example.com", email_verified: false })).toEqual({ ok: false, error: "EmailNotVerified" });
      expect(await signInSsoUser(db, { sub: "idp|judy", email: "judy@example.com" })).toEqual({ ok: false, error: "EmailNotVerified" });
      expect(await signInSsoUser(db, { sub: "idp|judy", email_verified: true })).toEqual({ ok: false, error: "NoEmail" });
      expect(await signInSsoUser(db, { email: "judy@example.com", email_verified: true })).toEqual({ ok: false, error: "NoSubject" });
      expect(await signInSsoUser(db, { sub: "idp|new", email: "new-unverified@example.com", email_verified: "false" })).toEqual({
        ok: false,
        error: "EmailNotVerified",
      });
      expect(await db.select().from(users).where(eq(users.email, "new-unverified@example.com"))).toHaveLength(0);
      setEnv("OIDC_ALLOW_UNVERIFIED_EMAIL", "1");
      // an explicit "not verified" is refused even then
      expect(await signInSsoUser(db, { sub: "idp|judy", email: "judy@example.com", email_verified: false })).toEqual({ ok: false, error: "EmailNotVerified" });
      expect(await signInSsoUser(db, { sub: "idp|judy", email: "judy@example.com" })).toMatchObject({ ok: true, user: { role: "admin" } });
    });

    it("binds a person to their provider identity: a renamed email is the same person, another identity with the email is refused", async () => {
      const { db } = get();
      const { user: olga } = await upsertUser(db, { email: "olga@example.com", role: "security_lead", password: "olga-password-12" });
      const first = await signInSsoUser(db, { iss: "https://idp.example", sub: "idp|olga", email: "olga@example.com", email_verified: true });
      expect(first).toMatchObject({ ok: true, created: false, user: { id: olga.id, ssoIssuer: "https://idp.example", ssoSubject: "idp|olga" } });
      const linked = await db.select().from(auditEvents).where(eq(auditEvents.resource, "person:olga@example.com"));
      expect(linked.map((e) => e.type)).toEqual(["person.sso_link"]);

      // the provider renames her mailbox (and has not re-verified it yet): still Olga, still security
      const renamed = await signInSsoUser(db, { iss: "https://idp.example", sub: "idp|olga", email: "olga.b@example.com", email_verified: false });
      expect(renamed).toMatchObject({ ok: true, created: false, user: { id: olga.id, role: "security_lead", email: "olga@example.com" } });
      expect(await db.select().from(users).where(eq(users.email, "olga.b@example.com"))).toHaveLength(0);

      // the provider hands olga@example.com to a new account (another subject): not Olga
      const other = { iss: "https://idp.example", sub: "idp|olga-2", email: "olga@example.com", email_verified: true };
      expect(await signInSsoUser(db, other)).toEqual({ ok: false, error: "SubjectMismatch" });
      // the same subject at another issuer is another identity too
      expect(await signInSsoUser(db, { ...other, iss: "https://other-idp.example", sub: "idp|olga" })).toEqual({ ok: false, error: "SubjectMismatch" });

      // an admin unlinks her (her sessions end); the next verified sign-in binds the new account
      const sid = await createUserSession(db, olga.id, 3600);
      await updatePerson(db, { id: olga.id, unlinkSso: true }, operatorActor("admin@example.com"));
      expect(await loadSessionUser(db, sid)).toBeUndefined();
      expect(await signInSsoUser(db, other)).toMatchObject({ ok: true, user: { id: olga.id, ssoSubject: "idp|olga-2" } });
      // and the old account no longer is Olga
      expect(await signInSsoUser(db, { iss: "https://idp.example", sub: "idp|olga", email: "olga.b@example.com", email_verified: true })).toMatchObject({
        ok: true,
        created: true,
      });
      const events = await db.select().from(auditEvents).where(eq(auditEvents.resource, "person:olga@example.com"));
      expect(events.map((e) => e.type)).toEqual(["person.sso_link", "person.sso_unlink", "person.sso_link"]);
      // unlinking someone who is not linked is refused
      const { user: pat } = await upsertUser(db, { email: "pat@example.com", role: "viewer" });
      await expect(updatePerson(db, { id: pat.id, unlinkSso: true }, operatorActor("admin@example.com"))).rejects.toThrow(/not linked/);
    });

    it("two first sign-ins of different identities with one new email: one person, bound to one of them", async () => {
      const { db } = get();
      const a = { iss: "https://idp.example", sub: "idp|quinn-a", email: "quinn@example.com", email_verified: true };
      const b = { ...a, sub: "idp|quinn-b" };
      const [ra, rb] = await Promise.all([signInSsoUser(db, a), signInSsoUser(db, b)]);
      const oks = [ra, rb].filter((r) => r.ok);
      expect(oks).toHaveLength(1);
      expect([ra, rb].filter((r) => !r.ok)).toEqual([{ ok: false, error: "SubjectMismatch" }]);
      expect(await db.select().from(users).where(eq(users.email, "quinn@example.com"))).toHaveLength(1);
    });

    it("refuses a disabled person", async () => {
      const { db } = get();
      const { user } = await upsertUser(db, { email: "ken@example.com", role: "viewer" });
      await updatePerson(db, { id: user.id, disabled: true }, operatorActor("test"));
      expect(await signInSsoUser(db, { sub: "idp|ken", email: "ken@example.com", email_verified: true })).toEqual({ ok: false, error: "AccountDisabled" });
    });
  });
});
