"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";

export interface FilterOptions {
  kinds: { value: string; label: string }[];
  agents: string[];
  teams: { slug: string; name: string }[];
  triagers: { id: string; name: string }[];
}

const FIELDS = ["kind", "severity", "status", "agent", "team", "assignee", "from", "to"] as const;

/** Every filter lives in the URL; changing one resets to page 1. */
export function ViolationFilters({ options }: { options: FilterOptions }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, start] = useTransition();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("page");
    start(() => router.push(`${pathname}?${next.toString()}`));
  };
  const v = (k: string) => params.get(k) ?? "";
  const active = FIELDS.some((f) => params.get(f));
  return (
    <form role="search" aria-label="Filter violations" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()} aria-busy={pending}>
      <div className="space-y-1">
        <Label htmlFor="f-status">Status</Label>
        <Select id="f-status" value={v("status")} onChange={(e) => set("status", e.target.value)}>
          <option value="">Any</option>
          <option value="open">Open</option>
          <option value="triaged">Triaged</option>
          <option value="resolved">Resolved</option>
          <option value="false_positive">False positive</option>
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-severity">Severity</Label>
        <Select id="f-severity" value={v("severity")} onChange={(e) => set("severity", e.target.value)}>
          <option value="">Any</option>
          {["critical", "high", "medium", "low"].map((s) => (
            <option key={s} value={s}>
              {s[0].toUpperCase() + s.slice(1)}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-kind">Kind</Label>
        <Select id="f-kind" value={v("kind")} onChange={(e) => set("kind", e.target.value)}>
          <option value="">Any</option>
          {options.kinds.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-agent">Agent</Label>
        <Input
          id="f-agent"
          list="f-agent-list"
          defaultValue={v("agent")}
          placeholder="slug"
          className="w-44"
          onKeyDown={(e) => {
            if (e.key === "Enter") set("agent", e.currentTarget.value.trim());
          }}
          onBlur={(e) => {
            if (e.currentTarget.value.trim() !== v("agent")) set("agent", e.currentTarget.value.trim());
          }}
        />
        <datalist id="f-agent-list">
          {options.agents.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-team">Team</Label>
        <Select id="f-team" value={v("team")} onChange={(e) => set("team", e.target.value)}>
          <option value="">Any</option>
          {options.teams.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-assignee">Assignee</Label>
        <Select id="f-assignee" value={v("assignee")} onChange={(e) => set("assignee", e.target.value)}>
          <option value="">Anyone</option>
          <option value="none">Unassigned</option>
          {options.triagers.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-from">Seen from</Label>
        <Input id="f-from" type="date" className="w-40" value={v("from")} onChange={(e) => set("from", e.target.value)} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-to">Seen until</Label>
        <Input id="f-to" type="date" className="w-40" value={v("to")} onChange={(e) => set("to", e.target.value)} />
      </div>
      {active ? (
        <Button type="button" variant="ghost" onClick={() => start(() => router.push(pathname))}>
          Clear filters
        </Button>
      ) : null}
    </form>
  );
}
