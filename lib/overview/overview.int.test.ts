import { expect, it } from "vitest";
import { violations } from "@/db/schema";
import { seedAgent } from "@/lib/audit/test-fixtures";
import { describeEngines } from "@/lib/testing/db";
import { topViolatingAgents } from "@/lib/violations/overview";
import { getOverviewCounts } from "./queries";

describeEngines("overview: open means open, and agent rankings hold agents only", (get) => {
  it("counts open and triaged violations apart; unresolved per severity covers both", async () => {
    const { db } = get();
    const { agent } = await seedAgent(db, "overview-agent");
    const v = (status: "open" | "triaged" | "resolved", severity: "high" | "critical", extra: Partial<typeof violations.$inferInsert> = {}) => ({
      kind: "scope_violation",
      severity,
      status,
      agentId: agent.id,
      agentSlug: agent.slug,
      title: "t",
      explanation: "e",
      groupKey: `g-${Math.random()}`,
      count: 3,
      ...extra,
    });
    await db.insert(violations).values([
      v("open", "high"),
      v("open", "critical"),
      v("triaged", "critical"),
      v("resolved", "critical"),
      // a person's merge past the gates: a violation, but bcarter is no agent
      v("open", "high", { kind: "gate_override", agentId: null, agentSlug: "bcarter", count: 50 }),
      // an unregistered agent caught as a shadow agent still ranks
      v("open", "high", { kind: "shadow_agent", agentId: null, agentSlug: "rogue-bot", count: 1 }),
    ]);
    const c = await getOverviewCounts(db);
    expect(c.openViolations).toBe(4);
    expect(c.triagedViolations).toBe(1);
    expect(c.violationsBySeverity).toMatchObject({ critical: 2, high: 3 });

    const top = await topViolatingAgents(db, 5);
    expect(top.map((t) => t.slug)).toEqual(["overview-agent", "rogue-bot"]);
    expect(top[0]).toMatchObject({ violations: 4, occurrences: 12 });
  });
});
