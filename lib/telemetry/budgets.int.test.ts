import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { agents, alertDeliveries, alertWebhooks, auditEvents, telemetryBudgetAlerts, violations } from "@/db/schema";
import { seedAgent } from "@/lib/audit/test-fixtures";
import { resumeAgent } from "@/lib/registry/lifecycle";
import { budgetInputSchema } from "./schemas";
import { listBudgets, saveBudget } from "./budget-store";
import { operatorActor } from "@/lib/auth/actor";

const fixture = (f: string) => fs.readFileSync(path.join(__dirname, "fixtures", "claude-code", "json", f));
const ADMIN = operatorActor("admin@acme.test");

describeEngines("Telemetry budgets", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const post = (signal: string, body: Buffer, token: string) =>
    fetch(`${api.base}/api/otlp/v1/${signal}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: new Uint8Array(body),
    });
  beforeAll(async () => {
    api = await startTestApi(get());
  });
  afterAll(() => api.close());

  it("an agent budget below the real cost raises budget_exceeded, alerts, suspends; the next decision is a deny; a resume sticks for the period", async () => {
    const db = get().db;
    const a = await seedAgent(db, "budget-bot");
    const [hook] = await db
      .insert(alertWebhooks)
      .values({ name: "finance", url: "http://127.0.0.1:9/hook", secret: "s3cret", minSeverity: "medium" })
      .returning();
    await saveBudget(db, budgetInputSchema.parse({ scope: "agent", targetId: a.agent.id, limitUsd: "0.0001", thresholds: "80", autoSuspend: "on" }), ADMIN);
    // 04-metrics carries $0.00052 of the run's cost
    expect((await post("metrics", fixture("04-metrics.json"), a.token)).status).toBe(200);

    const [agent] = await db.select().from(agents).where(eq(agents.id, a.agent.id));
    expect(agent.status).toBe("suspended");
    expect(agent.statusReason).toMatch(/budget exceeded/);
    const vs = await db.select().from(violations).where(eq(violations.agentId, a.agent.id));
    expect(vs.map((v) => v.kind).sort()).toEqual(["budget_exceeded", "budget_threshold"]);
    const exceeded = vs.find((v) => v.kind === "budget_exceeded")!;
    expect(exceeded.severity).toBe("high");
    expect(exceeded.details).toMatchObject({ limitUsd: 0.0001, threshold: 100 });
    const deliveries = await db.select().from(alertDeliveries).where(eq(alertDeliveries.webhookId, hook.id));
    expect(deliveries.map((d) => d.violationId).sort()).toEqual(vs.map((v) => v.id).sort());
    const audit = await db
      .select({ type: auditEvents.type })
      .from(auditEvents)
      .where(and(eq(auditEvents.agentId, a.agent.id), inArray(auditEvents.type, ["budget.set", "budget.threshold", "budget.exceeded", "agent.kill"])));
    expect(audit.map((e) => e.type).sort()).toEqual(["agent.kill", "budget.exceeded", "budget.set", "budget.threshold"]);

    // suspended: the next decision for this agent is a deny, and its telemetry is refused as API.md says
    const d = await api.request("POST", "/api/v1/decisions", { token: a.token, body: { action: { type: "file.read", tool: "Read", resource: "README.md" } } });
    expect(d.status).toBe(200);
    expect(d.json.decision).toBe("deny");
    const refused = await post("metrics", fixture("06-metrics.json"), a.token);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("agent_suspended");

    // lifted by a person: more spend in the same period alerts and suspends no more
    await resumeAgent(db, a.agent.id, "budget raised by finance", ADMIN);
    expect((await post("metrics", fixture("06-metrics.json"), a.token)).status).toBe(200);
    const [after] = await db.select().from(agents).where(eq(agents.id, a.agent.id));
    expect(after.status).toBe("active");
    expect(await db.select().from(violations).where(eq(violations.agentId, a.agent.id))).toHaveLength(2);
    const [view] = await listBudgets(db, { agentId: a.agent.id });
    expect(view).toMatchObject({ scope: "agent", target: "budget-bot", period: "month", limitUsd: 0.0001, thresholds: [80, 100], autoSuspend: true });
    expect(view.spentUsd).toBeCloseTo(0.00068, 10);
  });

  it("a team budget alerts at its thresholds once per period and never suspends", async () => {
    const db = get().db;
    const a = await seedAgent(db, "team-budget-bot");
    await saveBudget(db, budgetInputSchema.parse({ scope: "team", targetId: a.team.id, limitUsd: 0.001, thresholds: [50] }), ADMIN);
    for (const f of ["04-metrics.json", "06-metrics.json"]) expect((await post("metrics", fixture(f), a.token)).status).toBe(200);
    const marks = await db.select().from(telemetryBudgetAlerts);
    const teamMarks = marks.filter((m) => m.spentUsd > 0 && m.threshold === 50);
    expect(teamMarks).toHaveLength(1);
    const vs = await db.select().from(violations).where(eq(violations.kind, "budget_threshold"));
    const team = vs.filter((v) => v.title.includes(a.team.slug));
    expect(team).toHaveLength(1);
    expect(team[0].agentId).toBeNull();
    const [agent] = await db.select().from(agents).where(eq(agents.id, a.agent.id));
    expect(agent.status).toBe("active");
  });

  it("validates budget input", () => {
    expect(budgetInputSchema.safeParse({ scope: "team", targetId: crypto.randomUUID(), limitUsd: 5, autoSuspend: true }).success).toBe(false);
    expect(budgetInputSchema.safeParse({ scope: "agent", targetId: crypto.randomUUID(), limitUsd: 0 }).success).toBe(false);
    expect(budgetInputSchema.safeParse({ scope: "agent", targetId: crypto.randomUUID(), limitUsd: 5, thresholds: "80, abc" }).success).toBe(false);
    expect(budgetInputSchema.parse({ scope: "agent", targetId: crypto.randomUUID(), limitUsd: "5", thresholds: "90, 50" }).thresholds).toEqual([50, 90, 100]);
  });
});
