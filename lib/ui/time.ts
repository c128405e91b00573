// One way to show a moment everywhere: UTC, to the minute ("2026-11-23 12:20 UTC"). The same
// text on the server and in the browser, whatever their locale and time zone, so client
// components hydrate without drift.

type When = Date | string | null | undefined;

const toDate = (d: Date | string) => (typeof d === "string" ? new Date(d) : d);

/** "2026-11-23 12:20 UTC", or `none` when there is no time. */
export function fmtDateTime(d: When, none = "—"): string {
  if (!d) return none;
  return toDate(d).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** "2026-11-23", or `none` when there is no date. */
export function fmtDay(d: When, none = "—"): string {
  if (!d) return none;
  return toDate(d).toISOString().slice(0, 10);
}
