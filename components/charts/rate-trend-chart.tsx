"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export const SERIES_COLORS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

interface TooltipProps {
  active?: boolean;
  label?: string;
  payload?: { dataKey?: string | number; color?: string; payload?: Record<string, string | number | null> }[];
  numLabel: string;
  denLabel: string;
}

function RateTooltip({ active, label, payload, numLabel, denLabel }: TooltipProps) {
  if (!active || !payload?.length) return null;
  const row = payload[0].payload ?? {};
  return (
    <div className="rounded-md border border-border bg-card p-2 text-xs shadow">
      <div className="mb-1 font-medium">week of {label}</div>
      {payload.map((p) => {
        const k = String(p.dataKey);
        const v = row[k] as number | null;
        return (
          <div key={k} style={{ color: p.color }}>
            {k}: {v === null || v === undefined ? "no data" : `${(v * 100).toFixed(1)}%`} ({row[`${k}__n`] ?? 0} {numLabel} / {row[`${k}__d`] ?? 0} {denLabel})
          </div>
        );
      })}
    </div>
  );
}

/**
 * Weekly rate lines per cohort; the tooltip shows numerator and denominator. `colorOrder` (every
 * cohort of the page, in one order) gives a cohort the same color in every chart it appears in.
 */
export function RateTrendChart({
  rows,
  cohorts,
  numLabel,
  denLabel,
  label,
  colorOrder = cohorts,
}: {
  rows: Record<string, string | number | null>[];
  cohorts: string[];
  numLabel: string;
  denLabel: string;
  label: string;
  colorOrder?: string[];
}) {
  const color = (c: string, i: number) => {
    const at = colorOrder.indexOf(c);
    return SERIES_COLORS[(at >= 0 ? at : i) % SERIES_COLORS.length];
  };
  return (
    <div role="img" aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="week" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 11 }} domain={[0, "auto"]} />
          <Tooltip content={<RateTooltip numLabel={numLabel} denLabel={denLabel} />} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {cohorts.map((c, i) => (
            <Line key={c} type="monotone" dataKey={c} stroke={color(c, i)} connectNulls dot={{ r: 2 }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
