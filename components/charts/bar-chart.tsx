"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface BarDatum {
  name: string;
  value: number | null;
  /** shown in the tooltip, e.g. "12 / 40 runs" */
  detail?: string;
}

/** One bar per item; `format` is applied to axis and tooltip values. */
export function SimpleBarChart({ data, label, format = "number", color = "#2563eb" }: { data: BarDatum[]; label: string; format?: "percent" | "number" | "seconds"; color?: string }) {
  const fmt = (v: number | null) => {
    if (v === null || v === undefined) return "no data";
    if (format === "percent") return `${(v * 100).toFixed(1)}%`;
    if (format === "seconds") return v < 120 ? `${Math.round(v)} s` : v < 7200 ? `${(v / 60).toFixed(1)} min` : `${(v / 3600).toFixed(1)} h`;
    return v.toLocaleString("en-US", { maximumFractionDigits: 2 });
  };
  return (
    <div role="img" aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          {/* long names (agents, gates) are angled so neighbours never overlap */}
          <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} angle={data.length > 4 ? -30 : 0} textAnchor={data.length > 4 ? "end" : "middle"} height={data.length > 4 ? 70 : 30} />
          <YAxis tickFormatter={(v: number) => fmt(v)} tick={{ fontSize: 11 }} />
          <Tooltip
            formatter={(v, _n, item) => {
              const d = (item as { payload?: BarDatum }).payload;
              return [`${fmt(typeof v === "number" ? v : null)}${d?.detail ? ` (${d.detail})` : ""}`, label];
            }}
          />
          <Bar dataKey="value" fill={color} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
