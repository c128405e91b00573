"use client";
import { useRouter, usePathname } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";

export const FILTER_KEYS = ["q", "agent", "team", "session", "type", "decision", "outcome", "resource", "repository", "approval", "from", "to"] as const;
export type FilterValues = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

interface Props {
  values: FilterValues;
  agents: string[];
  teams: { slug: string; name: string }[];
}

/** Filters live in the URL: submitting pushes them as search params (and drops the cursor). */
export function AuditFilterBar({ values, agents, teams }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, start] = useTransition();
  const field = (name: keyof FilterValues, label: string, placeholder?: string, list?: string) => (
    <div className="space-y-1">
      <Label htmlFor={`f-${name}`}>{label}</Label>
      <Input id={`f-${name}`} name={name} defaultValue={values[name] ?? ""} placeholder={placeholder} list={list} />
    </div>
  );
  return (
    <form
      role="search"
      aria-label="Filter audit events"
      className="grid gap-3 rounded-lg border border-border bg-card p-4 sm:grid-cols-2 lg:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        const params = new URLSearchParams();
        for (const [k, v] of new FormData(e.currentTarget)) if (typeof v === "string" && v.trim()) params.set(k, v.trim());
        start(() => router.push(`${pathname}${params.size ? `?${params}` : ""}`));
      }}
    >
      {field("q", "Search", "command, resource, tool…")}
      {field("agent", "Agent", "slug or id", "audit-agents")}
      <datalist id="audit-agents">
        {agents.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <div className="space-y-1">
        <Label htmlFor="f-team">Team</Label>
        <Select id="f-team" name="team" defaultValue={values.team ?? ""} className="w-full">
          <option value="">Any team</option>
          {teams.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </Select>
      </div>
      {field("session", "Session", "session id")}
      {field("type", "Event type", "tool.post or tool.*")}
      <div className="space-y-1">
        <Label htmlFor="f-decision">Decision</Label>
        <Select id="f-decision" name="decision" defaultValue={values.decision ?? ""} className="w-full">
          <option value="">Any</option>
          <option value="allow">allow</option>
          <option value="ask">ask</option>
          <option value="deny">deny</option>
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-outcome">Outcome</Label>
        <Select id="f-outcome" name="outcome" defaultValue={values.outcome ?? ""} className="w-full">
          <option value="">Any</option>
          <option value="success">success</option>
          <option value="failure">failure</option>
          <option value="blocked">blocked</option>
        </Select>
      </div>
      {field("resource", "Resource / path", "src/auth/ (prefix)")}
      {field("repository", "Repository", "acme/payments")}
      {field("approval", "Approval id")}
      <div className="space-y-1">
        <Label htmlFor="f-from">From</Label>
        <Input id="f-from" name="from" type="date" defaultValue={values.from?.slice(0, 10) ?? ""} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-to">To</Label>
        <Input id="f-to" name="to" type="date" defaultValue={values.to?.slice(0, 10) ?? ""} />
      </div>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Filtering…" : "Apply filters"}
        </Button>
        <Button type="button" variant="outline" onClick={() => start(() => router.push(pathname))}>
          Clear
        </Button>
      </div>
    </form>
  );
}
