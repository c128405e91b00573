import { expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { users, loginAttempts, auditEvents } from "@/db/schema";
import {
  authenticatePassword,
  createUserSession,
  loadSessionUser,
  revokeUserSession,
  upsertUser,
  LOGIN_FAILURE_LIMIT,
} from "./people";
import { updatePerson } from "@/lib/people/queries";

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
    await updatePerson(db, { id: user.id, disabled: true }, { id: null, label: "test" });
    expect(await loadSessionUser(db, sid)).toBeUndefined();
    await expect(authenticatePassword(db, "carol@example.com", "carol-password-1", null)).rejects.toThrow("AccountDisabled");
    const events = await db.select().from(auditEvents).where(eq(auditEvents.type, "person.disable"));
    expect(events).toHaveLength(1);
  });

  it("applies a role change on the next request without a new sign-in", async () => {
    const { db } = get();
    const { user } = await upsertUser(db, { email: "dan@example.com", role: "admin", password: "dan-password-12" });
    const sid = await createUserSession(db, user.id, 3600);
    await updatePerson(db, { id: user.id, role: "viewer" }, { id: null, label: "test" });
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
});
