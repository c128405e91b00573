/**
 * The series of a chart as an HTML list (not recharts' SVG legend): text in the page's own
 * colour (contrast in both themes), a swatch in the series colour, never clipped, and readable
 * by tests (data-series, data-color).
 */
export function SeriesLegend({ series }: { series: { key: string; color: string }[] }) {
  if (series.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" data-testid="chart-legend">
      {series.map((s) => (
        <li key={s.key} className="inline-flex items-center gap-1.5" data-series={s.key} data-color={s.color}>
          <span aria-hidden="true" className="inline-block h-0.5 w-4 rounded" style={{ backgroundColor: s.color, height: 3 }} />
          {s.key}
        </li>
      ))}
    </ul>
  );
}
