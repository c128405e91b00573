import { afterAll, beforeAll, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditEvents, violationEvidence, violations } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { untilAdvisoryLockAwaited } from "@/lib/testing/pg-locks";
import { resetControlCache } from "@/lib/registry/control";
import { verifyAuditChain } from "@/lib/audit/verify";
import { decisionFixture } from "./testing";
import { writerFor } from "./writer";

const FORBIDDEN = { action: { type: "secret.read", resource: "prod/db-password" } };
const FREE = { action: { type: "file.read", tool: "Read", repository: "acme/pay", resource: "src/a.ts" } };

// Decisions that need a transaction (here: a forbidden attempt, which raises a violation) are
// written beside plain decisions, violation first and the chain append last (lib/decisions/writer.ts,
// issue 16): each violation still links to its own decision's audit event, and the chain verifies.
describeEngines("decision writer: violations beside plain decisions", (get, engine) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let fx: Awaited<ReturnType<typeof decisionFixture>>;
  const decide = (token: string, body: unknown) => api.request("POST", "/api/v1/decisions", { token, body });
  /** The decision ids of the audit events linked to the agent's forbidden_attempt violation, and its count. */
  const evidence = async (agentId: string) => {
    await writerFor(get().db).drain();
    const rows = await get()
      .db.select({ count: violations.count, decisionId: auditEvents.decisionId })
      .from(violations)
      .innerJoin(violationEvidence, eq(violationEvidence.violationId, violations.id))
      .innerJoin(auditEvents, eq(auditEvents.seq, violationEvidence.eventSeq))
      .where(and(eq(violations.agentId, agentId), eq(violations.kind, "forbidden_attempt")));
    return { count: rows[0]?.count, decisions: rows.map((r) => r.decisionId).sort() };
  };
  beforeAll(async () => {
    resetControlCache();
    api = await startTestApi(get());
    fx = await decisionFixture(get().db, "lanes");
  });
  afterAll(() => api.close());

  it("each forbidden attempt's violation links to its own decision event, with plain decisions around it", async () => {
    const a = await fx.agent("forbidden");
    const b = await fx.agent("plain");
    // the two kinds at once, several times: plain decisions and violations commit in both lanes
    const answers = await Promise.all([
      decide(a.token, FORBIDDEN),
      decide(b.token, FREE),
      decide(b.token, FREE),
      decide(a.token, FORBIDDEN),
      decide(b.token, FREE),
      decide(a.token, FORBIDDEN),
    ]);
    expect(answers.map((r) => r.json.decision)).toEqual(["deny", "allow", "allow", "deny", "allow", "deny"]);
    const denied = [answers[0], answers[3], answers[5]].map((r) => r.json.decision_id as string).sort();
    expect(await evidence(a.agent.id)).toEqual({ count: 3, decisions: denied });
    expect((await verifyAuditChain(get().db)).ok).toBe(true);
  });

  if (engine === "postgres")
    it("a plain decision is answered while a violation's transaction waits (it does not hold the chain)", async () => {
      const a = await fx.agent("waits");
      const b = await fx.agent("goes-on");
      const { default: pg } = await import("pg");
      const other = new pg.Client({ connectionString: get().url });
      await other.connect();
      // the violation writer's lock for this agent's forbidden attempts (lib/violations/raise.ts), held elsewhere
      const key = `violation:forbidden_attempt:${a.agent.id}`;
      try {
        await other.query("SELECT pg_advisory_lock(hashtext($1))", [key]);
        let settled = false;
        const forbidden = decide(a.token, FORBIDDEN).finally(() => (settled = true));
        // until the forbidden decision's transaction waits for that lock
        await untilAdvisoryLockAwaited(other);
        // before: the writer committed one batch at a time, the violation's transaction held the
        // chain head from its append, and this decision waited for the lock to be released
        const plain = await decide(b.token, FREE);
        expect(plain.json.decision).toBe("allow");
        expect(settled).toBe(false);
        await other.query("SELECT pg_advisory_unlock(hashtext($1))", [key]);
        const denied = await forbidden;
        expect(denied.json.decision).toBe("deny");
        expect(await evidence(a.agent.id)).toEqual({ count: 1, decisions: [denied.json.decision_id] });
        expect((await verifyAuditChain(get().db)).ok).toBe(true);
        const [n] = await get()
          .db.select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(auditEvents)
          .where(eq(auditEvents.decisionId, plain.json.decision_id));
        expect(n.n).toBe(1);
      } finally {
        await other.end();
      }
    });
});
