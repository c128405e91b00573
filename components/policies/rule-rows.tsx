"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select, Textarea } from "@/components/ui/input";
import { TIERS } from "@/lib/policy/types";
import {
  APPROVER_FIELDS,
  MATCH_FIELDS,
  approversSummary,
  patternsFromText,
  patternsToText,
  type ApproverField,
  type MatchField,
  type RuleEdit,
  type RuleRow,
} from "./yaml-edit";

/**
 * A text field that writes on blur (or Enter): each write re-serialises the YAML, so writing per
 * keystroke would eat a trailing space or a new line while it is being typed.
 */
function CommitField({
  value,
  onCommit,
  multiline,
  ...rest
}: {
  value: string;
  onCommit: (v: string) => void;
  multiline?: boolean;
  id?: string;
  "aria-label"?: string;
  placeholder?: string;
}) {
  const [local, setLocal] = useState(value);
  const [focused, setFocused] = useState(false);
  const shown = focused ? local : value;
  const common = {
    value: shown,
    onFocus: () => {
      setLocal(value);
      setFocused(true);
    },
    onChange: (e: { target: { value: string } }) => setLocal(e.target.value),
    onBlur: () => {
      setFocused(false);
      if (local !== value) onCommit(local);
    },
    ...rest,
  };
  if (multiline) return <Textarea {...common} rows={Math.max(2, shown.split("\n").length + (focused ? 1 : 0))} className="min-h-0 font-mono text-xs" />;
  return (
    <Input
      {...common}
      className="h-8 font-mono text-xs"
      onKeyDown={(e) => {
        // Enter commits the field instead of submitting the save form
        if (e.key === "Enter") {
          e.preventDefault();
          e.currentTarget.blur();
        }
      }}
    />
  );
}

const FIELD_HELP: Record<MatchField, string> = {
  action_types: "e.g. shell.exec, git.push, file.*",
  tools: "e.g. Bash, mcp__*",
  repositories: "e.g. acme/*",
  branches: "e.g. main, release/**",
  environments: "e.g. prod, staging",
  resources: "paths, e.g. **/.env",
  commands: "one simple command, e.g. npm test*",
  endpoints: "e.g. https://*.example.com/**",
  agent_roles: "e.g. deployment",
  agent_kinds: "e.g. claude_code",
};

function matchSummary(m: RuleRow["match"]) {
  const parts = MATCH_FIELDS.filter((f) => m[f]?.length).map((f) => `${f}: ${m[f]!.join(", ")}`);
  return parts.length ? parts.join(" · ") : "any action";
}

/** A rule's description and match patterns, rendered only while open (a policy has dozens of rules). */
function MatchEditor({ index: i, rule: r, onEdit }: { index: number; rule: RuleRow; onEdit: (e: RuleEdit) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-1" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer truncate text-xs text-muted-foreground" title={matchSummary(r.match)}>
        Match: {matchSummary(r.match)}
      </summary>
      {open ? (
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          <div className="space-y-1 sm:col-span-2">
            <label className="text-xs font-medium" htmlFor={`rule-${i}-description`}>
              Description
            </label>
            <CommitField id={`rule-${i}-description`} value={r.description} onCommit={(v) => onEdit({ op: "set", index: i, field: "description", value: v })} />
          </div>
          {MATCH_FIELDS.map((f) => (
            <div key={f} className="space-y-1">
              <label className="text-xs font-medium" htmlFor={`rule-${i}-${f}`}>
                {f} <span className="font-normal text-muted-foreground">({FIELD_HELP[f]}; one per line, !pattern excludes)</span>
              </label>
              <CommitField
                id={`rule-${i}-${f}`}
                multiline
                value={patternsToText(r.match[f])}
                onCommit={(v) => onEdit({ op: "match", index: i, field: f, patterns: patternsFromText(v) })}
              />
            </div>
          ))}
        </div>
      ) : null}
    </details>
  );
}

const APPROVER_HELP: Record<ApproverField, string> = {
  people: "emails",
  teams: "team slugs",
  roles: "admin, security_lead or approver",
};

/** A number field that writes on blur; empty = not set. */
function NumberField({
  id,
  value,
  min,
  max,
  placeholder,
  onCommit,
}: {
  id: string;
  value: number | null;
  min: number;
  max: number;
  placeholder: string;
  onCommit: (v: number | null) => void;
}) {
  return (
    <CommitField
      id={id}
      value={value === null ? "" : String(value)}
      onCommit={(v) => {
        const t = v.trim();
        if (t === "") return onCommit(null);
        const n = Number(t);
        // what does not parse is written as typed, so validation names it at its line
        onCommit(Number.isInteger(n) ? Math.min(Math.max(n, min), max) : (t as unknown as number));
      }}
      placeholder={placeholder}
    />
  );
}

/**
 * Who approves what a gated rule asks for (issue 21): named people, teams and roles, how many
 * distinct approvers (N of M), and who is notified and may approve after a wait. Empty: anyone
 * who may decide approvals, one approval.
 */
function ApproversEditor({ index: i, rule: r, onEdit }: { index: number; rule: RuleRow; onEdit: (e: RuleEdit) => void }) {
  const [open, setOpen] = useState(false);
  const summary = approversSummary(r.approvers);
  const group = (escalation: boolean) =>
    APPROVER_FIELDS.map((f) => {
      const id = `rule-${i}-${escalation ? "escalation-" : ""}approvers-${f}`;
      return (
        <div key={id} className="space-y-1">
          <label className="text-xs font-medium" htmlFor={id}>
            {escalation ? `escalate to ${f}` : f} <span className="font-normal text-muted-foreground">({APPROVER_HELP[f]}; one per line)</span>
          </label>
          <CommitField
            id={id}
            multiline
            value={patternsToText(escalation ? r.approvers.escalation[f] : r.approvers[f])}
            onCommit={(v) => onEdit({ op: "approvers", index: i, field: f, escalation, values: patternsFromText(v) })}
          />
        </div>
      );
    });
  return (
    <details className="mt-1" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="rule-approvers">
      <summary className="cursor-pointer truncate text-xs text-muted-foreground" title={summary || undefined}>
        Approvers: {summary || "anyone who may decide approvals, 1 of 1"}
      </summary>
      {open ? (
        <div className="mt-2 space-y-2">
          {r.tier !== "gated" ? <p className="text-xs text-amber-700 dark:text-amber-300">Approvers apply to gated rules only.</p> : null}
          <div className="grid gap-2 sm:grid-cols-3">{group(false)}</div>
          <div className="grid gap-2 sm:grid-cols-3">
            <div className="space-y-1">
              <label className="text-xs font-medium" htmlFor={`rule-${i}-approvers-required`}>
                approvals needed <span className="font-normal text-muted-foreground">(distinct people, 1–10)</span>
              </label>
              <NumberField
                id={`rule-${i}-approvers-required`}
                value={r.approvers.required}
                min={1}
                max={10}
                placeholder="1"
                onCommit={(v) => onEdit({ op: "required", index: i, value: v })}
              />
            </div>
            <div className="space-y-1">
              <label className="text-xs font-medium" htmlFor={`rule-${i}-approvers-after`}>
                escalate after <span className="font-normal text-muted-foreground">(minutes waiting; empty: never)</span>
              </label>
              <NumberField
                id={`rule-${i}-approvers-after`}
                value={r.approvers.escalation.after_seconds === null ? null : Math.round(r.approvers.escalation.after_seconds / 60)}
                min={1}
                max={7 * 24 * 60}
                placeholder="—"
                onCommit={(v) => onEdit({ op: "escalate-after", index: i, seconds: v === null ? null : typeof v === "number" ? v * 60 : v })}
              />
            </div>
          </div>
          <p className="text-xs text-muted-foreground">
            The person who initiated a request never counts; any eligible denial denies. A request keeps the approvers its rule had when it was opened.
          </p>
          <div className="grid gap-2 sm:grid-cols-3">{group(true)}</div>
        </div>
      ) : null}
    </details>
  );
}

/** The rules as rows (tier, priority, mode, enabled, match); every edit goes through `onEdit` into the YAML. */
export function RuleRows({ rules, onEdit, onAdd }: { rules: RuleRow[]; onEdit: (e: RuleEdit) => void; onAdd: () => void }) {
  return (
    <div className="space-y-2" data-testid="rule-rows">
      <ol className="space-y-2">
        {rules.map((r, i) => {
          const name = r.id || `rule ${i + 1}`;
          return (
            <li key={i} className="rounded-md border border-border bg-card p-2" data-testid="rule-row" data-rule-id={r.id}>
              <div className="flex flex-wrap items-center gap-2">
                <div className="min-w-40 flex-1">
                  <CommitField aria-label={`Id of ${name}`} value={r.id} onCommit={(v) => onEdit({ op: "set", index: i, field: "id", value: v.trim() })} />
                </div>
                <Select
                  aria-label={`Tier of ${name}`}
                  className="h-8 text-xs"
                  value={r.tier}
                  onChange={(e) => onEdit({ op: "set", index: i, field: "tier", value: e.target.value })}
                >
                  {!TIERS.includes(r.tier as (typeof TIERS)[number]) ? <option value={r.tier}>{r.tier || "(none)"} — invalid</option> : null}
                  {TIERS.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </Select>
                <Input
                  aria-label={`Priority of ${name}`}
                  type="number"
                  min={0}
                  step={1}
                  className="h-8 w-24 text-xs"
                  placeholder="1000"
                  value={r.priority ?? ""}
                  onChange={(e) => onEdit({ op: "priority", index: i, value: e.target.value === "" ? null : Number(e.target.value) })}
                />
                <Select
                  aria-label={`Mode of ${name}`}
                  className="h-8 text-xs"
                  value={r.mode}
                  onChange={(e) => onEdit({ op: "set", index: i, field: "mode", value: e.target.value })}
                >
                  {r.mode !== "enforce" && r.mode !== "dry_run" ? <option value={r.mode}>{r.mode} — invalid</option> : null}
                  <option value="enforce">enforce</option>
                  <option value="dry_run">dry run</option>
                </Select>
                <label className="inline-flex items-center gap-1 text-xs">
                  <input type="checkbox" checked={r.enabled} onChange={(e) => onEdit({ op: "enabled", index: i, value: e.target.checked })} />
                  enabled
                </label>
                <Button type="button" variant="outline" size="sm" aria-label={`Remove ${name}`} onClick={() => onEdit({ op: "remove", index: i })}>
                  Remove
                </Button>
              </div>
              <MatchEditor index={i} rule={r} onEdit={onEdit} />
              {r.tier === "gated" || approversSummary(r.approvers) ? <ApproversEditor index={i} rule={r} onEdit={onEdit} /> : null}
            </li>
          );
        })}
      </ol>
      <Button type="button" variant="outline" size="sm" onClick={onAdd}>
        Add rule
      </Button>
    </div>
  );
}
