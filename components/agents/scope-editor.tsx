"use client";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { DIMENSIONS } from "./dimensions";

export interface ScopeRow {
  key: string;
  dimension: (typeof DIMENSIONS)[number]["key"];
  pattern: string;
  validFrom: string; // datetime-local value, "" when unbounded
  validUntil: string;
}

/** The allowlist editor, one section per dimension; what is not listed is denied (said on screen). */
export function ScopeEditor({ rows, onChange, errors }: { rows: ScopeRow[]; onChange: (rows: ScopeRow[]) => void; errors?: Record<string, string[]> }) {
  const update = (key: string, patch: Partial<ScopeRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const counter = useRef(0);
  const add = (dimension: ScopeRow["dimension"]) => {
    counter.current += 1;
    onChange([...rows, { key: `new-${counter.current}`, dimension, pattern: "", validFrom: "", validUntil: "" }]);
  };
  return (
    <fieldset className="space-y-4 rounded-lg border border-border p-4">
      <legend className="px-1 text-base font-semibold">Scope allowlist</legend>
      <p className="rounded-md bg-muted p-2 text-sm" data-testid="deny-by-default">
        <strong>Anything not listed is denied.</strong> A dimension with no entries allows nothing in it; an action that does not touch a dimension is not
        limited by it. Entries may be bounded to a time window (UTC).
      </p>
      {DIMENSIONS.map((d) => {
        const mine = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.dimension === d.key);
        return (
          <section key={d.key} aria-labelledby={`dim-${d.key}`} className="space-y-2">
            <div className="flex items-baseline justify-between gap-2">
              <h3 id={`dim-${d.key}`} className="text-sm font-semibold">
                {d.label} <span className="font-normal text-muted-foreground">— {d.hint}</span>
              </h3>
              <Button type="button" size="sm" variant="outline" onClick={() => add(d.key)} aria-label={`Add ${d.label.toLowerCase()} entry`}>
                Add
              </Button>
            </div>
            {mine.length === 0 ? <p className="text-xs text-muted-foreground">None listed: every {d.key} is denied.</p> : null}
            {mine.map(({ r, i }) => {
              const err = errors?.[`scope.${i}.pattern`] ?? errors?.[`scope.${i}.validUntil`];
              return (
                <div key={r.key} className="flex flex-wrap items-end gap-2">
                  <div className="min-w-64 flex-1 space-y-1">
                    <Label htmlFor={`p-${r.key}`} className="sr-only">
                      {d.label} pattern
                    </Label>
                    <Input
                      id={`p-${r.key}`}
                      value={r.pattern}
                      placeholder={d.placeholder}
                      onChange={(e) => update(r.key, { pattern: e.target.value })}
                      aria-invalid={!!err}
                    />
                  </div>
                  <div className="space-y-1">
                    <Label htmlFor={`f-${r.key}`} className="text-xs">
                      From
                    </Label>
                    <Input
                      id={`f-${r.key}`}
                      type="datetime-local"
                      value={r.validFrom}
                      onChange={(e) => update(r.key, { validFrom: e.target.value })}
                      className="w-52"
                    />
                  </div>
                  <div className="space-y-1">
                    <Label htmlFor={`u-${r.key}`} className="text-xs">
                      Until
                    </Label>
                    <Input
                      id={`u-${r.key}`}
                      type="datetime-local"
                      value={r.validUntil}
                      onChange={(e) => update(r.key, { validUntil: e.target.value })}
                      className="w-52"
                    />
                  </div>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
                    aria-label={`Remove ${r.pattern || "entry"}`}
                  >
                    Remove
                  </Button>
                  {err ? (
                    <p role="alert" className="w-full text-xs text-destructive">
                      {err.join(" ")}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </section>
        );
      })}
    </fieldset>
  );
}
