"use client";
import { useState } from "react";
import { updateSettingsAction } from "@/lib/settings/actions";
import type { SettingFieldView, SettingGroup, SettingsUpdate } from "@/lib/settings/schemas";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label, Textarea } from "@/components/ui/input";
import { useServerAction } from "./use-action";
import { useHydrated } from "@/components/ui/use-hydrated";

const GROUPS: { group: SettingGroup; title: string; note?: string }[] = [
  { group: "registry", title: "Agents" },
  { group: "approvals", title: "Approvals" },
  { group: "changes", title: "Changes" },
  { group: "detection", title: "Detection thresholds", note: "Each instance picks up new thresholds within a minute." },
];

/** Per field: what is in the input (numbers and globs as text, gates as a list), and whether "reset" was asked. */
interface Draft {
  text: string;
  gates: string[];
  reset: boolean;
}

const asText = (f: SettingFieldView, v: number | string[]) => (f.kind === "number" ? String(v) : (v as string[]).join("\n"));
const draftOf = (f: SettingFieldView): Draft => ({ text: asText(f, f.value), gates: f.kind === "list" ? [...f.value] : [], reset: false });
/** Non-empty lines with their 1-based line numbers (for messages about one entry). */
const linesOf = (text: string) =>
  text
    .split("\n")
    .map((l, i) => ({ line: i + 1, value: l.trim() }))
    .filter((l) => l.value);

function valueOf(f: SettingFieldView, d: Draft): string | string[] {
  if (f.kind === "number") return d.text.trim();
  return f.name === "requiredGates" ? d.gates : linesOf(d.text).map((l) => l.value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
function isDirty(f: SettingFieldView, d: Draft) {
  return f.kind === "number" ? d.text.trim() !== String(f.value) : !same(valueOf(f, d), f.value);
}

function humanDuration(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return undefined;
}

function hint(f: Extract<SettingFieldView, { kind: "number" }>, text: string) {
  const n = Number(text);
  if (f.unit === "seconds") return humanDuration(n);
  if (f.unit === "milliseconds") return n % 1000 === 0 ? (humanDuration(n / 1000) ?? `${n / 1000} s`) : undefined;
  if (f.unit === "bytes" && n >= 1024 && n % 1024 === 0) return n % 1024 ** 2 === 0 ? `${n / 1024 ** 2} MiB` : `${n / 1024} KiB`;
  return undefined;
}

export function GeneralSettingsForm({ fields, knownGates }: { fields: SettingFieldView[]; knownGates: string[] }) {
  const { run, pending, result, error, fieldErrors } = useServerAction(updateSettingsAction);
  const [drafts, setDrafts] = useState(() => Object.fromEntries(fields.map((f) => [f.name, draftOf(f)])));
  const [customGate, setCustomGate] = useState("");
  // After a save the page re-renders with the stored values: start again from them. A
  // re-render with the same stored values (a refresh, a click on the tab already open) keeps
  // what is being typed.
  const storedKey = JSON.stringify(fields.map((f) => [f.name, f.value]));
  const [shown, setShown] = useState(storedKey);
  if (shown !== storedKey) {
    setShown(storedKey);
    setDrafts(Object.fromEntries(fields.map((f) => [f.name, draftOf(f)])));
  }
  const [savedNames, setSavedNames] = useState<string[] | null>(null);
  const edit = (name: string, patch: Partial<Draft>) => {
    setSavedNames(null);
    setDrafts((ds) => ({ ...ds, [name]: { ...ds[name], ...patch, reset: patch.reset ?? false } }));
  };
  const errorsOf = (f: SettingFieldView) => {
    const out: string[] = [];
    const lines = f.kind === "list" && f.name !== "requiredGates" ? linesOf(drafts[f.name].text) : undefined;
    for (const [k, msgs] of Object.entries(fieldErrors ?? {})) {
      if (k === f.name) out.push(...msgs);
      else if (k.startsWith(`${f.name}.`)) {
        const i = Number(k.slice(f.name.length + 1));
        const where = lines ? `Line ${lines[i]?.line ?? i + 1}` : `“${drafts[f.name].gates[i] ?? i + 1}”`;
        out.push(...msgs.map((m) => `${where}: ${m}`));
      }
    }
    return out.length ? out : undefined;
  };
  const labelOf = (name: string) => fields.find((f) => f.name === name)?.label ?? name;

  function submit() {
    const update: Record<string, unknown> = {};
    for (const f of fields) {
      const d = drafts[f.name];
      if (d.reset) update[f.name] = null;
      else if (isDirty(f, d)) update[f.name] = valueOf(f, d);
    }
    setSavedNames(null);
    run(update as SettingsUpdate, (data) => setSavedNames(data.changed));
  }

  function control(f: SettingFieldView) {
    const d = drafts[f.name];
    const id = `s-${f.name}`;
    const errors = errorsOf(f);
    const describedBy = `${id}-help${errors ? ` ${id}-error` : ""}`;
    if (f.kind === "number") {
      const h = hint(f, d.text);
      return (
        <div className="flex items-center gap-2">
          <Input
            id={id}
            type="number"
            inputMode="numeric"
            min={f.min}
            max={f.max}
            step={1}
            className="w-48"
            value={d.text}
            aria-invalid={!!errors}
            aria-describedby={describedBy}
            onChange={(e) => edit(f.name, { text: e.target.value })}
          />
          <span className="text-sm text-muted-foreground">
            {f.unit === "count" ? "" : f.unit}
            {h ? ` (${h})` : ""}
          </span>
        </div>
      );
    }
    if (f.name === "requiredGates") {
      const choices = [...new Set([...knownGates, ...f.default, ...f.value, ...d.gates])];
      const toggle = (g: string) => edit(f.name, { gates: d.gates.includes(g) ? d.gates.filter((x) => x !== g) : [...d.gates, g] });
      const add = () => {
        const g = customGate.trim();
        if (g && !d.gates.includes(g)) edit(f.name, { gates: [...d.gates, g] });
        setCustomGate("");
      };
      return (
        <div className="space-y-2">
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {choices.map((g) => (
              <label key={g} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={d.gates.includes(g)} onChange={() => toggle(g)} className="accent-primary" />
                <code>{g}</code>
              </label>
            ))}
          </div>
          <div className="flex items-center gap-2">
            <Label htmlFor={`${id}-custom`} className="sr-only">
              Another gate
            </Label>
            <Input
              id={`${id}-custom`}
              className="w-56"
              placeholder="another gate, e.g. codeql"
              value={customGate}
              onChange={(e) => setCustomGate(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  add();
                }
              }}
            />
            <Button type="button" variant="outline" size="sm" onClick={add} disabled={!customGate.trim()}>
              Add gate
            </Button>
          </div>
        </div>
      );
    }
    return (
      <Textarea
        id={id}
        rows={10}
        spellCheck={false}
        className="font-mono"
        value={d.text}
        aria-invalid={!!errors}
        aria-describedby={describedBy}
        onChange={(e) => edit(f.name, { text: e.target.value })}
      />
    );
  }

  function field(f: SettingFieldView) {
    const d = drafts[f.name];
    const id = `s-${f.name}`;
    const errors = errorsOf(f);
    const atDefault = d.reset || (f.isDefault && !isDirty(f, d));
    const isGates = f.name === "requiredGates";
    return (
      <div
        className="space-y-1.5"
        role={isGates ? "group" : undefined}
        aria-labelledby={isGates ? `${id}-label` : undefined}
        aria-describedby={isGates ? `${id}-help` : undefined}
      >
        <div className="flex flex-wrap items-center gap-2">
          {isGates ? (
            <span id={`${id}-label`} className="text-sm font-medium">
              {f.label}
            </span>
          ) : (
            <Label htmlFor={id}>{f.label}</Label>
          )}
          {atDefault ? <Badge>default</Badge> : <Badge tone="info">custom</Badge>}
          <Button
            type="button"
            variant="ghost"
            size="sm"
            aria-label={`Reset ${f.label} to default`}
            disabled={atDefault}
            onClick={() => edit(f.name, { text: asText(f, f.default), gates: f.kind === "list" ? [...f.default] : [], reset: true })}
          >
            Reset to default
          </Button>
        </div>
        {control(f)}
        <p id={`${id}-help`} className="text-xs text-muted-foreground">
          {f.help} Default:{" "}
          {f.kind === "number"
            ? f.default.toLocaleString("en-US")
            : f.default.length > 6
              ? `${f.default.length} built-in ${f.item}s`
              : f.default.join(", ") || "none"}
          .
        </p>
        <FieldError id={`${id}-error`} messages={errors} />
      </div>
    );
  }

  const dirty = fields.some((f) => drafts[f.name].reset || isDirty(f, drafts[f.name]));
  const hydrated = useHydrated();
  return (
    <form
      data-hydrated={hydrated ? "" : undefined}
      className="space-y-6"
      noValidate
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {GROUPS.map((g) => (
        <Card key={g.group}>
          <CardHeader>
            <CardTitle>{g.title}</CardTitle>
            {g.note ? <p className="text-xs text-muted-foreground">{g.note}</p> : null}
          </CardHeader>
          <CardContent className="grid gap-5 md:grid-cols-2">
            {fields
              .filter((f) => f.group === g.group)
              .map((f) => (
                <div key={f.name} className={f.kind === "list" ? "md:col-span-2" : undefined}>
                  {field(f)}
                </div>
              ))}
          </CardContent>
        </Card>
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || !dirty}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
        <div aria-live="polite" className="text-sm">
          {result?.ok && savedNames && !pending ? (
            <p role="status" className="text-green-700 dark:text-green-400">
              {savedNames.length ? `Saved: ${savedNames.map(labelOf).join(", ")}.` : "Nothing changed."}
            </p>
          ) : null}
        </div>
        {error ? (
          <p role="alert" className="w-full text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
