import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { alertWebhooks, auditEvents, integrationTokens, teams, userSessions, users } from "@/db/schema";
import { createUserSession } from "@/lib/auth/people";
import { describeEngines } from "@/lib/testing/db";
import { createWebhook, deleteWebhook, setWebhookEnabled } from "@/lib/violations/webhooks";
import { createIntegrationToken, createTeam, revokeIntegrationToken, updatePerson } from "./queries";
import { operatorActor, personActor } from "@/lib/auth/actor";

// Issue 18: a governance change and its audit event commit together or not at all. Here the
// audit write is made to fail (a CHECK constraint refusing these event types, added for the
// test) and each writer must then leave nothing changed; with the constraint gone, each writes
// its change and its event.
const TYPES = [
  "team.create",
  "person.role_change",
  "person.disable",
  "person.sso_unlink",
  "integration_token.create",
  "integration_token.revoke",
  "alert_webhook.create",
  "alert_webhook.disable",
  "alert_webhook.delete",
];
const admin = operatorActor("admin@acme.test");

describeEngines("governance writes are atomic with their audit event", (get) => {
  let personId = "";
  let tokenId = "";
  let hookId = "";

  beforeAll(async () => {
    const db = get().db;
    const [p] = await db
      .insert(users)
      .values({ email: "atomic@acme.test", name: "Atomic", role: "viewer", ssoIssuer: "https://idp.test", ssoSubject: "sub-1" })
      .returning();
    personId = p.id;
    await createUserSession(db, p.id, 3600);
    tokenId = (await createIntegrationToken(db, { name: "ci", scopes: ["events:write"] }, admin)).id;
    hookId = (
      await createWebhook(
        db,
        { name: "atomic-hook", url: "https://hooks.test/x", minSeverity: "high" },
        personActor({ id: "00000000-0000-0000-0000-000000000000", email: "admin@acme.test" }),
      )
    ).id;
    // NOT VALID: rows already written are not re-checked; every new one is
    await db.execute(
      sql.raw(`ALTER TABLE audit_events ADD CONSTRAINT test_refuse_governance CHECK (type NOT IN (${TYPES.map((t) => `'${t}'`).join(", ")})) NOT VALID`),
    );
  });
  afterAll(async () => {
    await get().db.execute(sql`ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS test_refuse_governance`);
  });

  it("when the audit write fails, no change is left behind", async () => {
    const db = get().db;
    const person = async () => (await db.select().from(users).where(eq(users.id, personId)))[0];
    const events = async () => Number(((await db.execute(sql`SELECT count(*)::int AS n FROM audit_events`)) as unknown as { rows: { n: number }[] }).rows[0].n);
    const before = await events();

    await expect(createTeam(db, { slug: "atomic-team", name: "Atomic" }, admin)).rejects.toThrow();
    expect(await db.select().from(teams).where(eq(teams.slug, "atomic-team"))).toEqual([]);

    await expect(updatePerson(db, { id: personId, role: "admin" }, admin)).rejects.toThrow();
    expect((await person()).role).toBe("viewer");

    await expect(updatePerson(db, { id: personId, disabled: true }, admin)).rejects.toThrow();
    expect((await person()).disabled).toBe(false);
    const live = await db.select().from(userSessions).where(eq(userSessions.userId, personId));
    expect(live.every((s) => s.revokedAt === null)).toBe(true); // the sessions were not ended either

    await expect(updatePerson(db, { id: personId, unlinkSso: true }, admin)).rejects.toThrow();
    expect((await person()).ssoSubject).toBe("sub-1");

    const tokensBefore = (await db.select().from(integrationTokens)).length;
    await expect(createIntegrationToken(db, { name: "unaudited", scopes: ["events:write"] }, admin)).rejects.toThrow();
    expect((await db.select().from(integrationTokens)).length).toBe(tokensBefore);

    await expect(revokeIntegrationToken(db, tokenId, admin)).rejects.toThrow();
    expect((await db.select().from(integrationTokens).where(eq(integrationTokens.id, tokenId)))[0].revokedAt).toBeNull();

    const actor = personActor({ id: "00000000-0000-0000-0000-000000000000", email: "admin@acme.test" });
    await expect(createWebhook(db, { name: "unaudited-hook", url: "https://hooks.test/y", minSeverity: "high" }, actor)).rejects.toThrow();
    expect(await db.select().from(alertWebhooks).where(eq(alertWebhooks.name, "unaudited-hook"))).toEqual([]);

    await expect(setWebhookEnabled(db, hookId, false, actor)).rejects.toThrow();
    expect((await db.select().from(alertWebhooks).where(eq(alertWebhooks.id, hookId)))[0].enabled).toBe(true);

    await expect(deleteWebhook(db, hookId, actor)).rejects.toThrow();
    expect((await db.select().from(alertWebhooks).where(eq(alertWebhooks.id, hookId))).length).toBe(1);

    expect(await events()).toBe(before);
  });

  it("with the audit trail writable, each change and its event are both there", async () => {
    const db = get().db;
    await db.execute(sql`ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS test_refuse_governance`);
    await createTeam(db, { slug: "atomic-team", name: "Atomic" }, admin);
    await updatePerson(db, { id: personId, disabled: true }, admin);
    await revokeIntegrationToken(db, tokenId, admin);
    await deleteWebhook(db, hookId, personActor({ id: "00000000-0000-0000-0000-000000000000", email: "admin@acme.test" }));
    const types = (await db.select({ type: auditEvents.type, resource: auditEvents.resource }).from(auditEvents)).map((e) => `${e.type} ${e.resource}`);
    expect(types).toEqual(
      expect.arrayContaining(["team.create team:atomic-team", "person.disable person:atomic@acme.test", "alert_webhook.delete alert_webhook:atomic-hook"]),
    );
    expect(types.filter((t) => t.startsWith("integration_token.revoke"))).toHaveLength(1);
  });
});
