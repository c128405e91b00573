import { STATUS_LABELS } from "./format";

export interface ActivityItem {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  at: string;
  who: string;
}

function describe(a: ActivityItem): string {
  if (a.action === "kill_agent") return "killed the agent";
  const parts: string[] = [];
  if (a.toStatus) parts.push(`moved ${STATUS_LABELS[a.fromStatus ?? ""] ?? a.fromStatus} → ${STATUS_LABELS[a.toStatus] ?? a.toStatus}`);
  const assign = a.action.split("+").find((x) => x.startsWith("assign:") || x === "unassign");
  if (assign) parts.push(assign === "unassign" ? "unassigned it" : `assigned it to ${assign.slice("assign:".length)}`);
  if (a.action === "note") parts.push("added a note");
  return parts.join(", ") || a.action;
}

export function ActivityLog({ items }: { items: ActivityItem[] }) {
  if (items.length === 0) return <p className="text-sm text-muted-foreground">No triage yet.</p>;
  return (
    <ol className="space-y-3 text-sm" data-testid="activity-log">
      {items.map((a) => (
        <li key={a.id}>
          <div>
            <span className="font-medium">{a.who}</span> {describe(a)}
          </div>
          <div className="text-xs text-muted-foreground">{a.at}</div>
          {a.note ? <p className="mt-1 whitespace-pre-wrap rounded bg-muted p-2">{a.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}
