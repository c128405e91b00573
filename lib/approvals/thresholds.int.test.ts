import { beforeAll, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { alertDeliveries, approvalDecisions, approvalRequests, auditEvents, teams, users } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { resetControlCache } from "@/lib/registry/control";
import { decisionFixture } from "@/lib/decisions/testing";
import { authenticateAgentCached } from "@/lib/decisions/agent-cache";
import { decide } from "@/lib/decisions/service";
import { savePolicy } from "@/lib/policy/store";
import { createWebhook } from "@/lib/violations/webhooks";
import { approvalAlertPayload } from "@/lib/violations/alerts";
import { approvalView, decideApproval, escalateDue, getApprovalForAgent, listPendingFor } from "./queries";
import { mayDecide } from "./eligibility";
import { machineActor, personActor } from "@/lib/auth/actor";

// Issue 21 part 2: named approvers, N of M, escalation — through the real decision path (the
// agent asks, the request records its rule's spec) and the real decide function.
describeEngines("approvals: named approvers, N of M and escalation", (get) => {
  type P = { id: string; email: string };
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  let token: string;
  let agentId: string;
  let ann: P, ben: P, cat: P, dan: P, ivy: P, vic: P;
  const ask = async (env: string, initiated_by = "dev-thr@acme.test") => {
    const db = get().db;
    const caller = await authenticateAgentCached(db, { header: (n) => (n === "authorization" ? `Bearer ${token}` : undefined) });
    const a = (
      await decide(
        db,
        caller,
        { action: { type: "deploy", environment: env, repository: `acme/thr-${Math.random().toString(36).slice(2)}` } as never, initiated_by },
        { source: "api" },
      )
    ).answer;
    expect(a.decision).toBe("ask");
    return a.approval_id!;
  };
  const row = async (id: string) => (await get().db.select().from(approvalRequests).where(eq(approvalRequests.id, id)))[0];
  const events = async (id: string) =>
    get()
      .db.select({ type: auditEvents.type, actor: auditEvents.actorLabel, payload: auditEvents.payload })
      .from(auditEvents)
      .where(and(eq(auditEvents.approvalId, id), inArray(auditEvents.type, ["approval.partial", "approval.approve", "approval.deny", "approval.escalate"])))
      .orderBy(auditEvents.seq);
  const approve = (id: string, p: P) => decideApproval(get().db, { id, decision: "approve", reason: "ok by me" }, personActor(p));

  beforeAll(async () => {
    resetControlCache();
    const db = get().db;
    fx = await decisionFixture(db, "thr");
    const a = await fx.agent("thr-agent");
    token = a.token;
    agentId = a.agent.id;
    const [sre] = await db.insert(teams).values({ slug: "sre-thr", name: "SRE" }).returning();
    [ann, ben, cat, dan, ivy, vic] = await db
      .insert(users)
      .values([
        { email: "ann-thr@acme.test", name: "Ann", role: "approver" },
        { email: "ben-thr@acme.test", name: "Ben", role: "approver" },
        { email: "cat-thr@acme.test", name: "Cat", role: "approver", teamId: sre.id },
        { email: "dan-thr@acme.test", name: "Dan", role: "approver" },
        { email: "ivy-thr@acme.test", name: "Ivy", role: "approver" },
        { email: "vic-thr@acme.test", name: "Vic", role: "viewer" },
      ])
      .returning();
    await savePolicy(
      db,
      {
        default_tier: "free",
        rules: [
          {
            id: "prod-two-named",
            tier: "gated",
            match: { action_types: ["deploy"], environments: ["prod"] },
            approvers: {
              people: ["Ann-THR@acme.test", "ben-thr@acme.test", "ivy-thr@acme.test", "vic-thr@acme.test"],
              required: 2,
              escalation: { after_seconds: 600, teams: ["sre-thr"] },
            },
          },
          { id: "staging-any", tier: "gated", match: { action_types: ["deploy"], environments: ["staging"] } },
        ],
      },
      machineActor("test"),
    );
    await createWebhook(
      db,
      { name: "approvers", url: "http://127.0.0.1:9/none", secret: "approvers-secret-123", minSeverity: "high", notifyApprovals: true },
      personActor(fx.admin),
    );
  });

  it("the request records its rule's approvers and threshold; a rule without approvers is anyone, 1 of 1", async () => {
    const r = await row(await ask("prod"));
    expect(r.approvalsRequired).toBe(2);
    expect(r.approvers).toMatchObject({
      people: ["ann-thr@acme.test", "ben-thr@acme.test", "ivy-thr@acme.test", "vic-thr@acme.test"],
      escalation: { after_seconds: 600, teams: ["sre-thr"] },
    });
    const s = await row(await ask("staging"));
    expect(s).toMatchObject({ approvalsRequired: 1, approvers: null });
    // anyone who may decide approvals decides a rule without approvers, at once
    await approve(s.id, dan);
    expect((await row(s.id)).status).toBe("approved");
  });

  it("an approver outside the named group is refused (403 not_an_approver), an admin too; nothing is recorded", async () => {
    const id = await ask("prod");
    for (const p of [dan, cat, { id: fx.admin.id, email: fx.admin.email }]) {
      await expect(approve(id, p)).rejects.toMatchObject({ status: 403, code: "not_an_approver" });
      await expect(decideApproval(get().db, { id, decision: "deny", reason: "no" }, personActor(p))).rejects.toMatchObject({
        status: 403,
        code: "not_an_approver",
      });
      expect(await mayDecide(get().db, id, p)).toMatchObject({ ok: false, code: "not_an_approver" });
    }
    // named, but a viewer: the role may not decide at all
    await expect(approve(id, vic)).rejects.toMatchObject({ status: 403, code: "forbidden" });
    expect(await mayDecide(get().db, id, ann)).toEqual({ ok: true, as: "named" });
    const r = await row(id);
    expect(r.status).toBe("pending");
    expect(await get().db.select().from(approvalDecisions).where(eq(approvalDecisions.approvalId, id))).toHaveLength(0);
    expect(await events(id)).toHaveLength(0);
  });

  it("2 of 2: pending after the first approval (the agent's poll too), approved by a second distinct person; the same person twice counts once", async () => {
    const id = await ask("prod");
    const first = await approve(id, ann);
    expect(first).toMatchObject({ status: "pending", approvals: 1 });
    expect(approvalView(await getApprovalForAgent(get().db, id, agentId))).toMatchObject({ status: "pending", approvals: 1, approvals_required: 2 });
    await expect(approve(id, { ...ann, email: " ANN-thr@acme.test " })).rejects.toMatchObject({ status: 409 });
    expect((await row(id)).status).toBe("pending");
    const second = await approve(id, ben);
    expect(second).toMatchObject({ status: "approved", approvals: 2, decidedBy: ben.id });
    expect(approvalView(await getApprovalForAgent(get().db, id, agentId))).toMatchObject({ status: "approved", approvals: 2, approvals_required: 2 });
    const ev = await events(id);
    expect(ev.map((e) => [e.type, e.actor])).toEqual([
      ["approval.partial", ann.email],
      ["approval.approve", ben.email],
    ]);
    expect(ev[1].payload).toMatchObject({ approvals: 2, approvals_required: 2, approved_by: [ann.email, ben.email] });
  });

  it("the initiator is refused even when named (segregation of duties), and does not count", async () => {
    const id = await ask("prod", "Ivy-THR@acme.test");
    await expect(approve(id, ivy)).rejects.toMatchObject({ status: 403, code: "segregation_of_duties" });
    expect(await mayDecide(get().db, id, ivy)).toMatchObject({ ok: false, code: "segregation_of_duties" });
    await approve(id, ann);
    expect((await row(id)).status).toBe("pending");
  });

  it("any eligible deny denies at once, even after a partial approval", async () => {
    const id = await ask("prod");
    await approve(id, ann);
    const out = await decideApproval(get().db, { id, decision: "deny", reason: "not today" }, personActor(ben));
    expect(out).toMatchObject({ status: "denied", decidedBy: ben.id });
    expect((await events(id)).map((e) => e.type)).toEqual(["approval.partial", "approval.deny"]);
  });

  it("two approvers at once both count exactly once; one person twice at once counts once", async () => {
    for (let i = 0; i < 4; i++) {
      const id = await ask("prod");
      const results = await Promise.allSettled([approve(id, ann), approve(id, ben)]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
      expect((await row(id)).status).toBe("approved");
      expect(await get().db.select().from(approvalDecisions).where(eq(approvalDecisions.approvalId, id))).toHaveLength(2);
      expect((await events(id)).map((e) => e.type)).toEqual(["approval.partial", "approval.approve"]);
    }
    for (let i = 0; i < 4; i++) {
      const id = await ask("prod");
      const results = await Promise.allSettled([approve(id, ann), approve(id, ann)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
      expect((await row(id)).status).toBe("pending");
      expect(await get().db.select().from(approvalDecisions).where(eq(approvalDecisions.approvalId, id))).toHaveLength(1);
    }
  });

  it("escalation: after the wait the escalation team is notified (alert queued, audited, once) and may approve", async () => {
    const id = await ask("prod");
    const created = (await row(id)).createdAt.getTime();
    await expect(approve(id, cat)).rejects.toMatchObject({ status: 403, code: "not_an_approver" });
    const alerts = async () => (await get().db.select().from(alertDeliveries).where(eq(alertDeliveries.approvalId, id))).length;
    const before = await alerts();
    expect(await escalateDue(get().db, { ids: [id], now: new Date(created + 599_000) })).toBe(0);
    expect((await row(id)).escalatedAt).toBeNull();
    expect(await escalateDue(get().db, { ids: [id], now: new Date(created + 600_000) })).toBe(1);
    // idempotent: a second sweep (or a racing one) does nothing more
    expect(
      await Promise.all([
        escalateDue(get().db, { ids: [id], now: new Date(created + 700_000) }),
        escalateDue(get().db, { ids: [id], now: new Date(created + 700_000) }),
      ]),
    ).toEqual([0, 0]);
    expect(await alerts()).toBe(before + 1);
    // the escalation's alert says it is one, and to whom
    const [escalated] = await get().db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
    expect(approvalAlertPayload({ ...escalated, agentSlug: "x" }, new Date()).approval).toMatchObject({
      approvals_required: 2,
      escalated_at: new Date(created + 600_000).toISOString(),
      approvers: { escalation: { teams: ["sre-thr"] } },
    });
    const esc = (await events(id)).filter((e) => e.type === "approval.escalate");
    expect(esc).toHaveLength(1);
    expect(esc[0].payload).toMatchObject({ after_seconds: 600, escalated_to: "team sre-thr" });
    expect(await mayDecide(get().db, id, cat)).toEqual({ ok: true, as: "escalation" });
    expect(await approve(id, cat)).toMatchObject({ status: "pending", approvals: 1 });
    expect(await approve(id, ann)).toMatchObject({ status: "approved", approvals: 2 });
  });

  it("a later policy change does not alter a waiting request; the queue shows each approver what they may decide", async () => {
    const id = await ask("prod");
    await savePolicy(
      get().db,
      {
        default_tier: "free",
        rules: [
          {
            id: "prod-two-named",
            tier: "gated",
            match: { action_types: ["deploy"], environments: ["prod"] },
            approvers: { people: ["dan-thr@acme.test"], required: 1 },
          },
        ],
      },
      machineActor("test"),
    );
    await expect(approve(id, dan)).rejects.toMatchObject({ status: 403, code: "not_an_approver" });
    const mine = await listPendingFor(get().db, ann, { all: false });
    expect(mine.items.map((i) => i.id)).toContain(id);
    const dans = await listPendingFor(get().db, dan, { all: false });
    expect(dans.items.map((i) => i.id)).not.toContain(id);
    expect(dans.hidden).toBeGreaterThan(0);
    const all = await listPendingFor(get().db, dan, { all: true });
    expect(all.items.find((i) => i.id === id)).toMatchObject({ mayDecide: false, approvalsRequired: 2, approvals: 0 });
  });
});
