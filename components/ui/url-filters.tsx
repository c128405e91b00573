"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { Label, Select } from "./input";

export interface FilterOption {
  value: string;
  label: string;
}

/**
 * Filters live in the URL: every change pushes new search params (dropping the paging key,
 * so a filtered list starts at its first page) and the server re-renders.
 */
export function useUrlFilters(pagingKey: string) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, start] = useTransition();
  function set(key: string, value: string) {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete(pagingKey);
    start(() => router.push(`${pathname}?${next.toString()}`));
  }
  const clear = () => start(() => router.push(pathname));
  return { params, set, clear, pending };
}

/** A labelled select bound to one URL parameter ("All" clears it). */
export function FilterSelect(props: {
  name: string;
  label: string;
  options: FilterOption[];
  idPrefix: string;
  value: string;
  onChange: (name: string, value: string) => void;
}) {
  const id = `${props.idPrefix}-${props.name}`;
  return (
    <div className="space-y-1">
      <Label htmlFor={id}>{props.label}</Label>
      <Select id={id} value={props.value} onChange={(e) => props.onChange(props.name, e.target.value)}>
        <option value="">All</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
