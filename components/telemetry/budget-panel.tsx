"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { Badge } from "@/components/ui/badge";
import { useServerAction } from "@/components/settings/use-action";
import { deleteBudgetAction, saveBudgetAction } from "@/lib/telemetry/actions";
import { formatUsd } from "@/lib/telemetry/format";
import type { BudgetView } from "@/lib/telemetry/budget-store";

/** Budgets of one agent (and its team), with this period's spend; a form to set the agent's. */
export function BudgetPanel({ agentId, budgets, canManage }: { agentId: string; budgets: BudgetView[]; canManage: boolean }) {
  const save = useServerAction(saveBudgetAction);
  const del = useServerAction(deleteBudgetAction);
  const [autoSuspend, setAutoSuspend] = useState(false);
  return (
    <div className="space-y-3" data-testid="budget-panel">
      {budgets.length === 0 ? (
        <p className="text-sm text-muted-foreground">No budget for this agent or its team.</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {budgets.map((b) => {
            const used = b.limitUsd > 0 ? b.spentUsd / b.limitUsd : 0;
            return (
              <li key={b.id} className="space-y-1" data-testid={`budget-${b.scope}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={used >= 1 ? "bad" : used >= 0.8 ? "warn" : "good"}>{b.scope === "agent" ? "agent" : `team ${b.target}`}</Badge>
                  <span className="tabular-nums">
                    {formatUsd(b.spentUsd)} of {formatUsd(b.limitUsd)} this {b.period}
                  </span>
                  <span className="text-xs text-muted-foreground">
                    alerts at {b.thresholds.join(", ")} %{b.autoSuspend ? " · suspends when exceeded" : ""}
                  </span>
                  {canManage && b.scope === "agent" ? (
                    <Button variant="ghost" size="sm" disabled={del.pending} onClick={() => del.run({ id: b.id })}>
                      Remove
                    </Button>
                  ) : null}
                </div>
                <div
                  className="h-2 w-full overflow-hidden rounded bg-muted"
                  role="progressbar"
                  aria-label={`${b.scope} budget used`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(Math.min(used, 1) * 100)}
                >
                  <div
                    className={used >= 1 ? "h-full bg-red-600" : used >= 0.8 ? "h-full bg-amber-500" : "h-full bg-emerald-600"}
                    style={{ width: `${Math.min(used, 1) * 100}%` }}
                  />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {canManage ? (
        <form
          className="grid gap-2 border-t border-border pt-3 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            save.run({ scope: "agent", targetId: agentId, period: f.get("period"), limitUsd: f.get("limitUsd"), thresholds: f.get("thresholds"), autoSuspend });
          }}
        >
          <div>
            <Label htmlFor="budget-limit">Limit (USD)</Label>
            <Input id="budget-limit" name="limitUsd" inputMode="decimal" required aria-describedby="budget-limit-error" />
            <FieldError id="budget-limit-error" messages={save.fieldErrors?.limitUsd} />
          </div>
          <div>
            <Label htmlFor="budget-period">Period</Label>
            <Select id="budget-period" name="period" defaultValue="month">
              <option value="month">Month</option>
              <option value="day">Day</option>
            </Select>
          </div>
          <div>
            <Label htmlFor="budget-thresholds">Alert at (% of the limit)</Label>
            <Input id="budget-thresholds" name="thresholds" defaultValue="80, 100" aria-describedby="budget-thresholds-error" />
            <FieldError id="budget-thresholds-error" messages={save.fieldErrors?.thresholds} />
          </div>
          <label className="flex items-center gap-2 self-end text-sm">
            <input type="checkbox" checked={autoSuspend} onChange={(e) => setAutoSuspend(e.target.checked)} />
            Suspend the agent when exceeded
          </label>
          <div className="sm:col-span-2 flex items-center gap-3">
            <Button type="submit" disabled={save.pending}>
              Set budget
            </Button>
            {save.error ? (
              <span role="alert" className="text-sm text-destructive">
                {save.error}
              </span>
            ) : null}
          </div>
        </form>
      ) : null}
    </div>
  );
}
