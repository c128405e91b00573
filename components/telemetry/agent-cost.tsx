import { getDb } from "@/lib/db";
import { listBudgets } from "@/lib/telemetry/budget-store";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { BudgetPanel } from "./budget-panel";
import { CostSection } from "./cost-section";

/** The agent page's cost block: its last 30 days of spend and tokens, and its budgets. */
export async function AgentCost({ agentId, canManage }: { agentId: string; canManage: boolean }) {
  const budgets = await listBudgets(await getDb(), { agentId });
  return (
    <div className="space-y-4">
      <CostSection days={30} agentId={agentId} />
      <Card>
        <CardHeader>
          <CardTitle>Budget</CardTitle>
        </CardHeader>
        <CardContent>
          <BudgetPanel agentId={agentId} budgets={budgets} canManage={canManage} />
        </CardContent>
      </Card>
    </div>
  );
}
