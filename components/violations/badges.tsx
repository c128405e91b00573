import { Badge, severityTone } from "@/components/ui/badge";
import { STATUS_LABELS } from "./format";

export function SeverityBadge({ severity }: { severity: "low" | "medium" | "high" | "critical" }) {
  return (
    <Badge tone={severityTone[severity]} data-testid="severity">
      {severity[0].toUpperCase() + severity.slice(1)}
    </Badge>
  );
}

const STATUS_TONE = { open: "bad", triaged: "warn", resolved: "good", false_positive: "neutral" } as const;

export function StatusBadge({ status }: { status: "open" | "triaged" | "resolved" | "false_positive" }) {
  return (
    <Badge tone={STATUS_TONE[status]} data-testid="status">
      {STATUS_LABELS[status]}
    </Badge>
  );
}
