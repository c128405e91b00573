import { beforeAll, expect, it } from "vitest";
import { agentScopes, agents, approvalRequests, violations } from "@/db/schema";
import { describeEngines } from "@/lib/testing/db";
import { listAgents, riskLevel } from "./queries";
import { registryFixture } from "./testing/fixtures";

describeEngines("inventory query with 500 agents", (get) => {
  let fx: Awaited<ReturnType<typeof registryFixture>>;
  beforeAll(async () => {
    const db = get().db;
    fx = await registryFixture(db, "inv");
    const rows = Array.from({ length: 500 }, (_, i) => ({
      slug: `inv-${String(i).padStart(3, "0")}`,
      name: `Inventory ${i}`,
      kind: (["claude_code", "codex", "cursor"] as const)[i % 3],
      role: i % 2 ? "code-review" : "deployment",
      teamId: fx.team.id,
      sponsorId: fx.sponsor.id,
      model: "m",
      toolchainVersion: "1",
      status: i % 10 === 0 ? ("suspended" as const) : ("active" as const),
    }));
    const inserted = await db.insert(agents).values(rows).returning({ id: agents.id, slug: agents.slug });
    const scopes = inserted.flatMap((a, i) =>
      i % 5 === 0
        ? ["*", "**", "*", "*"].map((p, k) => ({ agentId: a.id, dimension: (["repository", "path", "environment", "tool"] as const)[k], pattern: p }))
        : [{ agentId: a.id, dimension: "repository" as const, pattern: "acme/api" }],
    );
    await db.insert(agentScopes).values(scopes);
    await db
      .insert(violations)
      .values(
        inserted
          .slice(0, 50)
          .map((a) => ({ kind: "scope_creep", severity: "critical" as const, agentId: a.id, title: "t", explanation: "e", groupKey: a.slug })),
      );
    await db
      .insert(approvalRequests)
      .values(inserted.slice(0, 30).map((a) => ({ agentId: a.id, actionType: "deploy", action: {}, expiresAt: new Date(Date.now() + 3600_000) })));
  }, 120_000);

  // Its speed is measured by `npm run bench` (lib/registry/bench.ts, the /agents page data),
  // never asserted here: a wall-clock bound fails whenever the shared machine is busy.
  it("pages, counts and derives risk/violations/approvals in one query", async () => {
    const db = get().db;
    const page = await listAgents(db, { team: fx.team.slug, pageSize: 500, sort: "risk", dir: "desc" });
    expect(page.total).toBe(500);
    expect(page.rows).toHaveLength(500);
    const top = page.rows[0];
    expect(top.openViolations).toBe(1);
    expect(top.riskScore).toBe(8 * 4 + 4 + 15); // four universal patterns, `*` tool, one critical
    expect(top.risk).toBe("high");
    expect(page.rows.at(-1)?.risk).toBe("low");
    expect(page.rows.filter((r) => r.pendingApprovals === 1)).toHaveLength(30);
  });

  it("filters (status, kind, role, risk, q) and paging with a stable total", async () => {
    const db = get().db;
    const susp = await listAgents(db, { team: fx.team.slug, status: "suspended", pageSize: 10 });
    expect(susp.total).toBe(50);
    expect(susp.rows).toHaveLength(10);
    expect((await listAgents(db, { team: fx.team.slug, kind: "codex" })).total).toBe(167);
    expect((await listAgents(db, { team: fx.team.slug, role: "deployment" })).total).toBe(250);
    const high = await listAgents(db, { team: fx.team.slug, risk: "high" });
    expect(high.total).toBe(10); // wildcard scope (36) + a critical violation (15): i % 5 == 0 among the first 50
    expect((await listAgents(db, { team: fx.team.slug, q: "inv-04" })).total).toBe(10);
    const p2 = await listAgents(db, { team: fx.team.slug, page: 2, pageSize: 100, sort: "name" });
    expect(p2.rows[0].slug).not.toBe((await listAgents(db, { team: fx.team.slug, pageSize: 100, sort: "name" })).rows[0].slug);
    const past = await listAgents(db, { team: fx.team.slug, page: 99, pageSize: 100 });
    expect(past.rows).toHaveLength(0);
    expect(past.total).toBe(500);
    expect(riskLevel(39)).toBe("medium");
    expect((await listAgents(db, { team: fx.team.slug, risk: "medium" })).total).toBe(90);
  });
});
