"use client";
// recharts is the largest dependency of the UI (~100 KB gzip). Charts never render on the
// server anyway (ResponsiveContainer measures the browser's layout), so they load as a
// separate chunk after the page: the first-load JavaScript of / and /kpis stays in budget.
// The placeholder keeps the chart's size (no layout shift) and its accessible name.
import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import type { RateTrendChart as RateTrendChartT } from "./rate-trend-chart";
import type { RateDotChart as RateDotChartT } from "./rate-dot-chart";
import type { SimpleBarChart as SimpleBarChartT } from "./bar-chart";
import type { SeverityChart as SeverityChartT } from "@/components/violations/severity-chart";

const placeholder = () => <div aria-hidden="true" className="h-64 w-full animate-pulse rounded-md bg-muted" />;

const RateTrend = dynamic(() => import("./rate-trend-chart").then((m) => m.RateTrendChart), { ssr: false, loading: placeholder });
const RateDots = dynamic(() => import("./rate-dot-chart").then((m) => m.RateDotChart), { ssr: false, loading: placeholder });
const Bars = dynamic(() => import("./bar-chart").then((m) => m.SimpleBarChart), { ssr: false, loading: placeholder });
const Severity = dynamic(() => import("@/components/violations/severity-chart").then((m) => m.SeverityChart), {
  ssr: false,
  loading: () => <div aria-hidden="true" className="h-48 w-full animate-pulse rounded-md bg-muted" />,
});

export function LazyRateTrendChart(props: ComponentProps<typeof RateTrendChartT>) {
  return <RateTrend {...props} />;
}

export function LazyRateDotChart(props: ComponentProps<typeof RateDotChartT>) {
  return <RateDots {...props} />;
}

export function LazySimpleBarChart(props: ComponentProps<typeof SimpleBarChartT>) {
  return <Bars {...props} />;
}

export function LazySeverityChart(props: ComponentProps<typeof SeverityChartT>) {
  return <Severity {...props} />;
}
