"use client";
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS: Record<string, string> = { critical: "#dc2626", high: "#d97706", medium: "#2563eb", low: "#6b7280" };

/** Open violations per severity; the table beside it carries the same numbers for screen readers. */
export function SeverityChart({ data }: { data: { severity: string; count: number }[] }) {
  // Hidden from assistive tech, so it must hold nothing focusable: recharts' accessibility
  // layer would make the SVG a tab stop inside an aria-hidden region (axe aria-hidden-focus).
  return (
    <div className="h-48 w-full" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
          <XAxis dataKey="severity" tick={{ fontSize: 12, fill: "currentColor" }} stroke="currentColor" />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "currentColor" }} stroke="currentColor" />
          <Tooltip cursor={{ fillOpacity: 0.1 }} contentStyle={{ background: "var(--color-card, #fff)", borderRadius: 6 }} />
          <Bar dataKey="count" name="Open" radius={[4, 4, 0, 0]}>
            {data.map((d) => (
              <Cell key={d.severity} fill={COLORS[d.severity] ?? "#6b7280"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
