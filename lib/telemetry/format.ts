// Money, token and CSV formatting for the cost views (pure; client components import it).

export function formatUsd(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "—";
  if (v !== 0 && Math.abs(v) < 0.01) return `$${v.toFixed(4)}`;
  return `$${v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function formatCount(v: number): string {
  if (v >= 1e9) return `${(v / 1e9).toFixed(1)}B`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  return Math.round(v).toLocaleString("en-US");
}

/** Change against a previous amount, as "▲ 12 %" / "▼ 3 %", or null when there is nothing to compare. */
export function trendLabel(current: number, previous: number): { text: string; up: boolean } | null {
  if (!(previous > 0)) return null;
  const pct = ((current - previous) / previous) * 100;
  return { text: `${pct >= 0 ? "▲" : "▼"} ${Math.abs(pct).toFixed(0)} %`, up: pct > 0 };
}

/** CSV of the cost tables: the one encoder (lib/util/csv.ts). */
export { toCsv } from "@/lib/util/csv";
