"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fittedAxis, labelWidth } from "./axis";

export interface BarDatum {
  name: string;
  value: number | null;
  /** shown in the tooltip, e.g. "12 / 40 runs" */
  detail?: string;
}

const MAX_LABEL = 28;
const short = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

/**
 * One bar per item; `format` is applied to axis and tooltip values. Bars always start at zero
 * (a bar's length is its value); the value axis ends on a round tick above the largest.
 * `layout="rows"` draws horizontal bars with the names on the left, sized to the longest
 * name (long agent names are never angled or clipped); columns suit short names such as days.
 */
export function SimpleBarChart({
  data,
  label,
  format = "number",
  color = "#2563eb",
  layout = "columns",
}: {
  data: BarDatum[];
  label: string;
  format?: "percent" | "number" | "seconds";
  color?: string;
  layout?: "columns" | "rows";
}) {
  const fmt = (v: number | null) => {
    if (v === null || v === undefined) return "no data";
    if (format === "percent") return `${(v * 100).toFixed(1)}%`;
    if (format === "seconds") return v < 120 ? `${Math.round(v)} s` : v < 7200 ? `${+(v / 60).toFixed(1)} min` : `${+(v / 3600).toFixed(1)} h`;
    return v.toLocaleString("en-US", { maximumFractionDigits: 2 });
  };
  const axis = fittedAxis(
    data.map((d) => d.value),
    { includeZero: true, time: format === "seconds", ...(format === "percent" ? { bounds: [0, 1] as [number, number] } : {}) },
  );
  const valueWidth = labelWidth(Math.max(...axis.ticks.map((t) => fmt(t).length)));
  const tick = { fontSize: 11, fill: "currentColor" };
  const tooltip = (
    <Tooltip
      cursor={{ fillOpacity: 0.1 }}
      wrapperClassName="text-card-foreground"
      contentStyle={{ background: "var(--color-card, #fff)", borderRadius: 6, fontSize: 12 }}
      formatter={(v, _n, item) => {
        const d = (item as { payload?: BarDatum }).payload;
        return [`${fmt(typeof v === "number" ? v : null)}${d?.detail ? ` (${d.detail})` : ""}`, label];
      }}
    />
  );
  if (layout === "rows") {
    const nameWidth = labelWidth(Math.max(4, ...data.map((d) => short(d.name).length)));
    return (
      <div
        role="img"
        aria-label={label}
        className="w-full text-muted-foreground"
        style={{ height: Math.max(140, data.length * 28 + 48) }}
        data-chart="bars"
        data-domain={axis.domain.join(",")}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 28, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
            <XAxis type="number" domain={axis.domain} ticks={axis.ticks} interval={0} tickFormatter={(v: number) => fmt(v)} tick={tick} stroke="currentColor" />
            <YAxis type="category" dataKey="name" width={nameWidth} interval={0} tickFormatter={short} tick={{ ...tick, width: 1000 }} stroke="currentColor" />
            {tooltip}
            <Bar dataKey="value" fill={color} isAnimationActive={false} barSize={16} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    );
  }
  return (
    <div role="img" aria-label={label} className="h-64 w-full text-muted-foreground" data-chart="bars" data-domain={axis.domain.join(",")}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 12, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="name" tick={tick} stroke="currentColor" interval="preserveStartEnd" minTickGap={8} />
          <YAxis
            type="number"
            domain={axis.domain}
            ticks={axis.ticks}
            interval={0}
            tickFormatter={(v: number) => fmt(v)}
            width={valueWidth}
            tick={tick}
            stroke="currentColor"
          />
          {tooltip}
          <Bar dataKey="value" fill={color} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
