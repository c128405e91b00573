import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { approvalRequests, auditEvents, users } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { resetControlCache } from "@/lib/registry/control";
import { decisionFixture } from "@/lib/decisions/testing";
import { authenticateAgentCached } from "@/lib/decisions/agent-cache";
import { decide } from "@/lib/decisions/service";
import { addInitiator, decideApproval } from "./queries";
import { personActor } from "@/lib/auth/actor";

// decideApproval's promises, each checked by a test that a StrykerJS mutant of the function
// fails (QUALITY.md, module `approvals`): what a decision writes to the request and to the
// audit trail, and every refusal (unknown, expired, already decided, initiator).
describeEngines("approvals: deciding one request", (get) => {
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  let token: string;
  let agentSlug: string;
  let agentId: string;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  let n = 0;
  /** A fresh pending request (a new repository each time, so nothing is merged or reused). */
  const request = async (initiated_by?: string) => {
    const db = get().db;
    const caller = await authenticateAgentCached(db, { header: (h) => (h === "authorization" ? `Bearer ${token}` : undefined) });
    const { answer } = await decide(
      db,
      caller,
      { action: { type: "dependency.change", repository: `acme/decide-${n++}` } as never, initiated_by },
      { source: "api" },
    );
    expect(answer.decision).toBe("ask");
    return answer.approval_id!;
  };
  const row = async (id: string) => (await get().db.select().from(approvalRequests).where(eq(approvalRequests.id, id)))[0];
  const events = (id: string) => get().db.select().from(auditEvents).where(eq(auditEvents.approvalId, id)).orderBy(auditEvents.seq);
  const decisions = async (id: string) => (await events(id)).filter((e) => e.type === "approval.approve" || e.type === "approval.deny");

  beforeAll(async () => {
    resetControlCache();
    fx = await decisionFixture(get().db, "dcm");
    const a = await fx.agent("decide-agent");
    token = a.token;
    agentSlug = a.agent.slug;
    agentId = a.agent.id;
    [alice, bob] = await get()
      .db.insert(users)
      .values([
        { email: "alice-dcm@acme.test", name: "Alice", role: "approver" },
        { email: "bob-dcm@acme.test", name: "Bob", role: "approver" },
      ])
      .returning();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("an approval marks the request approved by the approver and records one approval.approve event", async () => {
    const id = await request("dev-dcm@acme.test");
    const before = Date.now();
    const out = await decideApproval(get().db, { id, decision: "approve", reason: "looks fine" }, personActor(alice));
    const after = Date.now();
    expect(out).toMatchObject({ id, status: "approved", decidedBy: alice.id, decidedByLabel: alice.email, reason: "looks fine" });
    const r = await row(id);
    expect(r).toMatchObject({ status: "approved", decidedBy: alice.id, decidedByLabel: alice.email, reason: "looks fine" });
    expect(r.decidedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(r.decidedAt!.getTime()).toBeLessThanOrEqual(after);
    const ev = await decisions(id);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      actorKind: "human",
      actorUserId: alice.id,
      actorLabel: alice.email,
      type: "approval.approve",
      agentId,
      agentSlug,
      initiatedBy: "dev-dcm@acme.test",
      actionType: "dependency.change",
      decision: "allow",
      decisionId: r.decisionId,
      ruleId: r.ruleId,
      policyVersion: r.policyVersion,
      approvalId: id,
      outcome: "approved",
    });
    const payload = ev[0].payload as { reason: string; risk: number; waited_ms: number };
    expect(payload.reason).toBe("looks fine");
    expect(payload.risk).toBe(r.risk);
    // the time the request waited: from its creation to the decision
    expect(payload.waited_ms).toBeGreaterThanOrEqual(0);
    expect(payload.waited_ms).toBeLessThanOrEqual(after - r.createdAt.getTime());
  });

  it("a denial marks the request denied and records one approval.deny event with decision deny", async () => {
    const id = await request();
    const out = await decideApproval(get().db, { id, decision: "deny", reason: "not now" }, personActor(bob));
    expect(out.status).toBe("denied");
    expect((await row(id)).status).toBe("denied");
    const ev = await decisions(id);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: "approval.deny", decision: "deny", outcome: "denied", actorLabel: bob.email, approvalId: id });
    expect((ev[0].payload as { reason: string }).reason).toBe("not now");
  });

  it("an unknown request is a 404 and writes nothing", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    await expect(decideApproval(get().db, { id, decision: "approve", reason: "x" }, personActor(alice))).rejects.toMatchObject({
      status: 404,
      code: "not_found",
      message: "No such approval request.",
    });
    expect(await events(id)).toHaveLength(0);
  });

  it("a request decided already is a 409 that names its state, and the first decision stands", async () => {
    const id = await request();
    await decideApproval(get().db, { id, decision: "deny", reason: "no" }, personActor(alice));
    await expect(decideApproval(get().db, { id, decision: "approve", reason: "yes" }, personActor(bob))).rejects.toMatchObject({
      status: 409,
      code: "conflict",
      message: "This request is already denied.",
    });
    // also once its expiry has passed: it was decided, not expired
    await get()
      .db.update(approvalRequests)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(approvalRequests.id, id));
    await expect(decideApproval(get().db, { id, decision: "approve", reason: "yes" }, personActor(bob))).rejects.toMatchObject({
      status: 409,
      message: "This request is already denied.",
    });
    expect(await row(id)).toMatchObject({ status: "denied", decidedBy: alice.id, reason: "no" });
    expect(await decisions(id)).toHaveLength(1);
    expect((await events(id)).filter((e) => e.type === "approval.expire")).toHaveLength(0);
  });

  it("a pending request past its expiry is expired (default deny), not decided", async () => {
    const id = await request();
    await get()
      .db.update(approvalRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(approvalRequests.id, id));
    await expect(decideApproval(get().db, { id, decision: "approve", reason: "late" }, personActor(alice))).rejects.toMatchObject({
      status: 409,
      code: "conflict",
      message: "This request has expired; it counts as denied.",
    });
    expect((await row(id)).status).toBe("expired");
    expect((await events(id)).filter((e) => e.type.startsWith("approval.")).map((e) => e.type)).toEqual(["approval.expire"]);
  });

  it("the request expires at its expiry instant: a decision made at exactly that millisecond is refused", async () => {
    const id = await request();
    const at = new Date(Date.now() + 3_600_000);
    await get().db.update(approvalRequests).set({ expiresAt: at }).where(eq(approvalRequests.id, id));
    vi.useFakeTimers({ toFake: ["Date"], now: at });
    await expect(decideApproval(get().db, { id, decision: "approve", reason: "just in time?" }, personActor(alice))).rejects.toMatchObject({ status: 409 });
    vi.useRealTimers();
    expect(await decisions(id)).toHaveLength(0);
    // one millisecond before, it can still be decided
    const id2 = await request();
    await get().db.update(approvalRequests).set({ expiresAt: at }).where(eq(approvalRequests.id, id2));
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(at.getTime() - 1) });
    await decideApproval(get().db, { id: id2, decision: "approve", reason: "in time" }, personActor(alice));
    vi.useRealTimers();
    expect((await row(id2)).status).toBe("approved");
  });

  it("two approvers at once: the loser is told the request was decided, in words", async () => {
    const id = await request();
    const results = await Promise.allSettled([
      decideApproval(get().db, { id, decision: "approve", reason: "a" }, personActor(alice)),
      decideApproval(get().db, { id, decision: "deny", reason: "b" }, personActor(bob)),
    ]);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(lost).toHaveLength(1);
    // both read `pending` (PGlite runs the two reads before either update): the update finds it
    // decided; a read after the winner's commit (possible on PostgreSQL) names the state instead
    expect(["Someone else decided this request a moment ago.", "This request is already approved.", "This request is already denied."]).toContain(
      lost[0].reason.message,
    );
    expect(lost[0].reason).toMatchObject({ status: 409, code: "conflict" });
  });

  it("an initiator is refused with 403 segregation_of_duties and the request stays pending", async () => {
    const id = await request("bob-dcm@acme.test");
    await expect(decideApproval(get().db, { id, decision: "deny", reason: "mine" }, personActor(bob))).rejects.toMatchObject({
      status: 403,
      code: "segregation_of_duties",
      message: "You initiated this request, so someone else must decide it.",
    });
    expect((await row(id)).status).toBe("pending");
    expect(await decisions(id)).toHaveLength(0);
  });

  it("an approver merged in as an initiator while deciding cannot decide: never both merged and the decider", async () => {
    // decideApproval reads the request, then updates it; the merge lands in between on PGlite
    // (one connection, statements in order) and anywhere around it on PostgreSQL. Whatever the
    // order, Bob either is recorded as an initiator or decides — never both.
    for (let i = 0; i < 4; i++) {
      const id = await request("dev-dcm@acme.test");
      const [decided, merged] = await Promise.allSettled([
        decideApproval(get().db, { id, decision: "approve", reason: "race" }, personActor(bob)),
        addInitiator(get().db, id, "Bob-DCM@acme.test"),
      ]);
      expect(merged.status).toBe("fulfilled");
      const wasMerged = (merged as PromiseFulfilledResult<boolean>).value;
      const r = await row(id);
      if (wasMerged) {
        expect(decided.status).toBe("rejected");
        expect((decided as PromiseRejectedResult).reason).toMatchObject({ status: 403, code: "segregation_of_duties" });
        expect(r.status).toBe("pending");
        expect(r.initiators).toContain("bob-dcm@acme.test");
        expect(await decisions(id)).toHaveLength(0);
      } else {
        expect(decided.status).toBe("fulfilled");
        expect(r).toMatchObject({ status: "approved", decidedBy: bob.id });
        expect(r.initiators).not.toContain("bob-dcm@acme.test");
      }
    }
  });

  it("the session's initiator written into the request while deciding (a stale read) still cannot decide it", async () => {
    const id = await request();
    // the row changes between decideApproval's read and its update: the update's own
    // condition, not the earlier read, must refuse the initiator
    const [decided] = await Promise.allSettled([
      decideApproval(get().db, { id, decision: "approve", reason: "race" }, personActor(bob)),
      get()
        .db.update(approvalRequests)
        .set({ initiatedBy: "bob-dcm@acme.test" })
        .where(and(eq(approvalRequests.id, id), eq(approvalRequests.status, "pending"))),
    ]);
    const r = await row(id);
    if (r.status === "pending") {
      expect((decided as PromiseRejectedResult).reason).toMatchObject({ status: 403, code: "segregation_of_duties" });
      expect(await decisions(id)).toHaveLength(0);
    } else {
      // the decision came first: the later write found the request no longer pending
      expect(r).toMatchObject({ status: "approved", decidedBy: bob.id, initiatedBy: null });
    }
  });
});
