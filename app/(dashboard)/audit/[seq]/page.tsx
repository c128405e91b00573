import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getAuditEvent } from "@/lib/audit/queries";
import { filterFromSearchParams } from "@/lib/audit/params";
import { AuditEventDetail } from "@/components/audit/event-detail";

export const metadata: Metadata = { title: "Audit event" };

export default async function AuditEventPage({
  params,
  searchParams,
}: {
  params: Promise<{ seq: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission("dashboard:view");
  const { seq } = await params;
  if (!/^\d{1,15}$/.test(seq)) notFound();
  const event = await getAuditEvent(await getDb(), Number(seq));
  if (!event) notFound();
  const { query } = filterFromSearchParams(await searchParams);
  return (
    <div className="space-y-4">
      <Link href={`/audit${query ? `?${query}` : ""}`} className="text-sm underline">
        ← Back to the audit trail
      </Link>
      <h1 className="text-2xl font-semibold">
        Event #{event.seq} <span className="font-mono text-lg text-muted-foreground">{event.type}</span>
      </h1>
      <AuditEventDetail e={event} />
    </div>
  );
}
