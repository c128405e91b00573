import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { sessionTimeline } from "@/lib/audit/queries";
import { SessionTimeline } from "@/components/audit/session-timeline";
import { loadSessionCost } from "@/lib/telemetry/queries";
import { formatCount, formatUsd } from "@/lib/telemetry/format";

export const metadata: Metadata = { title: "Session timeline" };

export default async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  await requirePermission("dashboard:view");
  const { sessionId } = await params;
  const id = decodeURIComponent(sessionId);
  const db = await getDb();
  const events = await sessionTimeline(db, id);
  const agent = events.find((e) => e.agentSlug)?.agentSlug;
  // what the session cost, from the agent's OpenTelemetry (same session id)
  const cost = await loadSessionCost(db, id, agent ?? undefined);
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
      {cost ? (
        <section aria-labelledby="session-cost-h" data-testid="session-cost" className="rounded-lg border p-4">
          <h2 id="session-cost-h" className="text-sm font-medium text-muted-foreground">
            What this session cost (OpenTelemetry)
          </h2>
          <dl className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
            <div>
              <dt className="text-xs text-muted-foreground">Cost</dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid="session-cost-total">
                {formatUsd(cost.costUsd)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Input tokens</dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid="session-cost-input">
                {formatCount(cost.inputTokens)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Output tokens</dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid="session-cost-output">
                {formatCount(cost.outputTokens)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Model(s)</dt>
              <dd className="truncate text-sm">{cost.models.length ? cost.models.join(", ") : "—"}</dd>
            </div>
          </dl>
        </section>
      ) : null}
      <SessionTimeline events={events} />
    </div>
  );
}
