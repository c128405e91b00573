"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { Input, Label, Select } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

interface Option {
  value: string;
  label: string;
}

/** Filters live in the URL: every change pushes new search params and the server re-renders. */
export function AgentFilterBar({ teams, roles, kinds }: { teams: Option[]; roles: string[]; kinds: Option[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, start] = useTransition();

  function set(key: string, value: string) {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("page");
    start(() => router.push(`${pathname}?${next.toString()}`));
  }

  const select = (key: string, label: string, options: Option[]) => (
    <div className="space-y-1">
      <Label htmlFor={`f-${key}`}>{label}</Label>
      <Select id={`f-${key}`} value={params.get(key) ?? ""} onChange={(e) => set(key, e.target.value)}>
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
      {select("role", "Role", roles.map((r) => ({ value: r, label: r })))}
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
        <Button type="button" variant="ghost" onClick={() => start(() => router.push(pathname))}>
          Clear
        </Button>
      ) : null}
    </form>
  );
}
