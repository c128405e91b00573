"use client";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { simulateAction } from "@/lib/policy/actions";
import { DerivedActions, type SimulatedAction } from "./derived-actions";
import { FormError } from "@/components/ui/form-error";

const FIELDS = [
  ["tool", "Tool", "Bash"],
  ["repository", "Repository", "acme/payments"],
  ["branch", "Branch", "main"],
  ["environment", "Environment", "staging"],
  ["resource", "Resource / path", "src/auth/session.ts"],
  ["command", "Command (a shell line: each simple command is decided)", "npm test && git push origin main"],
  ["endpoint", "Endpoint", "https://api.example.com"],
] as const;

const TYPES = [
  "shell.exec",
  "file.write",
  "file.read",
  "git.push",
  "git.merge",
  "pr.open",
  "pr.merge",
  "deploy",
  "dependency.change",
  "secret.read",
  "network.request",
];

type Result = {
  decision: string;
  reason: string;
  rule_id: string | null;
  policy_version: string;
  dry_run: { rule_id: string; decision: string }[];
  actions: SimulatedAction[];
  decided_by: number | null;
  unanalysable: string | null;
};

/** Pick an agent, describe an action, see what the active policy decides and which rule decided. Nothing is recorded. */
export function Simulator({ agents }: { agents: { id: string; slug: string; status: string }[] }) {
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (agents.length === 0) return <p className="text-sm text-muted-foreground">Register an agent first: decisions depend on its scope.</p>;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = Object.fromEntries(new FormData(e.currentTarget).entries()) as Record<string, string>;
          start(async () => {
            const r = await simulateAction(fd);
            if (!r.ok) {
              setError(
                r.fieldErrors
                  ? Object.entries(r.fieldErrors)
                      .map(([k, v]) => `${k}: ${v.join(", ")}`)
                      .join("; ")
                  : r.error,
              );
              setResult(null);
            } else {
              setError(null);
              setResult(r.data);
            }
          });
        }}
      >
        <div className="space-y-1">
          <Label htmlFor="sim-agent">Agent</Label>
          <Select id="sim-agent" name="agentId" required>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.slug}
                {a.status !== "active" ? ` (${a.status})` : ""}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="sim-type">Action type</Label>
          <Input id="sim-type" name="type" list="sim-types" required defaultValue="shell.exec" />
          <datalist id="sim-types">
            {TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        {FIELDS.map(([name, label, placeholder]) => (
          <div key={name} className="space-y-1">
            <Label htmlFor={`sim-${name}`}>{label}</Label>
            <Input id={`sim-${name}`} name={name} placeholder={placeholder} />
          </div>
        ))}
        <Button type="submit" disabled={pending}>
          {pending ? "Deciding…" : "Simulate"}
        </Button>
      </form>
      <div aria-live="polite">
        <FormError error={error} />
        {result ? (
          <div className="space-y-2 rounded-lg border border-border bg-card p-4" data-testid="sim-result">
            <p className="text-lg">
              <Badge tone={result.decision === "allow" ? "good" : result.decision === "ask" ? "warn" : "bad"} className="text-sm">
                {result.decision}
              </Badge>
            </p>
            <p className="text-sm">{result.reason}</p>
            <p className="text-sm text-muted-foreground">
              Deciding rule: {result.rule_id ? <code>{result.rule_id}</code> : "none"} · policy version {result.policy_version}
            </p>
            {result.dry_run.length ? (
              <p className="text-sm text-muted-foreground">
                Dry-run rules that would have decided first: {result.dry_run.map((d) => `${d.rule_id} → ${d.decision}`).join(", ")}
              </p>
            ) : null}
            <DerivedActions actions={result.actions} decidedBy={result.decided_by} unanalysable={result.unanalysable} />
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">The decision and the deciding rule appear here.</p>
        )}
      </div>
    </div>
  );
}
