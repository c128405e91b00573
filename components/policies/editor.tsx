"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input, Label, Textarea } from "@/components/ui/input";
import { savePolicyAction } from "@/lib/policy/actions";
import type { PolicyIssue } from "@/lib/policy/yaml";

/** The policy file as YAML; saving validates on the server and lists issues per rule and line. */
export function PolicyEditor({ initialYaml, version }: { initialYaml: string; version: number }) {
  const router = useRouter();
  const [text, setText] = useState(initialYaml);
  const [comment, setComment] = useState("");
  const [issues, setIssues] = useState<PolicyIssue[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        setMessage(null);
        setError(null);
        start(async () => {
          const r = await savePolicyAction({ yaml: text, comment });
          if (!r.ok) return setError(r.error);
          if (!r.data.saved) {
            setIssues(r.data.issues);
            return;
          }
          setIssues([]);
          setComment("");
          setMessage(`Saved as version ${r.data.version}. It decides from the next request on.`);
          router.refresh();
        });
      }}
    >
      <p className="text-sm text-muted-foreground">
        Editing version {version}. Saving creates a new version (the old one stays viewable). Rules: <code>id</code>, <code>tier</code> (free | gated | forbidden),{" "}
        <code>mode</code> (enforce | dry_run), <code>priority</code> (lower first), <code>enabled</code>, <code>match</code> (globs; <code>!pattern</code> excludes).
      </p>
      <div className="space-y-1">
        <Label htmlFor="policy-yaml">Policy file (YAML)</Label>
        <Textarea
          id="policy-yaml"
          className="min-h-[28rem] font-mono text-xs"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={issues.length > 0}
          aria-describedby={issues.length ? "policy-issues" : undefined}
        />
      </div>
      {issues.length ? (
        <div id="policy-issues" role="alert" className="space-y-1 rounded-md border border-destructive p-3 text-sm">
          <p className="font-medium text-destructive">The policy was not saved: fix these first.</p>
          <ul className="list-disc space-y-0.5 pl-5" data-testid="policy-issues">
            {issues.map((i, n) => (
              <li key={n}>
                <code>{i.path}</code>
                {i.ruleId ? <> (rule <code>{i.ruleId}</code>)</> : null}
                {i.line ? <> at line {i.line}</> : null}: {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <Label htmlFor="policy-comment">What changed (optional)</Label>
          <Input id="policy-comment" value={comment} onChange={(e) => setComment(e.target.value)} className="w-80" />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save new version"}
        </Button>
        <Button type="button" variant="outline" onClick={() => setText(initialYaml)}>
          Revert
        </Button>
      </div>
      {message ? <p role="status" className="text-sm">{message}</p> : null}
      {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
    </form>
  );
}
