"use client";
import { useMemo } from "react";
import {
  createColumnHelper,
  createSortedRowModel,
  flexRender,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { Table, THead, TBody, TR, TH, TD } from "@/components/ui/table";
import { buttonVariants } from "@/components/ui/button";
import { formatCount, formatUsd, toCsv } from "@/lib/telemetry/format";
import type { CostRow } from "@/lib/telemetry/queries";

type Col = { id: keyof CostRow; header: string; kind: "text" | "usd" | "count" | "hours" };

const COLUMNS: Col[] = [
  { id: "label", header: "Name", kind: "text" },
  { id: "costUsd", header: "Cost", kind: "usd" },
  { id: "inputTokens", header: "Input tokens", kind: "count" },
  { id: "outputTokens", header: "Output tokens", kind: "count" },
  { id: "cacheTokens", header: "Cache tokens", kind: "count" },
  { id: "sessions", header: "Sessions", kind: "count" },
  { id: "activeHours", header: "Active time (h)", kind: "hours" },
  { id: "linesAdded", header: "Lines +", kind: "count" },
  { id: "linesRemoved", header: "Lines −", kind: "count" },
  { id: "merged", header: "Merged changes", kind: "count" },
  { id: "costPerMerged", header: "Cost / merged change", kind: "usd" },
  { id: "escaped", header: "Escaped defects", kind: "count" },
  { id: "costPerEscaped", header: "Cost / escaped defect", kind: "usd" },
];

function show(kind: Col["kind"], v: unknown) {
  if (kind === "text") return String(v ?? "");
  if (v === null || v === undefined) return "—";
  const x = Number(v);
  return kind === "usd" ? formatUsd(x) : kind === "hours" ? x.toFixed(1) : formatCount(x);
}

// TanStack Table v9: features are stitched in statically, outside the component.
const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, CostRow>();

/** A sortable cost table (click a header, or Enter/Space on it) with a CSV of exactly what it lists. */
export function CostTable({ rows, caption, name, testId }: { rows: CostRow[]; caption: string; name: string; testId?: string }) {
  const columns = useMemo(
    () =>
      helper.columns(
        COLUMNS.map((c) =>
          helper.accessor((r: CostRow) => r[c.id], {
            id: c.id,
            header: c.id === "label" ? name : c.header,
            cell: (info) => show(c.kind, info.getValue()),
            sortFn: c.kind === "text" ? "alphanumeric" : "basic",
            sortUndefined: "last",
          }),
        ),
      ),
    [name],
  );
  const table = useTable({ features, columns, data: rows, initialState: { sorting: [{ id: "costUsd", desc: true }] } });
  const sorted = table.getRowModel().rows;
  const csv =
    "data:text/csv;charset=utf-8," +
    encodeURIComponent(
      toCsv(
        [name, ...COLUMNS.slice(1).map((c) => c.header)],
        sorted.map((r) => COLUMNS.map((c) => (r.original[c.id] as string | number | null) ?? null)),
      ),
    );
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">No telemetry in this window.</p>;
  return (
    <div className="space-y-2" data-testid={testId}>
      <div className="flex justify-end">
        <a href={csv} download={`gatehouse-cost-by-${name.toLowerCase()}.csv`} className={buttonVariants({ variant: "outline", size: "sm" })}>
          CSV
        </a>
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
                    <button type="button" onClick={h.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 uppercase hover:underline">
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
            <TR key={r.id}>
              {r.getAllCells().map((c) => (
                <TD key={c.id} className={c.column.id === "label" ? "font-mono text-xs" : "tabular-nums"}>
                  {flexRender(c.column.columnDef.cell, c.getContext())}
                </TD>
              ))}
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
