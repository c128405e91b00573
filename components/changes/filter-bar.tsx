"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { Label, Select } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

interface Option {
  value: string;
  label: string;
}

/** Change filters live in the URL; each change pushes new params (and drops the page cursor). */
export function ChangeFilterBar({ repositories, agents, teams }: { repositories: string[]; agents: string[]; teams: Option[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, start] = useTransition();

  function set(key: string, value: string) {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("cursor");
    start(() => router.push(`${pathname}?${next.toString()}`));
  }

  const select = (key: string, label: string, options: Option[]) => (
    <div className="space-y-1">
      <Label htmlFor={`cf-${key}`}>{label}</Label>
      <Select id={`cf-${key}`} value={params.get(key) ?? ""} onChange={(e) => set(key, e.target.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );

  return (
    <div role="search" aria-label="Filter changes" aria-busy={pending} className="flex flex-wrap items-end gap-3">
      {select("author", "Author", [
        { value: "agent", label: "Agent-authored" },
        { value: "human", label: "Human-authored" },
      ])}
      {select("repository", "Repository", repositories.map((r) => ({ value: r, label: r })))}
      {select("agent", "Agent", agents.map((a) => ({ value: a, label: a })))}
      {select("team", "Team", teams)}
      {select("state", "State", [
        { value: "open", label: "Open" },
        { value: "merged", label: "Merged" },
        { value: "closed", label: "Closed" },
      ])}
      {select("flagged", "Security-adjacent", [{ value: "1", label: "Flagged only" }])}
      {params.toString() ? (
        <Button type="button" variant="ghost" onClick={() => start(() => router.push(pathname))}>
          Clear
        </Button>
      ) : null}
    </div>
  );
}
