import Link from "next/link";
import { getDb } from "@/lib/db";
import { countOpenBySeverity, topViolatingAgents } from "@/lib/violations/overview";
import { SEVERITIES } from "@/lib/violations/types";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, THead, TBody, TR, TH, TD } from "@/components/ui/table";
// lazy: recharts loads after the page, outside the first-load JS (components/charts/lazy.tsx)
import { LazySeverityChart as SeverityChart } from "@/components/charts/lazy";

/** Server component for the overview page: open violations by severity and this week's top agents. */
export async function ViolationsOverviewPanel() {
  const db = await getDb();
  const [bySeverity, top] = await Promise.all([countOpenBySeverity(db), topViolatingAgents(db, 5)]);
  const data = [...SEVERITIES].reverse().map((s) => ({ severity: s, count: bySeverity[s] }));
  const total = data.reduce((a, d) => a + d.count, 0);
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="violations-overview">
      <Card>
        <CardHeader>
          <CardTitle>
            <Link href="/violations?status=open" className="hover:underline">
              Open violations by severity
            </Link>
          </CardTitle>
          <p className="text-sm text-muted-foreground">{total} open or triaged</p>
        </CardHeader>
        <CardContent>
          <SeverityChart data={data} />
          <ul className="sr-only">
            {data.map((d) => (
              <li key={d.severity}>
                {d.severity}: {d.count}
              </li>
            ))}
          </ul>
          <div className="mt-2 flex flex-wrap gap-3 text-xs">
            {data.map((d) => (
              <Link key={d.severity} href={`/violations?severity=${d.severity}`} className="hover:underline" data-testid={`open-${d.severity}`}>
                {d.severity}: <span className="font-semibold tabular-nums">{d.count}</span>
              </Link>
            ))}
          </div>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Agents with the most violations this week</CardTitle>
        </CardHeader>
        <CardContent>
          {top.length === 0 ? (
            <p className="text-sm text-muted-foreground">No violations in the last 7 days.</p>
          ) : (
            <Table aria-label="Agents with the most violations this week">
              <THead>
                <tr>
                  <TH>Agent</TH>
                  <TH className="text-right">Violations</TH>
                  <TH className="text-right">Occurrences</TH>
                  <TH className="text-right">Critical</TH>
                </tr>
              </THead>
              <TBody>
                {top.map((a) => (
                  <TR key={`${a.agentId}-${a.slug}`}>
                    <TD>
                      <Link href={`/violations?agent=${encodeURIComponent(a.slug)}`} className="hover:underline">
                        {a.slug}
                      </Link>
                    </TD>
                    <TD className="text-right tabular-nums">{a.violations}</TD>
                    <TD className="text-right tabular-nums">{a.occurrences}</TD>
                    <TD className="text-right tabular-nums">{a.critical}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
