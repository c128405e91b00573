"use client";
import { useDeferredValue, useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input, Label, Textarea } from "@/components/ui/input";
import { useHydrated } from "@/components/ui/use-hydrated";
import { savePolicyAction } from "@/lib/policy/actions";
import { lineDiff } from "@/lib/policy/diff";
import { parsePolicyYaml, policyToYaml, type PolicyIssue } from "@/lib/policy/yaml";
import { DiffView } from "./diff-view";
import { ReplayPanel } from "./replay-panel";
import { RuleRows } from "./rule-rows";
import { applyRuleEdit, freshRuleId, readRuleRows, type RuleEdit } from "./yaml-edit";
import { FormError } from "@/components/ui/form-error";

/** The document in one canonical form (defaults filled, stable key order): diffs show meaning, not formatting. */
function canonical(text: string): string | null {
  const p = parsePolicyYaml(text);
  return p.ok ? policyToYaml(p.document) : null;
}

function IssueList({ issues, title }: { issues: PolicyIssue[]; title: string }) {
  return (
    <div id="policy-issues" className="space-y-1 rounded-md border border-destructive p-3 text-sm">
      <p className="font-medium text-destructive">{title}</p>
      <ul className="list-disc space-y-0.5 pl-5" data-testid="policy-issues">
        {issues.map((i, n) => (
          <li key={n}>
            <code>{i.path}</code>
            {i.ruleId ? (
              <>
                {" "}
                (rule <code>{i.ruleId}</code>)
              </>
            ) : null}
            {i.line ? <> at line {i.line}</> : null}: {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A policy change as a reviewed draft: the file as YAML beside its rules as rows (an edit in
 * either shows in the other), validated as it is typed, replayable against recorded traffic,
 * and diffed against the active version before it is saved as a new one.
 */
export function PolicyEditor({ initialYaml, version }: { initialYaml: string; version: number }) {
  const router = useRouter();
  const [text, setText] = useState(initialYaml);
  const [comment, setComment] = useState("");
  const [serverIssues, setServerIssues] = useState<PolicyIssue[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  // validation and the diff trail the typing a little on a long file; the rows follow at once
  const checked = useDeferredValue(text);
  const check = useMemo(() => parsePolicyYaml(checked), [checked]);
  const rows = useMemo(() => readRuleRows(text), [text]);
  const baseline = useMemo(() => canonical(initialYaml), [initialYaml]);
  const diff = useMemo(() => {
    if (!check.ok || baseline === null) return null;
    const draft = policyToYaml(check.document);
    return draft === baseline ? "" : lineDiff(baseline, draft);
  }, [check, baseline]);
  const issues = serverIssues.length ? serverIssues : check.ok ? [] : check.issues;

  const edit = (e: RuleEdit) => {
    const next = applyRuleEdit(text, e);
    if (next !== null) update(next);
  };
  const update = (next: string) => {
    setText(next);
    setServerIssues([]);
    setMessage(null);
  };

  return (
    <form
      className="space-y-4"
      // typing before hydration is replaced by the state when React hydrates: tests wait for this mark
      data-hydrated={hydrated ? "" : undefined}
      data-testid="policy-editor"
      onSubmit={(e) => {
        e.preventDefault();
        setMessage(null);
        setError(null);
        start(async () => {
          const r = await savePolicyAction({ yaml: text, comment, baseVersion: version });
          if (!r.ok) return setError(r.error);
          if (!r.data.saved) {
            setServerIssues(r.data.issues);
            return;
          }
          setServerIssues([]);
          setComment("");
          setMessage(`Saved as version ${r.data.version}. It decides from the next request on.`);
          router.refresh();
        });
      }}
    >
      <p className="text-sm text-muted-foreground">
        Editing a draft of version {version}. Edit the rules as rows or the file as YAML: each shows the other&apos;s edits. Replay the draft against recorded
        traffic and review its changes below; saving creates a new version (the old one stays viewable). Rules: <code>tier</code> (free | gated | forbidden),{" "}
        <code>mode</code> (enforce | dry_run), <code>priority</code> (lower first), <code>enabled</code>, <code>match</code> (globs; <code>!pattern</code>{" "}
        excludes).
      </p>
      <div className="grid gap-4 xl:grid-cols-2">
        <div className="space-y-1">
          <h2 className="text-sm font-medium">Rules</h2>
          {rows.ok ? (
            <RuleRows rules={rows.rules} onEdit={edit} onAdd={() => edit({ op: "add", id: freshRuleId(rows.rules) })} />
          ) : (
            <p className="rounded-md border border-dashed border-border p-3 text-sm text-muted-foreground" data-testid="rule-rows-unavailable">
              {rows.reason}
            </p>
          )}
        </div>
        <div className="space-y-1">
          <Label htmlFor="policy-yaml">Policy file (YAML)</Label>
          <Textarea
            id="policy-yaml"
            className="min-h-[28rem] font-mono text-xs xl:min-h-[40rem]"
            spellCheck={false}
            value={text}
            onChange={(e) => update(e.target.value)}
            aria-invalid={issues.length > 0}
            aria-describedby={issues.length ? "policy-issues" : "policy-valid"}
          />
        </div>
      </div>
      <div aria-live="polite">
        {issues.length ? (
          <IssueList issues={issues} title={serverIssues.length ? "The policy was not saved: fix these first." : "The draft is not valid yet:"} />
        ) : (
          <p id="policy-valid" className="text-sm text-muted-foreground" data-testid="policy-valid">
            {check.ok ? `Valid: ${check.document.rules.length} rules, default tier ${check.document.default_tier}.` : ""}
          </p>
        )}
      </div>
      <section aria-labelledby="draft-diff-h" className="space-y-2 rounded-lg border border-border p-3">
        <h2 id="draft-diff-h" className="font-semibold">
          Changes against version {version} (active)
        </h2>
        {diff === null ? (
          <p className="text-sm text-muted-foreground">Shown when the draft is valid.</p>
        ) : diff === "" ? (
          <p className="text-sm text-muted-foreground" data-testid="draft-no-changes">
            No changes: the draft means the same as version {version}.
          </p>
        ) : (
          <DiffView diff={diff} label={`Changes of the draft against version ${version}`} testId="draft-diff" />
        )}
      </section>
      <ReplayPanel yaml={text} valid={check.ok && checked === text} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <Label htmlFor="policy-comment">What changed (optional)</Label>
          <Input id="policy-comment" value={comment} onChange={(e) => setComment(e.target.value)} className="w-80" />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save new version"}
        </Button>
        <Button type="button" variant="outline" onClick={() => update(initialYaml)}>
          Revert
        </Button>
      </div>
      {message ? (
        <p role="status" className="text-sm">
          {message}
        </p>
      ) : null}
      <FormError error={error} />
    </form>
  );
}
