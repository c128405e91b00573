import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/db/client";
import { sessionTimeline } from "@/lib/audit/queries";
import { SessionTimeline } from "@/components/audit/session-timeline";

export const metadata: Metadata = { title: "Session timeline" };

export default async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  await requirePermission("dashboard:view");
  const { sessionId } = await params;
  const id = decodeURIComponent(sessionId);
  const events = await sessionTimeline(await getDb(), id);
  const agent = events.find((e) => e.agentSlug)?.agentSlug;
  return (
    <div className="space-y-4">
      <Link href={`/audit?session=${encodeURIComponent(id)}`} className="text-sm underline">
        ← This session in the audit trail
      </Link>
      <div>
        <h1 className="text-2xl font-semibold">Session timeline</h1>
        <p className="text-sm text-muted-foreground">
          <code>{id}</code>
          {agent ? ` · ${agent}` : ""} · {events.length} event(s), oldest first
        </p>
      </div>
      <SessionTimeline events={events} />
    </div>
  );
}
