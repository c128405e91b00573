"use client";
import { CartesianGrid, ErrorBar, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { wilsonInterval } from "@/lib/kpis/wilson";
import { fittedAxis, labelWidth, percentFormatter } from "./axis";

export interface RateDatum {
  name: string;
  numerator: number;
  denominator: number;
}

interface Point {
  name: string;
  value: number;
  low: number;
  high: number;
  /** distances to the interval's ends, for the error bar */
  err: [number, number];
  numerator: number;
  denominator: number;
}

const MAX_LABEL = 28;
const short = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

function DotTooltip({ active, payload, unit }: { active?: boolean; payload?: { payload?: Point }[]; unit: string }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <div className="rounded-md border border-border bg-card p-2 text-xs text-card-foreground shadow" data-testid="chart-tooltip">
      <div className="font-medium">{p.name}</div>
      <div>
        {(p.value * 100).toFixed(1)}% ({p.numerator} / {p.denominator} {unit})
      </div>
      <div className="text-muted-foreground">
        95 % interval {(p.low * 100).toFixed(1)}% – {(p.high * 100).toFixed(1)}%
      </div>
    </div>
  );
}

/**
 * One rate per item as a dot with its 95 % interval, on an axis fitted to the data: rates that
 * all sit between 92 and 97 % are spread across the width instead of drawn as equal bars on a
 * 0–100 % axis (a dot, unlike a bar, does not claim a zero baseline). Names sit on the left,
 * sized to the longest so none is clipped, top to bottom in the order given (the table's).
 */
export function RateDotChart({ data, label, unit, color = "#2563eb" }: { data: RateDatum[]; label: string; unit: string; color?: string }) {
  const points: Point[] = data
    .filter((d) => d.denominator > 0)
    .map((d) => {
      const value = d.numerator / d.denominator;
      const i = wilsonInterval(d.numerator, d.denominator) ?? { low: value, high: value };
      return { name: d.name, value, low: i.low, high: i.high, err: [value - i.low, i.high - value], numerator: d.numerator, denominator: d.denominator };
    });
  const axis = fittedAxis(
    points.flatMap((p) => [p.low, p.value, p.high]),
    { bounds: [0, 1], zeroWithin: 0.3 },
  );
  const fmt = percentFormatter(axis.ticks);
  const yWidth = labelWidth(Math.max(4, ...points.map((p) => short(p.name).length)));
  const height = Math.max(140, points.length * 34 + 48);
  return (
    <div role="img" aria-label={label} className="w-full text-muted-foreground" style={{ height }} data-chart="rate-dot" data-domain={axis.domain.join(",")}>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 28, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis
            type="number"
            dataKey="value"
            domain={axis.domain}
            ticks={axis.ticks}
            interval={0}
            tickFormatter={fmt}
            allowDataOverflow
            tick={{ fontSize: 11, fill: "currentColor" }}
            stroke="currentColor"
          />
          <YAxis
            type="category"
            dataKey="name"
            reversed
            width={yWidth}
            interval={0}
            tickFormatter={short}
            allowDuplicatedCategory={false}
            tick={{ fontSize: 11, fill: "currentColor", width: 1000 }}
            stroke="currentColor"
          />
          <Tooltip content={<DotTooltip unit={unit} />} cursor={false} />
          <Scatter data={points} fill={color} isAnimationActive={false}>
            <ErrorBar dataKey="err" direction="x" width={6} stroke={color} strokeWidth={1.5} />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
