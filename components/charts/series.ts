// Colours of chart series. A cohort keeps its colour on every chart of a page: colours are
// assigned once per page from the page's charted cohorts, never per chart.

/** Eight hues that stay apart from each other in light and dark themes. */
export const SERIES_COLORS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

/** One colour per key, in the keys' order; past the palette's length keys get none (draw at most that many). */
export function assignColors(keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  keys.slice(0, SERIES_COLORS.length).forEach((k, i) => (out[k] = SERIES_COLORS[i]));
  return out;
}
