"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";
import { replayDraftAction } from "@/lib/policy/actions";
import { DECISION_LABEL, type ReplayGroup, type ReplayReport, type TransitionKey } from "@/lib/policy/replay-report";
import type { DecisionValue } from "@/lib/policy/types";
import { fmtDateTime } from "@/lib/ui/time";
import { FormError } from "@/components/ui/form-error";

const DAYS = [1, 7, 14, 30];
const TONE = { allow: "good", ask: "warn", deny: "bad" } as const;

function D({ d }: { d: DecisionValue }) {
  return <Badge tone={TONE[d]}>{DECISION_LABEL[d]}</Badge>;
}

function transitionsText(t: ReplayGroup["transitions"]) {
  return (Object.entries(t) as [TransitionKey, number][])
    .map(([k, n]) => {
      const [a, b] = k.split(">") as [DecisionValue, DecisionValue];
      return `${DECISION_LABEL[a]} → ${DECISION_LABEL[b]}: ${n}`;
    })
    .join(", ");
}

function GroupTable({
  title,
  groups,
  keyLabel,
  testId,
  link,
}: {
  title: string;
  groups: ReplayGroup[];
  keyLabel: string;
  testId: string;
  link?: (k: string) => string;
}) {
  if (groups.length === 0) return null;
  return (
    <div className="space-y-1">
      <h3 className="text-sm font-semibold">{title}</h3>
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{title}</caption>
        <thead className="text-xs text-muted-foreground">
          <tr>
            <th scope="col" className="py-1 pr-2 font-medium">
              {keyLabel}
            </th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">
              Changes
            </th>
            <th scope="col" className="py-1 font-medium">
              From → to
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {groups.map((g) => (
            <tr key={g.key}>
              <td className="whitespace-nowrap py-1 pr-2 font-mono text-xs">
                {link ? (
                  <Link className="underline" href={link(g.key)}>
                    {g.key}
                  </Link>
                ) : (
                  g.key
                )}
              </td>
              <td className="py-1 pr-2 text-right tabular-nums">{g.changed}</td>
              <td className="py-1 text-xs">{transitionsText(g.transitions)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Report({ r }: { r: ReplayReport }) {
  return (
    <div className="space-y-4" data-testid="replay-result">
      <p className="text-sm">
        Replayed <strong className="tabular-nums">{r.scanned.toLocaleString("en-US")}</strong> recorded decisions from {fmtDateTime(r.window.from)} to{" "}
        {fmtDateTime(r.window.to)}
        {r.skipped ? ` (${r.skipped} of agents that no longer exist were left out)` : ""}.{" "}
        <strong data-testid="replay-changed">
          {r.changed === 0 ? "Nothing would change." : `${r.changed.toLocaleString("en-US")} would be decided differently.`}
        </strong>
        {r.ruleOnly ? ` ${r.ruleOnly.toLocaleString("en-US")} more would be decided by another rule with the same outcome.` : ""}
      </p>
      {r.truncated ? (
        <p role="status" className="rounded-md border border-border bg-muted/40 p-2 text-sm">
          Only the newest {r.scanned.toLocaleString("en-US")} decisions of the window were replayed (the cap): choose fewer days to cover the whole window.
        </p>
      ) : null}
      {r.transitions.length ? (
        <table className="text-left text-sm" data-testid="replay-transitions">
          <caption className="sr-only">How many decisions would change, by change</caption>
          <thead className="text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">
                Active policy
              </th>
              <th scope="col" className="py-1 pr-4 font-medium">
                Draft
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Decisions
              </th>
            </tr>
          </thead>
          <tbody>
            {r.transitions.map((t) => (
              <tr key={`${t.from}>${t.to}`} data-from={t.from} data-to={t.to}>
                <td className="py-1 pr-4">
                  <D d={t.from} />
                </td>
                <td className="py-1 pr-4">
                  <D d={t.to} />
                </td>
                <td className="py-1 text-right tabular-nums">{t.count.toLocaleString("en-US")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <GroupTable title="By the rule that decides under the draft" keyLabel="Rule" groups={r.byRule} testId="replay-by-rule" />
        <GroupTable title="By agent" keyLabel="Agent" groups={r.byAgent} testId="replay-by-agent" link={(k) => `/agents/${encodeURIComponent(k)}`} />
      </div>
      {r.examples.length ? (
        <div className="space-y-1">
          <h3 className="text-sm font-semibold">Examples</h3>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="replay-examples">
              <caption className="sr-only">Recorded decisions that the draft would decide differently</caption>
              <thead className="text-xs text-muted-foreground">
                <tr>
                  <th scope="col" className="py-1 pr-2 font-medium">
                    When
                  </th>
                  <th scope="col" className="py-1 pr-2 font-medium">
                    Agent
                  </th>
                  <th scope="col" className="py-1 pr-2 font-medium">
                    Action
                  </th>
                  <th scope="col" className="py-1 pr-2 font-medium">
                    Change
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    Rule (active → draft)
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {r.examples.map((e) => (
                  <tr key={e.decisionId}>
                    <td className="whitespace-nowrap py-1 pr-2 text-xs">{fmtDateTime(e.at)}</td>
                    <td className="whitespace-nowrap py-1 pr-2 font-mono text-xs">{e.agentSlug}</td>
                    <td className="max-w-[28rem] py-1 pr-2">
                      <code className="break-all text-xs">{e.summary}</code>
                      <span className="block text-xs text-muted-foreground">
                        {e.actionType} · recorded {DECISION_LABEL[e.recorded]}
                      </span>
                    </td>
                    <td className="whitespace-nowrap py-1 pr-2">
                      <D d={e.from} /> → <D d={e.to} />
                    </td>
                    <td className="py-1 font-mono text-xs">
                      {e.ruleBefore ?? "default"} → {e.ruleAfter ?? "default"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Replays recorded traffic under the draft: the last N days of decisions, decided again by the
 * active policy and by the draft, and what would change. Nothing is saved or recorded.
 */
export function ReplayPanel({ yaml, valid }: { yaml: string; valid: boolean }) {
  const [days, setDays] = useState(7);
  const [result, setResult] = useState<{ report: ReplayReport; yaml: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = () =>
    start(async () => {
      setError(null);
      const r = await replayDraftAction({ yaml, days });
      if (!r.ok) return setError(r.error);
      if (!r.data.valid) return setError("The draft is not valid: fix the issues listed above first.");
      setResult({ report: r.data.report, yaml });
    });
  return (
    <section aria-labelledby="replay-h" className="space-y-3 rounded-lg border border-border p-3">
      <div>
        <h2 id="replay-h" className="font-semibold">
          Replay recorded traffic
        </h2>
        <p className="text-sm text-muted-foreground">
          Every decision recorded in the window is decided again by the active policy and by this draft, with each agent&apos;s current scope and as if every
          agent were active, and the differences are counted. Nothing is saved. Recorded commands were redacted when stored, so a secret in one is replayed as
          its placeholder.
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <Label htmlFor="replay-days">Window</Label>
          <Select id="replay-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                last {d} day{d === 1 ? "" : "s"}
              </option>
            ))}
          </Select>
        </div>
        <Button type="button" variant="outline" onClick={run} disabled={pending || !valid}>
          {pending ? "Replaying…" : "Replay the draft"}
        </Button>
        {!valid ? <span className="text-sm text-muted-foreground">Fix the draft to replay it.</span> : null}
      </div>
      <div aria-live="polite">
        <FormError error={error} />
        {result && result.yaml !== yaml ? (
          <p className="mb-2 text-sm text-muted-foreground" data-testid="replay-stale">
            The draft changed since this replay: replay it again to see the effect of the latest edits.
          </p>
        ) : null}
        {result ? <Report r={result.report} /> : null}
      </div>
    </section>
  );
}
