import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { agents, auditEvents, settings, users } from "@/db/schema";
import { setProcessDb } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify";
import { createUserSession } from "@/lib/auth/people";
import { loadChangesConfig } from "@/lib/changes/config";
import { compileSecurityGlobs, DEFAULT_SECURITY_GLOBS } from "@/lib/changes/security-paths";
import { decisionFixture } from "@/lib/decisions/testing";
import { loadThresholds } from "@/lib/detection/context";
import { resetControlCache } from "@/lib/registry/control";
import { listAgents } from "@/lib/registry/queries";
import { defaultTokenTtl } from "@/lib/registry/tokens";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { readSettings, updateSettings } from "./queries";
import { SETTING_NAMES } from "./schemas";

// Only next-auth's session lookup is replaced (it needs Next's request context): it hands out
// the id of a REAL user_sessions row, which lib/auth/session.ts checks in the database.
const session = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (session.sid ? { sid: session.sid } : null),
  default: () => undefined,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined, updateTag: () => undefined }));

describeEngines("instance settings (Settings → General)", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  const sids: Record<"admin" | "security_lead" | "viewer", string> = { admin: "", security_lead: "", viewer: "" };
  const settingRows = () =>
    get()
      .db.select()
      .from(settings)
      .where(sql`${settings.key} not in ('detection.cursor', 'auth_secret')`)
      .orderBy(settings.key);
  const updates = () => get().db.select().from(auditEvents).where(eq(auditEvents.type, "settings.update")).orderBy(auditEvents.seq);
  const action = async (role: keyof typeof sids | null, input: unknown) => {
    const { updateSettingsAction } = await import("./actions");
    session.sid = role ? sids[role] : null;
    try {
      return await updateSettingsAction(input);
    } finally {
      session.sid = null;
    }
  };

  beforeAll(async () => {
    resetControlCache();
    api = await startTestApi(get());
    setProcessDb(get());
    fx = await decisionFixture(get().db, "set");
    for (const role of Object.keys(sids) as (keyof typeof sids)[]) {
      const [u] = await get()
        .db.insert(users)
        .values({ email: `settings-${role}@acme.test`, name: role, role })
        .returning();
      sids[role] = await createUserSession(get().db, u.id, 3600);
    }
  });
  afterAll(() => api?.close());

  it("reads every setting as its default while nothing is stored", async () => {
    const s = await readSettings(get().db);
    expect(Object.keys(s).sort()).toEqual([...SETTING_NAMES].sort());
    for (const n of SETTING_NAMES) expect(s[n].isDefault, n).toBe(true);
    expect(s.reviewPeriodDays.value).toBe(90);
    expect(s.securityPaths.value).toEqual(DEFAULT_SECURITY_GLOBS);
    expect(s.requiredGates.value).toEqual(["lint", "unit", "sast"]);
  });

  it("a non-admin cannot write: 401 without a session, 403 for other roles, nothing stored or audited", async () => {
    const input = { reviewPeriodDays: 7 };
    expect(await action(null, input)).toMatchObject({ ok: false, status: 401 });
    expect(await action("viewer", input)).toMatchObject({ ok: false, status: 403 });
    expect(await action("security_lead", input)).toMatchObject({ ok: false, status: 403 });
    expect(await settingRows()).toEqual([]);
    expect(await updates()).toEqual([]);
  });

  it("invalid values are refused with per-field errors and nothing is written", async () => {
    const r = await action("admin", {
      reviewPeriodDays: 0,
      agentTokenTtlSeconds: "soon",
      approvalTtlSeconds: 1.5,
      securityPaths: ["infra/**", "   ", "!"],
      requiredGates: ["lint", ""],
      persistenceCount: 99999,
      bogus: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(400);
    expect(r.fieldErrors).toMatchObject({
      reviewPeriodDays: ["At least 1 day."],
      agentTokenTtlSeconds: ["Enter a whole number of seconds."],
      approvalTtlSeconds: ["Enter a whole number of seconds."],
      "securityPaths.1": ["An empty glob."],
      "securityPaths.2": ["Not a valid glob."],
      "requiredGates.1": ["An empty gate."],
      persistenceCount: ["At most 1,000."],
    });
    expect(Object.keys(r.fieldErrors ?? {})).toContain("_"); // the unknown key
    expect((await action("admin", { securityPaths: [] })).ok).toBe(false);
    // the write function validates too, whoever calls it
    await expect(updateSettings(get().db, { reviewPeriodDays: -3 }, fx.actor)).rejects.toMatchObject({ status: 400, code: "invalid_request" });
    expect(await settingRows()).toEqual([]);
    expect(await updates()).toEqual([]);
  });

  it("an admin's change round-trips, is stored as JSON, and is audited once with before/after", async () => {
    const r = await action("admin", {
      reviewPeriodDays: "30",
      securityPaths: [" deploy/** ", "infra/**", "deploy/**"],
      requiredGates: ["lint", "unit", "sast", "codeql"],
      persistenceCount: 5,
    });
    expect(r).toEqual({ ok: true, data: { changed: ["reviewPeriodDays", "securityPaths", "requiredGates", "persistenceCount"] } });
    const s = await readSettings(get().db);
    expect(s.reviewPeriodDays).toEqual({ value: 30, default: 90, isDefault: false });
    expect(s.securityPaths.value).toEqual(["deploy/**", "infra/**"]); // trimmed, deduplicated
    expect(s.requiredGates.value).toEqual(["lint", "unit", "sast", "codeql"]);
    expect(s.persistenceCount).toMatchObject({ value: 5, isDefault: false });
    expect(s.agentTokenTtlSeconds.isDefault).toBe(true);
    const rows = Object.fromEntries((await settingRows()).map((row) => [row.key, row.value]));
    expect(rows).toEqual({
      review_period_days: "30",
      "changes.security_paths": JSON.stringify(["deploy/**", "infra/**"]),
      "changes.required_gates": JSON.stringify(["lint", "unit", "sast", "codeql"]),
      "detection.thresholds": JSON.stringify({ persistenceCount: 5 }),
    });

    const [ev, ...more] = await updates();
    expect(more).toEqual([]);
    const [admin] = await get().db.select().from(users).where(eq(users.email, "settings-admin@acme.test"));
    expect(ev).toMatchObject({ actorKind: "human", actorUserId: admin.id, actorLabel: admin.email, resource: "settings", outcome: "success" });
    const p = ev.payload as { changed: string[]; before: Record<string, unknown>; after: Record<string, unknown> };
    expect(p.changed).toEqual(["reviewPeriodDays", "securityPaths", "requiredGates", "persistenceCount"]);
    expect(p.before.reviewPeriodDays).toEqual({ value: 90, default: true });
    expect(p.after.reviewPeriodDays).toEqual({ value: 30, default: false });
    expect(p.after.securityPaths).toEqual({ value: ["deploy/**", "infra/**"], default: false });
    expect((await verifyAuditChain(get().db)).ok).toBe(true);

    // Saving the same values again is no change: nothing written, nothing audited.
    expect(await action("admin", { reviewPeriodDays: 30, requiredGates: ["lint", "unit", "sast", "codeql"] })).toEqual({ ok: true, data: { changed: [] } });
    // A default typed in while the default applies does not pin it.
    expect(await action("admin", { agentTokenTtlSeconds: 28800 })).toEqual({ ok: true, data: { changed: [] } });
    expect(await updates()).toHaveLength(1);
  });

  it("null resets to the default: the stored value goes, object rows keep what they do not manage", async () => {
    const db = get().db;
    await db
      .update(settings)
      .set({ value: JSON.stringify({ persistenceCount: 5, futureKnob: 7 }) })
      .where(eq(settings.key, "detection.thresholds"));
    await updateSettings(db, { requiredGates: null, persistenceCount: null }, fx.actor);
    const s = await readSettings(db);
    expect(s.requiredGates).toEqual({ value: ["lint", "unit", "sast"], default: ["lint", "unit", "sast"], isDefault: true });
    expect(s.persistenceCount.isDefault).toBe(true);
    expect(await db.select().from(settings).where(eq(settings.key, "changes.required_gates"))).toEqual([]);
    const [th] = await db.select().from(settings).where(eq(settings.key, "detection.thresholds"));
    expect(JSON.parse(th.value)).toEqual({ futureKnob: 7 });
    const last = (await updates()).at(-1)!;
    expect((last.payload as { changed: string[] }).changed).toEqual(["requiredGates", "persistenceCount"]);
    expect(last.actorUserId).toBe(fx.admin.id);
  });

  it("a stored value that is invalid falls back to the default", async () => {
    const db = get().db;
    await db.insert(settings).values({ key: "agent_token_ttl_seconds", value: '"forever"' });
    expect((await readSettings(db, ["agentTokenTtlSeconds"])).agentTokenTtlSeconds).toMatchObject({ value: 8 * 3600, isDefault: true });
    expect(await defaultTokenTtl(db)).toBe(8 * 3600);
    await db.delete(settings).where(eq(settings.key, "agent_token_ttl_seconds"));
  });

  it("the new values take effect: review period, security paths, approval expiry, token lifetime, thresholds", async () => {
    const db = get().db;
    // Access review period (review_period_days = 30 from above): a 40-day-old agent is overdue.
    const { agent: old } = await fx.agent("old-agent");
    await db
      .update(agents)
      .set({ createdAt: new Date(Date.now() - 40 * 86400_000) })
      .where(eq(agents.id, old.id));
    const overdue = async () => (await listAgents(db, { q: old.slug })).rows[0].reviewOverdue;
    expect(await overdue()).toBe(true);
    await updateSettings(db, { reviewPeriodDays: 60 }, fx.actor);
    expect(await overdue()).toBe(false);

    // Security-adjacent paths: what the GitHub webhook handler flags.
    const flags = async (path: string) => compileSecurityGlobs((await loadChangesConfig(db)).securityGlobs)(path);
    expect(await flags("deploy/prod.cfg")).toBe(true);
    expect(await flags("src/auth/session.ts")).toBe(false); // a default glob, replaced by the admin's list
    await updateSettings(db, { securityPaths: null }, fx.actor);
    expect(await flags("deploy/prod.cfg")).toBe(false);
    expect(await flags("src/auth/session.ts")).toBe(true);

    // Approval expiry: the cached active policy reloads, so the next ask expires sooner.
    const { token } = await fx.agent("asker");
    // (a different repository each time: an identical pending ask would be reused)
    const ask = (repository: string) =>
      api.request("POST", "/api/v1/decisions", { token, body: { action: { type: "git.merge", repository, branch: "main" } } });
    const before = await ask("acme/one");
    expect(before.json.decision).toBe("ask");
    expect(new Date(before.json.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    await updateSettings(db, { approvalTtlSeconds: 120 }, fx.actor);
    const after = await ask("acme/two");
    expect(after.json.decision).toBe("ask");
    const left = new Date(after.json.expires_at).getTime() - Date.now();
    expect(left).toBeGreaterThan(60_000);
    expect(left).toBeLessThanOrEqual(120_000);

    // Agent token lifetime and detector thresholds.
    await updateSettings(db, { agentTokenTtlSeconds: 3600, bulkReadCount: 50 }, fx.actor);
    expect(await defaultTokenTtl(db)).toBe(3600);
    expect(await loadThresholds(db)).toEqual({ bulkReadCount: 50 });

    const audited = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "settings.update"), eq(auditEvents.actorUserId, fx.admin.id)));
    expect(audited.map((e) => (e.payload as { changed: string[] }).changed)).toEqual([
      ["requiredGates", "persistenceCount"],
      ["reviewPeriodDays"],
      ["securityPaths"],
      ["approvalTtlSeconds"],
      ["agentTokenTtlSeconds", "bulkReadCount"],
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
