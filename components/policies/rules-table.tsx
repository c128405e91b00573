import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR, EmptyState } from "@/components/ui/table";
import type { PolicyDocument, PolicyRule } from "@/lib/policy/types";
import { describeGroup } from "@/lib/approvals/approvers";

/** "2 of ann@…, team sre · escalates after 30 min to role security_lead" */
function approversText(a: NonNullable<PolicyRule["approvers"]>) {
  const esc = a.escalation
    ? ` · escalates after ${a.escalation.after_seconds % 60 === 0 ? `${a.escalation.after_seconds / 60} min` : `${a.escalation.after_seconds} s`} to ${describeGroup(a.escalation)}`
    : "";
  return `${a.required} of ${describeGroup(a)}${esc}`;
}

const TIER_TONE = { free: "good", gated: "warn", forbidden: "bad" } as const;

/** The rules in evaluation order (priority, then file order). */
export function RulesTable({ document }: { document: PolicyDocument }) {
  const rules = document.rules.map((r, i) => ({ ...r, i })).sort((a, b) => a.priority - b.priority || a.i - b.i);
  if (rules.length === 0) return <EmptyState title="No rules">Every in-scope action gets the default tier ({document.default_tier}).</EmptyState>;
  return (
    <Table>
      <THead>
        <tr>
          <TH>Priority</TH>
          <TH>Rule</TH>
          <TH>Tier</TH>
          <TH>Mode</TH>
          <TH>Matches</TH>
        </tr>
      </THead>
      <TBody>
        {rules.map((r) => (
          <TR key={r.id} className={r.enabled ? undefined : "opacity-60"} data-testid="policy-rule">
            <TD>{r.priority}</TD>
            <TD>
              <code className="text-xs">{r.id}</code>
              {r.description ? <div className="text-xs text-muted-foreground">{r.description}</div> : null}
              {r.approvers ? (
                <div className="text-xs" data-testid="rule-approvers-summary">
                  <span className="text-muted-foreground">approvers:</span> {approversText(r.approvers)}
                </div>
              ) : null}
            </TD>
            <TD>
              <Badge tone={TIER_TONE[r.tier]}>{r.tier}</Badge>
            </TD>
            <TD className="text-xs">{r.enabled ? r.mode === "dry_run" ? <Badge tone="info">dry run</Badge> : "enforce" : "disabled"}</TD>
            <TD className="text-xs">
              {Object.entries(r.match).filter(([, v]) => v && v.length).length === 0 ? (
                <span className="text-muted-foreground">any action</span>
              ) : (
                <ul className="space-y-0.5">
                  {Object.entries(r.match)
                    .filter(([, v]) => v && v.length)
                    .map(([k, v]) => (
                      <li key={k}>
                        <span className="text-muted-foreground">{k}:</span> <code>{(v as string[]).join(", ")}</code>
                      </li>
                    ))}
                </ul>
              )}
            </TD>
          </TR>
        ))}
        <TR>
          <TD>—</TD>
          <TD className="text-xs text-muted-foreground">default (no rule matched)</TD>
          <TD>
            <Badge tone={TIER_TONE[document.default_tier]}>{document.default_tier}</Badge>
          </TD>
          <TD />
          <TD />
        </TR>
      </TBody>
    </Table>
  );
}
