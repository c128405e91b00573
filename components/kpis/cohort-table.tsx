"use client";
import { useMemo, useState } from "react";
import {
  createSortedRowModel,
  flexRender,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type ColumnDef,
} from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { Input, Label } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { MIN_SAMPLE, rankWorstFirst, type RankedRate } from "@/lib/kpis/wilson";

const pct = (v: number | null | undefined) => (v == null ? "—" : `${(v * 100).toFixed(1)}%`);

type Row = RankedRate & { rank: number };

// TanStack Table v9: the features this table uses, declared once outside the component
const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { basic: sortFn_basic, alphanumeric: sortFn_alphanumeric },
});

/**
 * One cohort table that answers "which is worst": ranked worst first by the 95 % interval with
 * small samples last (the rank column), sortable by any column, filterable by name. Each rate
 * shows its numerator/denominator and interval.
 */
export function CohortTable({
  id,
  caption,
  rows,
  numLabel,
  denLabel,
}: {
  id: string;
  caption: string;
  rows: { key: string; numerator: number; denominator: number }[];
  numLabel: string;
  denLabel: string;
}) {
  const ranked = useMemo<Row[]>(() => rankWorstFirst(rows).map((r, i) => ({ ...r, rank: i + 1 })), [rows]);
  const [filter, setFilter] = useState("");
  const data = useMemo(() => (filter ? ranked.filter((r) => r.key.toLowerCase().includes(filter.toLowerCase())) : ranked), [ranked, filter]);
  const columns = useMemo<ColumnDef<typeof features, Row>[]>(
    () => [
      { id: "rank", accessorKey: "rank", header: "Rank", sortFn: "basic" },
      { id: "cohort", accessorKey: "key", header: "Cohort", sortFn: "alphanumeric" },
      { id: "rate", accessorFn: (r) => r.value ?? -1, header: "Rate", sortFn: "basic", cell: (c) => pct(c.row.original.value) },
      {
        id: "count",
        accessorFn: (r) => r.denominator,
        header: `${numLabel} / ${denLabel}`,
        sortFn: "basic",
        cell: (c) => `${c.row.original.numerator} / ${c.row.original.denominator}`,
      },
      {
        id: "interval",
        accessorFn: (r) => r.interval?.low ?? -1,
        header: "95 % interval",
        sortFn: "basic",
        cell: (c) => (c.row.original.interval ? `${pct(c.row.original.interval.low)} – ${pct(c.row.original.interval.high)}` : "no data"),
      },
      {
        id: "sample",
        accessorFn: (r) => (r.smallSample ? 0 : 1),
        header: "Sample",
        sortFn: "basic",
        cell: (c) => (c.row.original.smallSample ? <Badge tone="warn">small (&lt; {MIN_SAMPLE})</Badge> : <span className="text-muted-foreground">ok</span>),
      },
    ],
    [numLabel, denLabel],
  );
  const table = useTable({ features, columns, data, initialState: { sorting: [{ id: "rank", desc: false }] } });
  return (
    <div className="space-y-2" data-testid={`cohort-table-${id}`}>
      <div className="flex items-center gap-2">
        <Label htmlFor={`filter-${id}`} className="text-sm">
          Filter
        </Label>
        <Input id={`filter-${id}`} className="h-8 max-w-56" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="cohort name" />
      </div>
      <Table>
        <caption className="sr-only">{caption}</caption>
        <THead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const dir = h.column.getIsSorted();
                return (
                  <TH key={h.id} aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"} className="whitespace-nowrap">
                    <button type="button" className="inline-flex items-center gap-1 uppercase hover:underline" onClick={h.column.getToggleSortingHandler()}>
                      {flexRender(h.column.columnDef.header, h.getContext())}
                      <span aria-hidden="true">{dir === "asc" ? "▲" : dir === "desc" ? "▼" : ""}</span>
                    </button>
                  </TH>
                );
              })}
            </tr>
          ))}
        </THead>
        <TBody>
          {table.getRowModel().rows.map((r) => (
            <TR key={r.id} data-testid="cohort-row" data-small-sample={r.original.smallSample ? "true" : undefined}>
              {r.getAllCells().map((c) => (
                <TD key={c.id} className={c.column.id === "cohort" ? "whitespace-nowrap font-mono text-xs" : "whitespace-nowrap tabular-nums"}>
                  {flexRender(c.column.columnDef.cell ?? ((x) => String(x.getValue())), c.getContext())}
                </TD>
              ))}
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
