import { Badge } from "@/components/ui/badge";

export interface SimulatedAction {
  type: string;
  what: string;
  detail: string;
  decision: string;
  rule_id: string | null;
}

/**
 * What a tool call was broken into (a shell line's simple commands, every file of a patch) and
 * each part's verdict; the part that decided is marked. Shown under the simulator's answer.
 */
export function DerivedActions({ actions, decidedBy, unanalysable }: { actions: SimulatedAction[]; decidedBy: number | null; unanalysable: string | null }) {
  if (actions.length === 0) return null;
  return (
    <div className="space-y-1" data-testid="sim-actions">
      <p className="text-sm font-medium">Derived actions ({actions.length})</p>
      {unanalysable ? <p className="text-sm text-muted-foreground">Not analysable with confidence ({unanalysable}): never free.</p> : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Actions derived from the simulated tool call and the decision for each</caption>
          <thead className="text-muted-foreground">
            <tr>
              <th scope="col" className="py-1 pr-2 font-normal">
                Action
              </th>
              <th scope="col" className="py-1 pr-2 font-normal">
                From
              </th>
              <th scope="col" className="py-1 pr-2 font-normal">
                Decision
              </th>
              <th scope="col" className="py-1 font-normal">
                Rule
              </th>
            </tr>
          </thead>
          <tbody>
            {actions.map((a, i) => (
              <tr key={i} className={i === decidedBy ? "bg-muted/60 font-medium" : undefined} aria-current={i === decidedBy ? "true" : undefined}>
                <td className="py-1 pr-2 align-top">
                  <code>{a.type}</code>
                  {i === decidedBy ? <span className="ml-1 text-xs text-muted-foreground">(decided)</span> : null}
                </td>
                <td className="max-w-[18rem] break-words py-1 pr-2 align-top">
                  <code>{a.what}</code>
                  {a.detail ? <span className="block text-xs text-muted-foreground">{a.detail}</span> : null}
                </td>
                <td className="py-1 pr-2 align-top">
                  <Badge tone={a.decision === "allow" ? "good" : a.decision === "ask" ? "warn" : "bad"}>{a.decision}</Badge>
                </td>
                <td className="py-1 align-top">{a.rule_id ? <code>{a.rule_id}</code> : <span className="text-muted-foreground">scope / default</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
