import { getDb } from "@/lib/db";
import { loadCostSummary } from "@/lib/telemetry/queries";
import { formatCount, formatUsd } from "@/lib/telemetry/format";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LazySimpleBarChart as SimpleBarChart } from "@/components/charts/lazy";
import { CostTable } from "./cost-table";

/**
 * Cost and tokens from the agents' own OpenTelemetry: per day (chart), per agent, team and
 * model, and agent vs human (sortable tables with CSV), with what the spend bought: merged
 * changes and escaped defects in the same window. Server component; `agentId` narrows it to one agent.
 */
export async function CostSection({ days, agentId }: { days: number; agentId?: string }) {
  const data = await loadCostSummary(await getDb(), { days, agentId });
  const tokens = data.daily.reduce((s, d) => s + d.tokens, 0);
  const empty = data.daily.length === 0;
  return (
    <section aria-labelledby="cost-heading" className="space-y-4" data-testid="cost-section">
      <div>
        <h2 id="cost-heading" className="text-lg font-semibold">
          Cost and tokens
        </h2>
        <p className="text-sm text-muted-foreground">
          From the agents&apos; OpenTelemetry, {data.from} – {data.to}:{" "}
          <span className="font-semibold text-foreground tabular-nums" data-testid="cost-total">
            {formatUsd(data.totalUsd)}
          </span>{" "}
          · <span data-testid="cost-tokens">{formatCount(tokens)}</span> tokens
        </p>
      </div>
      {empty ? (
        <p className="rounded-md border border-dashed border-border p-6 text-center text-sm text-muted-foreground">
          No telemetry in this window. Point the agents&apos; OpenTelemetry exporter at Gatehouse (docs/agents.md).
        </p>
      ) : (
        <>
          <Card>
            <CardHeader>
              <CardTitle>Cost per day</CardTitle>
            </CardHeader>
            <CardContent>
              <SimpleBarChart
                label="Cost per day in USD"
                color="#059669"
                data={data.daily.map((d) => ({ name: d.day.slice(5), value: Number(d.costUsd.toFixed(4)), detail: `${formatCount(d.tokens)} tokens` }))}
              />
            </CardContent>
          </Card>
          {agentId ? null : (
            <Card>
              <CardHeader>
                <CardTitle>By agent</CardTitle>
              </CardHeader>
              <CardContent>
                <CostTable rows={data.byAgent} name="Agent" caption="Cost and tokens by agent" testId="cost-by-agent" />
              </CardContent>
            </Card>
          )}
          <div className="grid gap-4 xl:grid-cols-2">
            {agentId ? null : (
              <Card>
                <CardHeader>
                  <CardTitle>By team</CardTitle>
                </CardHeader>
                <CardContent>
                  <CostTable rows={data.byTeam} name="Team" caption="Cost and tokens by team" testId="cost-by-team" />
                </CardContent>
              </Card>
            )}
            <Card>
              <CardHeader>
                <CardTitle>By model</CardTitle>
              </CardHeader>
              <CardContent>
                <CostTable rows={data.byModel} name="Model" caption="Cost and tokens by model" testId="cost-by-model" />
              </CardContent>
            </Card>
            {agentId ? null : (
              <Card>
                <CardHeader>
                  <CardTitle>Agent vs human</CardTitle>
                  <p className="text-xs text-muted-foreground">Human: sessions attached to human-authored changes (assisted work).</p>
                </CardHeader>
                <CardContent>
                  <CostTable
                    rows={data.byAuthorKind}
                    name="Cohort"
                    caption="Cost per merged change and escaped defect, agent vs human"
                    testId="cost-by-cohort"
                  />
                </CardContent>
              </Card>
            )}
          </div>
        </>
      )}
    </section>
  );
}
