import { expect, it } from "vitest";
import { and, count, eq, inArray, max } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { agents, approvalRequests, auditEvents, violations } from "@/db/schema";
import { decisionFixture } from "@/lib/decisions/testing";
import { killAgent } from "@/lib/registry/lifecycle";
import { verifyAuditChain } from "@/lib/audit/verify";
import { DEMO_PENDING_TARGET, demoStep } from "./live";

describeEngines("demo live traffic", (get) => {
  it("tops the approval queue up through the real decision path, then mostly everyday actions; killed agents stay quiet", async () => {
    const { db } = get();
    const fx = await decisionFixture(db, "live");
    const a = await fx.agent("demo-a");
    const b = await fx.agent("demo-b");

    // an empty queue: every step is a gated request that lands in it (a repeat of a request
    // that is still waiting finds that one instead of opening a second)
    const pending = async () => (await db.select({ n: count() }).from(approvalRequests).where(eq(approvalRequests.status, "pending")))[0].n;
    let asked = 0;
    while ((await pending()) < DEMO_PENDING_TARGET && asked < 20) {
      const step = await demoStep(db);
      expect(step?.decision).toBe("ask");
      expect(step?.approvalId).toBeTruthy();
      expect([a.agent.slug, b.agent.slug]).toContain(step!.agent);
      asked++;
    }
    expect(await pending()).toBe(DEMO_PENDING_TARGET);
    const [req] = await db.select().from(approvalRequests).limit(1);
    expect(req.initiatedBy).toBe(fx.sponsor.email);
    expect(req.justification).toMatch(/Needed for/);

    // a full queue: everyday actions, allowed (a gated one now and then)
    const after: string[] = [];
    for (let i = 0; i < 20; i++) after.push((await demoStep(db))!.decision);
    expect(after.filter((d) => d === "allow").length).toBeGreaterThanOrEqual(12);
    expect(after.every((d) => d === "allow" || d === "ask")).toBe(true);

    // every answer was recorded as a decision event, none raised a violation, the chain holds
    const decisions = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.type, "decision"));
    expect(decisions[0].n).toBe(asked + 20);
    expect((await db.select({ n: count() }).from(violations))[0].n).toBe(0);
    // each allowed action is followed by what the tool did, in the same session
    const results = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.type, ["tool.post", "tool.failure"]));
    expect(results).toHaveLength(after.filter((d) => d === "allow").length);
    const [decision] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "decision"), eq(auditEvents.decision, "allow")))
      .limit(1);
    expect(results.some((r) => r.sessionId === decision.sessionId)).toBe(true);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    // the agents' "Last seen" keeps up with what they do (demo calls skip the token lookup that marks it)
    for (const x of [a, b]) {
      const [seen] = await db.select({ at: agents.lastSeenAt }).from(agents).where(eq(agents.id, x.agent.id));
      const [newest] = await db
        .select({ t: max(auditEvents.time) })
        .from(auditEvents)
        .where(and(eq(auditEvents.agentId, x.agent.id), eq(auditEvents.actorKind, "agent")));
      expect(seen.at?.getTime()).toBeGreaterThanOrEqual(new Date(newest.t!).getTime());
    }

    // a killed agent makes no more requests
    await killAgent(db, a.agent.id, "demo test", fx.actor);
    for (let i = 0; i < 6; i++) expect((await demoStep(db))?.agent).toBe(b.agent.slug);
    await killAgent(db, b.agent.id, "demo test", fx.actor);
    expect(await demoStep(db)).toBeUndefined();
    const byKilled = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "decision"), eq(auditEvents.agentId, a.agent.id), eq(auditEvents.decision, "deny")));
    expect(byKilled[0].n).toBe(0);
  });
});
