import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { startAlertWorker } from "@/lib/violations/alerts";
import { listRecentDeliveries, listWebhooks } from "@/lib/violations/webhooks";
import { CreateWebhookForm, WebhookTable } from "@/components/violations/webhooks";
import { SeverityBadge } from "@/components/violations/badges";
import { Badge } from "@/components/ui/badge";
import { Table, THead, TBody, TR, TH, TD, EmptyState } from "@/components/ui/table";
import { fmtTime } from "@/components/violations/format";

export const metadata: Metadata = { title: "Alert webhooks" };

const DELIVERY_TONE = { delivered: "good", failed: "bad", retrying: "warn", sending: "info", pending: "neutral", cancelled: "neutral" } as const;

// Where alerts go is the security lead's call: violations:triage (admin + security lead).
export default async function AlertsPage() {
  await requirePermission("violations:triage");
  // Server boot starts the worker; this is the lazy fallback (idempotent, one per process).
  startAlertWorker(getDb);
  const db = await getDb();
  const [hooks, deliveries] = await Promise.all([listWebhooks(db), listRecentDeliveries(db)]);
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/violations" className="hover:underline">
          Violations
        </Link>{" "}
        / Alerts
      </nav>
      <h1 className="text-2xl font-semibold">Alert webhooks</h1>
      <p className="max-w-3xl text-sm text-muted-foreground">
        Each new violation at or above a webhook&apos;s minimum severity is POSTed as JSON <code>{"{violation, sent_at}"}</code>, signed in{" "}
        <code>X-Gatehouse-Signature: sha256=&lt;HMAC-SHA256 of the body&gt;</code>, with <code>X-Gatehouse-Delivery</code> as an idempotency key. A webhook can
        also receive each new approval request as <code>{"{approval, sent_at}"}</code>, so approvers learn that something waits for them;{" "}
        <code>X-Gatehouse-Event</code> says which (<code>violation</code> or <code>approval.requested</code>). Failures are retried 5 times with exponential
        backoff.
      </p>
      <CreateWebhookForm />
      <WebhookTable hooks={hooks} />
      <section aria-labelledby="deliveries-h" className="space-y-2">
        <h2 id="deliveries-h" className="text-lg font-semibold">
          Recent deliveries
        </h2>
        {deliveries.length === 0 ? (
          <EmptyState title="No deliveries yet" />
        ) : (
          <Table aria-label="Recent deliveries">
            <THead>
              <tr>
                <TH>Queued</TH>
                <TH>Webhook</TH>
                <TH>About</TH>
                <TH>Status</TH>
                <TH>Attempts</TH>
                <TH>Last result</TH>
                <TH>Next attempt</TH>
              </tr>
            </THead>
            <TBody>
              {deliveries.map((d) => (
                <TR key={d.id}>
                  <TD className="whitespace-nowrap text-xs">{fmtTime(d.createdAt)}</TD>
                  <TD>{d.webhookName}</TD>
                  <TD className="text-sm">
                    {d.approvalId ? (
                      <Link href="/approvals" className="hover:underline">
                        Approval request: {d.approvalAgent ?? "an agent"} wants <code>{d.approvalAction}</code> {d.approvalCommand ?? ""}
                      </Link>
                    ) : (
                      <>
                        {d.severity ? <SeverityBadge severity={d.severity} /> : null}{" "}
                        <Link href={`/violations/${d.violationId}`} className="hover:underline">
                          {d.violationTitle ?? d.violationId}
                        </Link>
                      </>
                    )}
                  </TD>
                  <TD>
                    <Badge tone={DELIVERY_TONE[d.status as keyof typeof DELIVERY_TONE] ?? "neutral"}>{d.status}</Badge>
                  </TD>
                  <TD className="tabular-nums">{d.attempts}</TD>
                  <TD className="text-xs">{d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : "—")}</TD>
                  <TD className="whitespace-nowrap text-xs">
                    {d.status === "retrying" || d.status === "pending" ? fmtTime(d.nextAttemptAt) : d.deliveredAt ? `sent ${fmtTime(d.deliveredAt)}` : "—"}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
