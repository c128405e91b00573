import { expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEngines } from "@/lib/testing/db";
import { transaction } from "@/db/client";
import { auditEvents, users, violationActivity, violations } from "@/db/schema";
import { AppError } from "@/lib/http/errors";
import { raiseViolations } from "./raise";
import { triageViolations } from "./triage";
import { listViolations, iterateViolations } from "./queries";
import { countOpenBySeverity, topViolatingAgents } from "./overview";
import { parseViolationFilter } from "./schemas";
import type { ViolationHit } from "./types";
import { personActor } from "@/lib/auth/actor";

const hit = (over: Partial<ViolationHit>): ViolationHit => ({
  kind: "scope_violation",
  severity: "medium",
  agentId: null,
  agentSlug: "bot-a",
  title: "t",
  explanation: "e",
  evidenceSeqs: [],
  ...over,
});

describeEngines("triage and the violations list", (get) => {
  let lead: { id: string; email: string };
  let viewer: { id: string };
  let ids: string[] = [];
  it("lists open first, by severity, then recency", async () => {
    const db = get().db;
    [lead] = await db.insert(users).values({ email: "lead@acme.test", name: "Lee Lead", role: "security_lead" }).returning();
    [viewer] = await db.insert(users).values({ email: "v@acme.test", name: "Vi Viewer", role: "viewer" }).returning();
    const now = Date.now();
    const r = await transaction(db, (t) =>
      raiseViolations(t, [
        hit({ kind: "scope_violation", severity: "medium", at: new Date(now - 1000) }),
        hit({ kind: "shadow_agent", severity: "high", agentSlug: "ghost", at: new Date(now - 5000) }),
        hit({ kind: "secret_exposure", severity: "critical", at: new Date(now - 9000) }),
        hit({ kind: "exfiltration", severity: "high", agentSlug: "bot-b", at: new Date(now - 2000) }),
      ]),
    );
    ids = r.created;
    const { rows, total } = await listViolations(db, parseViolationFilter({}));
    expect(total).toBe(4);
    expect(rows.map((x) => x.kind)).toEqual(["secret_exposure", "exfiltration", "shadow_agent", "scope_violation"]);
    const filtered = await listViolations(db, parseViolationFilter({ severity: "high", agent: "ghost" }));
    expect(filtered.rows.map((x) => x.kind)).toEqual(["shadow_agent"]);
  });

  it("assigns and moves status with activity and audit events; refused moves change nothing", async () => {
    const db = get().db;
    const [critical] = await db.select().from(violations).where(eq(violations.kind, "secret_exposure"));
    await triageViolations(db, { ids: [critical.id], assigneeId: lead.id, status: "triaged", note: "looking" }, personActor(lead));
    await triageViolations(db, { ids: [critical.id], status: "resolved", note: "key rotated" }, personActor(lead));
    const [after] = await db.select().from(violations).where(eq(violations.id, critical.id));
    expect(after).toMatchObject({ status: "resolved", assigneeId: lead.id });
    const act = await db.select().from(violationActivity).where(eq(violationActivity.violationId, critical.id));
    expect(act.map((a) => [a.action, a.fromStatus, a.toStatus, a.note]).sort()).toEqual(
      [
        ["status", "triaged", "resolved", "key rotated"],
        ["status+assign:lead@acme.test", "open", "triaged", "looking"],
      ].sort(),
    );
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.type, "violation.triage"));
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ actorKind: "human", actorUserId: lead.id, resource: `violation:${critical.id}` });
    expect(audit[1].payload).toMatchObject({ from_status: "triaged", to_status: "resolved", note: "key rotated" });

    // resolved → triaged is not a move the workflow allows; the batch fails as a whole
    const other = ids.find((i) => i !== critical.id)!;
    await expect(triageViolations(db, { ids: [other, critical.id], status: "triaged", note: "x" }, personActor(lead))).rejects.toBeInstanceOf(AppError);
    const [untouched] = await db.select().from(violations).where(eq(violations.id, other));
    expect(untouched.status).toBe("open");
    // only people who may triage can be assigned
    await expect(triageViolations(db, { ids: [other], assigneeId: viewer.id }, personActor(lead))).rejects.toThrow(/may triage/);
  });

  it("bulk-triages and feeds the overview and the export", async () => {
    const db = get().db;
    const open = (await db.select().from(violations).where(eq(violations.status, "open"))).map((v) => v.id);
    const res = await triageViolations(db, { ids: open, status: "false_positive", note: "test traffic" }, personActor(lead));
    expect(res.changed).toBe(3);
    expect(await countOpenBySeverity(db)).toEqual({ low: 0, medium: 0, high: 0, critical: 0 });
    const top = await topViolatingAgents(db);
    // bot-a and bot-b are not registered (no agent id) and not caught shadow agents: like a
    // person whose merge raised a gate override, they are not ranked among agents.
    expect(top.map((t) => t.slug)).toEqual(["ghost"]);
    const pages = [];
    for await (const p of iterateViolations(db, {})) pages.push(...p);
    expect(pages).toHaveLength(4);
  });
});
