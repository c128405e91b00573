import "server-only";
import { randomBytes } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, alertDeliveries, alertWebhooks, approvalRequests, violations } from "@/db/schema";
import type { AuditInput } from "@/lib/audit/record";
import { audited } from "@/lib/audit/audited";
import { auditActor, type PersonActor } from "@/lib/auth/actor";
import type { Severity } from "./types";

/** Chat webhook URLs carry their credential in the path: show and audit only the origin. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.length > 1 ? "/…" : ""}`;
  } catch {
    return "(invalid URL)";
  }
}

function audit(actor: PersonActor, type: string, name: string, payload: Record<string, unknown>): AuditInput {
  return { ...auditActor(actor), type, resource: `alert_webhook:${name}`, payload };
}

/** Creates a webhook; the signing secret is generated unless given, and returned once. */
export async function createWebhook(
  db: Db,
  input: { name: string; url: string; secret?: string; minSeverity: Severity; notifyApprovals?: boolean },
  actor: PersonActor,
) {
  const secret = input.secret ?? `ghw_${randomBytes(24).toString("base64url")}`;
  return audited(db, async (tx) => {
    const [row] = await tx
      .insert(alertWebhooks)
      .values({ name: input.name, url: input.url, secret, minSeverity: input.minSeverity, notifyApprovals: input.notifyApprovals ?? false })
      .returning();
    return {
      result: { id: row.id, secret: input.secret ? undefined : secret },
      events: [audit(actor, "alert_webhook.create", row.name, { url: maskUrl(row.url), min_severity: row.minSeverity, notify_approvals: row.notifyApprovals })],
    };
  });
}

export async function setWebhookEnabled(db: Db, id: string, enabled: boolean, actor: PersonActor) {
  await audited(db, async (tx) => {
    const [row] = await tx.update(alertWebhooks).set({ enabled }).where(eq(alertWebhooks.id, id)).returning();
    return {
      result: undefined,
      events: row ? [audit(actor, enabled ? "alert_webhook.enable" : "alert_webhook.disable", row.name, { url: maskUrl(row.url) })] : [],
    };
  });
}

export async function deleteWebhook(db: Db, id: string, actor: PersonActor) {
  await audited(db, async (tx) => {
    const [row] = await tx.delete(alertWebhooks).where(eq(alertWebhooks.id, id)).returning();
    return { result: undefined, events: row ? [audit(actor, "alert_webhook.delete", row.name, { url: maskUrl(row.url) })] : [] };
  });
}

export async function listWebhooks(db: Db) {
  const rows = await db
    .select({
      id: alertWebhooks.id,
      name: alertWebhooks.name,
      url: alertWebhooks.url,
      minSeverity: alertWebhooks.minSeverity,
      notifyApprovals: alertWebhooks.notifyApprovals,
      enabled: alertWebhooks.enabled,
      createdAt: alertWebhooks.createdAt,
      delivered: sql<number>`(select count(*) from alert_deliveries d where d.webhook_id = ${alertWebhooks.id} and d.status = 'delivered')::int`,
      failed: sql<number>`(select count(*) from alert_deliveries d where d.webhook_id = ${alertWebhooks.id} and d.status = 'failed')::int`,
      pending: sql<number>`(select count(*) from alert_deliveries d where d.webhook_id = ${alertWebhooks.id} and d.status in ('pending','retrying','sending'))::int`,
    })
    .from(alertWebhooks)
    .orderBy(alertWebhooks.name);
  return rows.map(({ url, ...r }) => ({ ...r, url: maskUrl(url) }));
}

export async function listRecentDeliveries(db: Db, limit = 50) {
  return db
    .select({
      id: alertDeliveries.id,
      webhookName: alertWebhooks.name,
      violationId: alertDeliveries.violationId,
      violationTitle: violations.title,
      severity: violations.severity,
      approvalId: alertDeliveries.approvalId,
      approvalAgent: agents.slug,
      approvalAction: approvalRequests.actionType,
      approvalCommand: sql<string | null>`coalesce(${approvalRequests.command}, ${approvalRequests.resource})`,
      status: alertDeliveries.status,
      attempts: alertDeliveries.attempts,
      lastStatusCode: alertDeliveries.lastStatusCode,
      lastError: alertDeliveries.lastError,
      nextAttemptAt: alertDeliveries.nextAttemptAt,
      deliveredAt: alertDeliveries.deliveredAt,
      createdAt: alertDeliveries.createdAt,
    })
    .from(alertDeliveries)
    .innerJoin(alertWebhooks, eq(alertWebhooks.id, alertDeliveries.webhookId))
    .leftJoin(violations, eq(violations.id, alertDeliveries.violationId))
    .leftJoin(approvalRequests, eq(approvalRequests.id, alertDeliveries.approvalId))
    .leftJoin(agents, eq(agents.id, approvalRequests.agentId))
    .orderBy(desc(alertDeliveries.createdAt))
    .limit(limit);
}
