"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { Label, Select } from "@/components/ui/input";
import { cn } from "@/lib/ui/cn";

const WINDOWS = [7, 30, 90];
const COHORTS = [
  { value: "author_kind", label: "Agent vs human" },
  { value: "agent", label: "Per agent" },
  { value: "team", label: "Per team" },
  { value: "repository", label: "Per repository" },
];

/** Window and cohort live in the URL; the server recomputes the page from rollups. */
export function KpiControls({ windowDays, cohort }: { windowDays: number; cohort: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, start] = useTransition();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    next.set(key, value);
    start(() => router.push(`${pathname}?${next.toString()}`));
  };
  return (
    <div className="flex flex-wrap items-end gap-4" aria-busy={pending}>
      <fieldset>
        <legend className="text-sm font-medium">Window</legend>
        <div className="mt-1 inline-flex rounded-md border border-border" role="group">
          {WINDOWS.map((w) => (
            <button
              key={w}
              type="button"
              aria-pressed={w === windowDays}
              onClick={() => set("window", String(w))}
              className={cn(
                "px-3 py-1.5 text-sm first:rounded-l-md last:rounded-r-md",
                w === windowDays ? "bg-primary text-primary-foreground" : "hover:bg-muted",
              )}
            >
              {w} days
            </button>
          ))}
        </div>
      </fieldset>
      <div className="space-y-1">
        <Label htmlFor="kpi-cohort">Cohort</Label>
        <Select id="kpi-cohort" value={cohort} onChange={(e) => set("cohort", e.target.value)}>
          {COHORTS.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </Select>
      </div>
      {pending ? (
        <span role="status" className="text-sm text-muted-foreground">
          Updating…
        </span>
      ) : null}
    </div>
  );
}
