import { beforeAll, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { approvalRequests, auditEvents, users } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { resetControlCache } from "@/lib/registry/control";
import { decisionFixture } from "@/lib/decisions/testing";
import { authenticateAgentCached } from "@/lib/decisions/agent-cache";
import { decide } from "@/lib/decisions/service";
import { decideApproval } from "./queries";
import { personActor } from "@/lib/auth/actor";

describeEngines("approvals: segregation of duties and racing approvers", (get) => {
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  let token: string;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  const ask = async (action: Record<string, string>, initiated_by?: string) => {
    const db = get().db;
    const caller = await authenticateAgentCached(db, { header: (n) => (n === "authorization" ? `Bearer ${token}` : undefined) });
    return (await decide(db, caller, { action: action as never, initiated_by }, { source: "api" })).answer;
  };
  const row = async (id: string) => (await get().db.select().from(approvalRequests).where(eq(approvalRequests.id, id)))[0];
  beforeAll(async () => {
    resetControlCache();
    fx = await decisionFixture(get().db, "sod");
    token = (await fx.agent("sod-agent")).token;
    [alice, bob] = await get()
      .db.insert(users)
      .values([
        { email: "alice-sod@acme.test", name: "Alice", role: "approver" },
        { email: "bob-sod@acme.test", name: "Bob", role: "approver" },
      ])
      .returning();
  });

  it("two approvers deciding the same request at once: exactly one decision and one audit event", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await ask({ type: "dependency.change", repository: `acme/race-${i}` })).approval_id!);
    for (const id of ids) {
      // truly concurrent: both read `pending` before either writes
      const results = await Promise.allSettled([
        decideApproval(get().db, { id, decision: "approve", reason: "fine" }, personActor(alice)),
        decideApproval(get().db, { id, decision: "deny", reason: "no" }, personActor(bob)),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason).toMatchObject({ status: 409 });
    }
    const events = await get()
      .db.select({ approvalId: auditEvents.approvalId, type: auditEvents.type, actor: auditEvents.actorLabel })
      .from(auditEvents)
      .where(and(inArray(auditEvents.approvalId, ids), inArray(auditEvents.type, ["approval.approve", "approval.deny"])));
    for (const id of ids) {
      const mine = events.filter((e) => e.approvalId === id);
      expect(mine).toHaveLength(1);
      const r = await row(id);
      // the row's decision and its one audit event agree
      expect(mine[0].type).toBe(r.status === "approved" ? "approval.approve" : "approval.deny");
      expect(mine[0].actor).toBe(r.decidedByLabel);
    }
  });

  it("an initiator written with other case and spaces is still the initiator", async () => {
    const a = await ask({ type: "git.merge", repository: "acme/case", branch: "main" }, "  Alice-SOD@Acme.Test ");
    expect((await row(a.approval_id!)).initiatedBy).toBe("alice-sod@acme.test"); // stored in one form
    await expect(
      decideApproval(get().db, { id: a.approval_id!, decision: "approve", reason: "mine" }, personActor({ id: alice.id, email: "ALICE-sod@acme.TEST" })),
    ).rejects.toMatchObject({
      status: 403,
      code: "segregation_of_duties",
    });
    // a request stored before normalisation (mixed case in the row) is caught as well
    const b = await ask({ type: "git.merge", repository: "acme/case2", branch: "main" });
    await get().db.update(approvalRequests).set({ initiatedBy: " Bob-Sod@ACME.test" }).where(eq(approvalRequests.id, b.approval_id!));
    await expect(decideApproval(get().db, { id: b.approval_id!, decision: "approve", reason: "mine" }, personActor(bob))).rejects.toMatchObject({
      status: 403,
    });
    expect((await row(b.approval_id!)).status).toBe("pending");
    await decideApproval(get().db, { id: b.approval_id!, decision: "approve", reason: "ok" }, personActor(alice));
    expect((await row(b.approval_id!)).status).toBe("approved");
  });

  it("a repeat merged into a waiting request records its initiator, who then cannot approve it", async () => {
    const action = { type: "dependency.change", repository: "acme/merge" };
    const first = await ask(action, "alice-sod@acme.test");
    const second = await ask(action, "Bob-SOD@acme.test");
    expect(second.decision).toBe("ask");
    expect(second.approval_id).toBe(first.approval_id); // merged, not a second request
    expect((await row(first.approval_id!)).initiators).toEqual(["alice-sod@acme.test", "bob-sod@acme.test"]);
    const third = await ask(action, "bob-sod@acme.test"); // the same person again: listed once
    expect(third.approval_id).toBe(first.approval_id);
    expect((await row(first.approval_id!)).initiators).toHaveLength(2);
    for (const who of [alice, bob])
      await expect(decideApproval(get().db, { id: first.approval_id!, decision: "approve", reason: "x" }, personActor(who))).rejects.toMatchObject({
        status: 403,
      });
    const [carol] = await get().db.insert(users).values({ email: "carol-sod@acme.test", name: "Carol", role: "approver" }).returning();
    await decideApproval(get().db, { id: first.approval_id!, decision: "approve", reason: "ok" }, personActor(carol));
    expect((await row(first.approval_id!)).status).toBe("approved");
  });

  it("an approval is not reused by a later call that its own approver initiated", async () => {
    const action = { type: "dependency.change", repository: "acme/reuse" };
    const first = await ask(action, "alice-sod@acme.test");
    await decideApproval(get().db, { id: first.approval_id!, decision: "approve", reason: "ok" }, personActor(bob));
    // the first call gave up waiting; Bob now starts the same action himself
    const again = await ask(action, "bob-sod@acme.test");
    expect(again.decision).toBe("ask");
    expect(again.approval_id).not.toBe(first.approval_id);
    expect((await row(first.approval_id!)).usedAt).toBeNull();
  });
});
