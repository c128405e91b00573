"use client";
import { FilterSelect, useUrlFilters, type FilterOption } from "@/components/ui/url-filters";
import { Button } from "@/components/ui/button";

type Option = FilterOption;

/** Change filters live in the URL; each change pushes new params (and drops the page cursor). */
export function ChangeFilterBar({ repositories, agents, teams }: { repositories: string[]; agents: string[]; teams: Option[] }) {
  const { params, set, clear, pending } = useUrlFilters("cursor");
  const select = (key: string, label: string, options: Option[]) => (
    <FilterSelect name={key} label={label} options={options} idPrefix="cf" value={params.get(key) ?? ""} onChange={set} />
  );

  return (
    <div role="search" aria-label="Filter changes" aria-busy={pending} className="flex flex-wrap items-end gap-3">
      {select("author", "Author", [
        { value: "agent", label: "Agent-authored" },
        { value: "human", label: "Human-authored" },
      ])}
      {select(
        "repository",
        "Repository",
        repositories.map((r) => ({ value: r, label: r })),
      )}
      {select(
        "agent",
        "Agent",
        agents.map((a) => ({ value: a, label: a })),
      )}
      {select("team", "Team", teams)}
      {select("state", "State", [
        { value: "open", label: "Open" },
        { value: "merged", label: "Merged" },
        { value: "closed", label: "Closed" },
      ])}
      {select("flagged", "Security-adjacent", [{ value: "1", label: "Flagged only" }])}
      {params.toString() ? (
        <Button type="button" variant="ghost" onClick={clear}>
          Clear
        </Button>
      ) : null}
    </div>
  );
}
