import { cn } from "@/lib/ui/cn";

export function StatTile(props: { label: string; value: number | string; tone?: "bad" | "warn"; testId?: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-border bg-card p-4">
      <div className="text-sm text-muted-foreground">{props.label}</div>
      <div
        data-testid={props.testId}
        className={cn(
          "mt-1 text-3xl font-semibold tabular-nums",
          props.tone === "bad" && "text-red-700 dark:text-red-300",
          props.tone === "warn" && "text-amber-700 dark:text-amber-300",
        )}
      >
        {typeof props.value === "number" ? props.value.toLocaleString("en-US") : props.value}
      </div>
      {props.hint ? <div className="mt-1 text-xs text-muted-foreground">{props.hint}</div> : null}
    </div>
  );
}
