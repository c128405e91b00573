"use client";
import { FilterSelect, useUrlFilters, type FilterOption } from "@/components/ui/url-filters";
import { Input, Label } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

type Option = FilterOption;

/** Filters live in the URL: every change pushes new search params and the server re-renders. */
export function AgentFilterBar({ teams, roles, kinds }: { teams: Option[]; roles: string[]; kinds: Option[] }) {
  const { params, set, clear, pending } = useUrlFilters("page");
  const select = (key: string, label: string, options: Option[]) => (
    <FilterSelect name={key} label={label} options={options} idPrefix="f" value={params.get(key) ?? ""} onChange={set} />
  );

  return (
    <form
      role="search"
      aria-busy={pending}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        set("q", String(new FormData(e.currentTarget).get("q") ?? "").trim());
      }}
    >
      <div className="space-y-1">
        <Label htmlFor="f-q">Search</Label>
        <Input
          id="f-q"
          name="q"
          key={params.get("q") ?? ""}
          type="search"
          placeholder="name, slug, role, sponsor…"
          defaultValue={params.get("q") ?? ""}
          className="w-56"
        />
      </div>
      {select("team", "Team", teams)}
      {select("status", "Status", [
        { value: "active", label: "Active" },
        { value: "suspended", label: "Suspended" },
        { value: "retired", label: "Retired" },
      ])}
      {select("kind", "Kind", kinds)}
      {select(
        "role",
        "Role",
        roles.map((r) => ({ value: r, label: r })),
      )}
      {select("risk", "Risk", [
        { value: "high", label: "High" },
        { value: "medium", label: "Medium" },
        { value: "low", label: "Low" },
      ])}
      {select("overdue", "Review", [{ value: "1", label: "Overdue only" }])}
      <Button type="submit" variant="outline">
        Apply
      </Button>
      {params.toString() && params.toString() !== "tab=registered" ? (
        <Button type="button" variant="ghost" onClick={clear}>
          Clear
        </Button>
      ) : null}
    </form>
  );
}
