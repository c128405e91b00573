import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { type Db, transaction } from "@/db/client";
import { agents, alertDeliveries, alertWebhooks, violations } from "@/db/schema";
import { appendAuditEvents, type AuditInput } from "@/lib/audit/record";
import { detectForEvents, rescanHistory } from "./run";
import { clearBaselineCache, clearThresholdsCache, THRESHOLDS_SETTING } from "./context";
import { settings } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed/generate";
import { appendInChunks, countRows, createSyntheticAgents, syntheticHistory } from "./synthetic";

async function append(db: Db, inputs: AuditInput[]) {
  return transaction(db, (tx) => appendAuditEvents(tx, inputs));
}

describeEngines("detectForEvents", (get) => {
  let ids: Record<string, string> = {};
  it("turns decisions and events into the right violations", async () => {
    const db = get().db;
    clearBaselineCache();
    ids = (await createSyntheticAgents(db)).ids;
    await db.insert(alertWebhooks).values({ name: "soc", url: "http://127.0.0.1:9/none", secret: "s", minSeverity: "high" });
    const bot = { actorKind: "agent" as const, agentId: ids["review-bot"], agentSlug: "review-bot", sessionId: "live-1" };
    const now = Date.now();
    const deny = (k: number): AuditInput => ({
      ...bot,
      type: "decision",
      actionType: "git.push",
      command: "git push --force origin main",
      decision: "deny",
      ruleId: "forbid-force-push",
      payload: { tier: "forbidden", reason: "Force-push is forbidden" },
      time: new Date(now + k * 1000),
    });
    const first = await append(db, [deny(0)]);
    const r1 = await detectForEvents(db, first);
    expect(r1.created).toHaveLength(1);
    // each later batch only sees its new events; the retries build a persistence anomaly
    await detectForEvents(db, await append(db, [deny(1)]));
    const r3 = await detectForEvents(db, await append(db, [deny(2), deny(3)]));
    const rows = await db.select().from(violations).where(eq(violations.agentId, ids["review-bot"]));
    const byKind = Object.fromEntries(rows.map((v) => [v.kind, v]));
    expect(byKind.forbidden_attempt.count).toBe(4);
    expect(byKind.persistence_anomaly.count).toBe(2);
    expect(byKind.persistence_anomaly.explanation).toContain("retried the denied git.push");
    expect(r3.created).toEqual([byKind.persistence_anomaly.id]);
    // new high violations were queued for the webhook
    const queued = await db.select().from(alertDeliveries);
    expect(queued.map((d) => d.violationId).sort()).toEqual([byKind.forbidden_attempt.id, byKind.persistence_anomaly.id].sort());
    // re-running over the same events changes nothing
    await detectForEvents(db, first);
    const again = await db.select().from(violations).where(eq(violations.id, byKind.forbidden_attempt.id));
    expect(again[0].count).toBe(4);
  });

  it("raises shadow-agent and suspended-activity violations", async () => {
    const db = get().db;
    const shadow = await append(db, [
      { actorKind: "agent", agentSlug: "mystery-agent", sessionId: "x-1", type: "tool.pre", actionType: "shell.exec", command: "ls" },
    ]);
    const r = await detectForEvents(db, shadow);
    const [v] = await db.select().from(violations).where(eq(violations.id, r.created[0]));
    expect(v).toMatchObject({ kind: "shadow_agent", agentSlug: "mystery-agent", severity: "high" });

    await db
      .update(agents)
      .set({ status: "suspended", statusChangedAt: new Date(Date.now() - 1000) })
      .where(eq(agents.id, ids["deploy-helper"]));
    const after = await append(db, [
      { actorKind: "agent", agentId: ids["deploy-helper"], agentSlug: "deploy-helper", type: "tool.post", actionType: "deploy", outcome: "success" },
    ]);
    const r2 = await detectForEvents(db, after);
    const kinds = (
      await db
        .select({ kind: violations.kind, severity: violations.severity })
        .from(violations)
        .where(sql`${violations.id} in ${r2.ids}`)
    ).map((x) => `${x.kind}/${x.severity}`);
    expect(kinds).toContain("suspended_agent_activity/critical");
  });

  it("takes thresholds from the detection.thresholds setting", async () => {
    const db = get().db;
    await db.insert(settings).values({ key: THRESHOLDS_SETTING, value: JSON.stringify({ persistenceCount: 2 }) });
    clearThresholdsCache();
    const bot = { actorKind: "agent" as const, agentId: ids["web-tests"], agentSlug: "web-tests", sessionId: "live-2" };
    const deny = (k: number): AuditInput => ({
      ...bot,
      type: "decision",
      actionType: "deploy",
      environment: "staging",
      decision: "deny",
      payload: { reason: "Approval request expired" },
      time: new Date(Date.now() + k),
    });
    await detectForEvents(db, await append(db, [deny(0)]));
    const r = await detectForEvents(db, await append(db, [deny(1)]));
    clearThresholdsCache();
    const [v] = await db.select().from(violations).where(eq(violations.id, r.created[0]));
    expect(v).toMatchObject({ kind: "persistence_anomaly", agentId: ids["web-tests"] });
  });
});

async function rescanAll(db: Db, from: Date) {
  return rescanHistory(db, { from, to: new Date(Date.now() + 86400_000), batchSize: 250 });
}

/** Re-running over the same history changes nothing. (With other batch boundaries a
 * sliding-window detector can still pick a different evidence event for one incident and count
 * it again; known limitation, see lib/detection/README.md.) */
async function expectIdempotent(db: Db, from: Date) {
  const before = await db.select({ id: violations.id, count: violations.count }).from(violations);
  await rescanAll(db, from);
  const after = await db.select({ id: violations.id, count: violations.count }).from(violations);
  expect(after.sort((a, b) => a.id.localeCompare(b.id))).toEqual(before.sort((a, b) => a.id.localeCompare(b.id)));
}

// Two histories, each asserted unconditionally: a synthetic one whose incidents are known (each
// detector must find its kind, with the expected counts), and the demo seed (plausible volume).
describeEngines("rescanHistory", (get) => {
  it("finds each detector's incidents in a synthetic history, grouped, and is idempotent", async () => {
    const db = get().db;
    const from = new Date("2026-11-01T00:00:00Z");
    const { ids } = await createSyntheticAgents(db);
    await appendInChunks(db, syntheticHistory(ids, from));
    const events = await countRows(db, "audit_events");
    const res = await rescanAll(db, from);
    expect(res.events).toBe(events);
    const total = await countRows(db, "violations");
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(events / 10);
    const kinds = new Set((await db.select({ k: violations.kind }).from(violations)).map((r) => r.k));
    for (const k of ["persistence_anomaly", "forbidden_attempt", "secret_handling", "secret_exposure", "shadow_agent", "scope_violation"])
      expect(kinds).toContain(k);
    const [exposure] = await db.select().from(violations).where(eq(violations.kind, "secret_exposure"));
    expect(exposure.count).toBe(3);
    const shadows = await db.select().from(violations).where(eq(violations.kind, "shadow_agent"));
    expect(shadows.map((s) => s.count)).toEqual([2]);
    const grouped = await db
      .select()
      .from(violations)
      .where(sql`${violations.count} > 1`);
    expect(grouped.length).toBeGreaterThan(0);
    await expectIdempotent(db, from);
  }, 180_000);
});

describeEngines("rescanHistory over the demo seed", (get) => {
  it("finds plausible violations in the demo history, grouped, and is idempotent", async () => {
    const db = get().db;
    // the demo's own seed and mix at a quarter of its 20,000 events: the detectors see the same
    // kinds of history, and the suite does not seed the full demo twice
    await seedDemo(db, { events: 5000, log: () => {} });
    // the seed may already raise violations itself; count what the rescan adds on a clean slate
    await db.execute(sql`DELETE FROM violations`);
    const from = new Date(0);
    const events = await countRows(db, "audit_events");
    const t0 = Date.now();
    const res = await rescanAll(db, from);
    const ms = Date.now() - t0;
    const total = await countRows(db, "violations");
    const byKind = await db.execute(sql`select kind, count(*)::int n, sum(count)::int hits from violations group by kind order by kind`);
    console.log(
      `[rescan] ${events} events → ${total} violations in ${res.batches} batches, ${ms} ms`,
      JSON.stringify((byKind as unknown as { rows: unknown[] }).rows),
    );
    expect(res.events).toBe(events);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(events / 10);
    const grouped = await db
      .select()
      .from(violations)
      .where(sql`${violations.count} > 1`);
    expect(grouped.length).toBeGreaterThan(0);
    await expectIdempotent(db, from);
  }, 240_000);
});
