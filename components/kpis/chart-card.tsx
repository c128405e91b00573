"use client";
import { useState } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, THead, TBody, TR, TH, TD } from "@/components/ui/table";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/ui/cn";

export interface PlainTable {
  header: string[];
  rows: (string | number | null)[][];
}

function DataTable({ table, caption }: { table: PlainTable; caption: string }) {
  if (table.rows.length === 0) return <p className="text-sm text-muted-foreground">No data in this window.</p>;
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <THead>
        <tr>
          {table.header.map((h) => (
            <TH key={h}>{h}</TH>
          ))}
        </tr>
      </THead>
      <TBody>
        {table.rows.map((r, i) => (
          <TR key={i}>
            {r.map((v, j) => (
              <TD key={j} className="tabular-nums">
                {v === null ? <span className="text-muted-foreground">no data</span> : String(v)}
              </TD>
            ))}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

/** A KPI chart with a chart/table switch, the window totals below, and a CSV download. */
export function ChartCard(props: {
  id: string;
  title: string;
  description: string;
  headline?: string;
  table: PlainTable;
  totals?: PlainTable;
  csvHref: string;
  empty: boolean;
  children: React.ReactNode;
}) {
  const [view, setView] = useState<"chart" | "table">("chart");
  return (
    <Card data-testid={`kpi-${props.id}`}>
      <CardHeader>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div>
            <CardTitle>{props.title}</CardTitle>
            <p className="text-xs text-muted-foreground">{props.description}</p>
          </div>
          <div className="flex items-center gap-1">
            <div role="group" aria-label={`${props.title} view`} className="inline-flex rounded-md border border-border">
              {(["chart", "table"] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  aria-pressed={view === v}
                  onClick={() => setView(v)}
                  className={cn("px-2 py-1 text-xs capitalize", view === v ? "bg-muted font-semibold" : "")}
                >
                  {v}
                </button>
              ))}
            </div>
            <a href={props.csvHref} className={buttonVariants({ variant: "outline", size: "sm" })} download>
              CSV
            </a>
          </div>
        </div>
        {props.headline ? (
          <p className="text-base font-semibold tabular-nums" data-testid={`kpi-${props.id}-headline`}>
            {props.headline}
          </p>
        ) : null}
      </CardHeader>
      <CardContent className="space-y-3">
        {props.empty ? (
          <p className="rounded-md border border-dashed border-border p-6 text-center text-sm text-muted-foreground">No data in this window.</p>
        ) : view === "chart" ? (
          props.children
        ) : (
          <DataTable table={props.table} caption={`${props.title}, by week`} />
        )}
        {props.totals && !props.empty ? <DataTable table={props.totals} caption={`${props.title}, window totals`} /> : null}
      </CardContent>
    </Card>
  );
}
