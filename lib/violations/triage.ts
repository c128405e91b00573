import "server-only";
import { eq, inArray } from "drizzle-orm";
import { transaction, type Db } from "@/db/client";
import { users, violationActivity, violations } from "@/db/schema";
import { appendAuditEvents, type AuditInput } from "@/lib/audit/record";
import { can, type Role } from "@/lib/auth/permissions";
import { auditActor, type PersonActor } from "@/lib/auth/actor";
import { badRequest, conflict, notFound } from "@/lib/http/errors";
import { canTransition, type ViolationStatus } from "./types";
import type { TriageInput } from "./schemas";

/**
 * Assigns and/or moves the status of one or more violations, in one transaction: each
 * violation gets a violation_activity row and an audit event (type violation.triage).
 * A move the workflow does not allow fails the whole batch (nothing half-applied).
 */
export async function triageViolations(db: Db, input: TriageInput, actor: PersonActor) {
  return transaction(db, async (tx) => {
    const rows = await tx.select().from(violations).where(inArray(violations.id, input.ids)).for("update");
    if (rows.length !== new Set(input.ids).size) throw notFound("Some of these violations no longer exist.");
    let assignee: { id: string; email: string } | null | undefined;
    if (input.assigneeId) {
      const [u] = await tx
        .select({ id: users.id, email: users.email, role: users.role, disabled: users.disabled })
        .from(users)
        .where(eq(users.id, input.assigneeId));
      if (!u || u.disabled || !can(u.role as Role, "violations:triage")) throw badRequest("Assign to a person who may triage violations.");
      assignee = { id: u.id, email: u.email };
    } else if (input.assigneeId === "") assignee = null;
    const to = input.status as ViolationStatus | undefined;
    if (to) {
      const bad = rows.filter((r) => r.status !== to && !canTransition(r.status, to));
      if (bad.length) throw conflict(`Cannot move ${bad.length === 1 ? "a" : bad.length} ${bad[0].status} violation${bad.length === 1 ? "" : "s"} to ${to}.`);
    }
    const now = new Date();
    const audit: AuditInput[] = [];
    const activity: (typeof violationActivity.$inferInsert)[] = [];
    for (const r of rows) {
      const statusChanges = !!to && to !== r.status;
      const assignChanges = assignee !== undefined && (assignee?.id ?? null) !== r.assigneeId;
      if (!statusChanges && !assignChanges && !input.note) continue;
      await tx
        .update(violations)
        .set({
          ...(statusChanges ? { status: to } : {}),
          ...(assignChanges ? { assigneeId: assignee?.id ?? null } : {}),
          updatedAt: now,
        })
        .where(eq(violations.id, r.id));
      // e.g. "status", "assign:lee@acme.test", "status+unassign", "note"
      const action =
        [statusChanges ? "status" : null, assignChanges ? (assignee ? `assign:${assignee.email}` : "unassign") : null].filter(Boolean).join("+") || "note";
      activity.push({
        violationId: r.id,
        userId: actor.userId,
        action,
        fromStatus: statusChanges ? r.status : null,
        toStatus: statusChanges ? to! : null,
        note: input.note || null,
        createdAt: now,
      });
      audit.push({
        ...auditActor(actor),
        type: "violation.triage",
        agentId: r.agentId,
        agentSlug: r.agentSlug,
        resource: `violation:${r.id}`,
        outcome: "success",
        payload: {
          violation_id: r.id,
          kind: r.kind,
          action,
          ...(statusChanges ? { from_status: r.status, to_status: to } : {}),
          ...(assignChanges ? { assignee: assignee?.email ?? null } : {}),
          ...(input.note ? { note: input.note } : {}),
        },
      });
    }
    if (activity.length) await tx.insert(violationActivity).values(activity);
    await appendAuditEvents(tx, audit);
    return { changed: activity.length };
  });
}

/** Notes the kill taken from a violation page in its activity log (killAgent audits the kill itself). */
export async function noteKill(db: Db, violationId: string, actor: PersonActor, reason: string) {
  await db.insert(violationActivity).values({ violationId, userId: actor.userId, action: "kill_agent", note: reason });
}
