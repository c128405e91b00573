"use client";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fittedAxis, labelWidth, percentFormatter, weekLabel } from "./axis";
import { SeriesLegend } from "./legend";

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
    <div className="rounded-md border border-border bg-card p-2 text-xs text-card-foreground shadow" data-testid="chart-tooltip">
      <div className="mb-1 font-medium">week of {label ? weekLabel(label) : ""}</div>
      {payload.map((p) => {
        const k = String(p.dataKey);
        const v = row[k] as number | null;
        return (
          <div key={k} className="flex items-center gap-1.5">
            <span aria-hidden="true" className="inline-block h-2 w-2 rounded-full" style={{ backgroundColor: p.color }} />
            {k}: {v === null || v === undefined ? "no data" : `${(v * 100).toFixed(1)}%`} ({row[`${k}__n`] ?? 0} {numLabel} / {row[`${k}__d`] ?? 0} {denLabel})
          </div>
        );
      })}
    </div>
  );
}

/**
 * Weekly rate lines per cohort, straight segments between the weeks (no smoothing: a curve would
 * invent values between them). The y axis is fitted to the data with round ticks; `colors` is
 * the page's cohort → colour map, so a cohort has one colour on every chart. The tooltip shows
 * numerator and denominator.
 */
export function RateTrendChart({
  rows,
  cohorts,
  colors,
  numLabel,
  denLabel,
  label,
}: {
  rows: Record<string, string | number | null>[];
  /** the cohorts to draw, in the page's order */
  cohorts: string[];
  colors: Record<string, string>;
  numLabel: string;
  denLabel: string;
  label: string;
}) {
  // a cohort with no rate in any week has no line: it gets no legend entry either
  const drawn = cohorts.filter((c) => colors[c] && rows.some((r) => typeof r[c] === "number"));
  const axis = fittedAxis(
    rows.flatMap((r) => drawn.map((c) => r[c] as number | null)),
    { bounds: [0, 1] },
  );
  const fmt = percentFormatter(axis.ticks);
  const yWidth = labelWidth(Math.max(...axis.ticks.map((t) => fmt(t).length)));
  return (
    <div className="space-y-2">
      <div role="img" aria-label={label} className="h-64 w-full text-muted-foreground" data-chart="rate-trend" data-domain={axis.domain.join(",")}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 12, right: 28, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
            <XAxis
              dataKey="week"
              tickFormatter={weekLabel}
              tick={{ fontSize: 11, fill: "currentColor" }}
              stroke="currentColor"
              interval="preserveStartEnd"
              minTickGap={12}
              padding={{ left: 8, right: 8 }}
            />
            <YAxis
              type="number"
              domain={axis.domain}
              ticks={axis.ticks}
              interval={0}
              tickFormatter={fmt}
              width={yWidth}
              tick={{ fontSize: 11, fill: "currentColor" }}
              stroke="currentColor"
            />
            <Tooltip content={<RateTooltip numLabel={numLabel} denLabel={denLabel} />} />
            {drawn.map((c) => (
              <Line
                key={c}
                type="linear"
                dataKey={c}
                name={c}
                stroke={colors[c]}
                strokeWidth={2}
                connectNulls
                dot={{ r: 2, fill: colors[c] }}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <SeriesLegend series={drawn.map((c) => ({ key: c, color: colors[c] }))} />
    </div>
  );
}
