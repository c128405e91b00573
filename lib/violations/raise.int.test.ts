import { expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { transaction } from "@/db/client";
import { violationEvidence, violations } from "@/db/schema";
import { raiseViolations } from "./raise";
import type { ViolationHit } from "./types";

const AGENT = "22222222-2222-4222-8222-222222222222";
const t0 = new Date("2026-11-20T10:00:00Z");
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

function hit(over: Partial<ViolationHit>): ViolationHit {
  return {
    kind: "scope_violation",
    severity: "medium",
    agentId: AGENT,
    agentSlug: "bot",
    title: "Action outside the agent's allowlist",
    explanation: "bot tried file.write infra/x — outside its allowlist, denied.",
    evidenceSeqs: [1],
    at: t0,
    ...over,
  };
}

const tx = transaction;

describeEngines("raiseViolations", (get) => {
  it("groups repeated hits into one violation with a count, max severity and all evidence", async () => {
    const db = get().db;
    const r1 = await tx(db, (t) => raiseViolations(t, [hit({ evidenceSeqs: [1], at: at(0) }), hit({ evidenceSeqs: [2], at: at(5) })]));
    expect(r1.created).toHaveLength(1);
    expect(r1.alert).toEqual([]); // medium: no alert
    const r2 = await tx(db, (t) => raiseViolations(t, [hit({ evidenceSeqs: [3], severity: "critical", at: at(50) })]));
    expect(r2.created).toEqual([]);
    expect(r2.ids).toEqual(r1.ids);
    const [v] = await db.select().from(violations).where(eq(violations.id, r1.ids[0]));
    expect(v).toMatchObject({ count: 3, severity: "critical", status: "open" });
    expect(v.firstSeenAt.toISOString()).toBe(at(0).toISOString());
    expect(v.lastSeenAt.toISOString()).toBe(at(50).toISOString());
    const ev = await db.select().from(violationEvidence).where(eq(violationEvidence.violationId, v.id));
    expect(ev.map((e) => Number(e.eventSeq)).sort()).toEqual([1, 2, 3]);
  });

  it("does not count the same evidence twice (rescans are idempotent)", async () => {
    const db = get().db;
    const before = await db.select().from(violations);
    const r = await tx(db, (t) => raiseViolations(t, [hit({ evidenceSeqs: [2], at: at(5) }), hit({ evidenceSeqs: [3], at: at(50) })]));
    expect(r.ids).toEqual([]);
    const after = await db.select().from(violations);
    expect(after.map((v) => v.count)).toEqual(before.map((v) => v.count));
  });

  it("opens a new violation after the window, or when the old one is resolved; alerts on new high ones", async () => {
    const db = get().db;
    const late = await tx(db, (t) => raiseViolations(t, [hit({ evidenceSeqs: [10], at: at(50 + 61), severity: "high" })]));
    expect(late.created).toHaveLength(1);
    expect(late.alert).toEqual(late.created);
    await db.update(violations).set({ status: "resolved" }).where(eq(violations.id, late.created[0]));
    const again = await tx(db, (t) => raiseViolations(t, [hit({ evidenceSeqs: [11], at: at(50 + 62) })]));
    expect(again.created).toHaveLength(1);
    expect(again.created[0]).not.toBe(late.created[0]);
  });

  it("splits one batch spanning more than the window, and keeps groups apart", async () => {
    const db = get().db;
    const r = await tx(db, (t) =>
      raiseViolations(
        t,
        [
          hit({ kind: "secret_exposure", evidenceSeqs: [100], at: at(1000) }),
          hit({ kind: "secret_exposure", evidenceSeqs: [101], at: at(1010) }),
          hit({ kind: "secret_exposure", evidenceSeqs: [102], at: at(1200) }),
          hit({ kind: "secret_exposure", agentId: null, agentSlug: "shadow", evidenceSeqs: [103], at: at(1000) }),
        ],
        { windowMs: 30 * 60_000 },
      ),
    );
    expect(r.created).toHaveLength(3);
    const rows = await db.select().from(violations).where(eq(violations.kind, "secret_exposure"));
    expect(rows.map((v) => [v.groupKey, v.count]).sort()).toEqual([
      ["secret_exposure:22222222-2222-4222-8222-222222222222", 1],
      ["secret_exposure:22222222-2222-4222-8222-222222222222", 2],
      ["secret_exposure:shadow", 1],
    ]);
  });

  it("serialises concurrent writers of one group into one row", async () => {
    const db = get().db;
    const hits = Array.from({ length: 6 }, (_, i) => hit({ kind: "persistence_anomaly", evidenceSeqs: [500 + i], at: at(3000 + i) }));
    await Promise.all(hits.map((h) => tx(db, (t) => raiseViolations(t, [h]))));
    const rows = await db.select().from(violations).where(eq(violations.kind, "persistence_anomaly"));
    expect(rows).toHaveLength(1);
    expect(rows[0].count).toBe(6);
  });
});
