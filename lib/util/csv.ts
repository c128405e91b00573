// The one CSV encoder (issue 18: there were six, with different quoting and formula guards).
// RFC 4180 with CRLF line ends; a cell is quoted when it holds a quote, comma, CR or LF. A text
// cell that a spreadsheet would run as a formula (= + - @ tab CR first) gets a leading
// apostrophe (OWASP CSV injection); numbers stay numbers (-3 is not a formula). Dates are ISO
// 8601, objects their JSON. Pure: the exports, the API and client components use it.

/** One cell. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s: string;
  if (typeof v === "string") s = FORMULA.test(v) ? `'${v}` : v;
  else if (v instanceof Date) s = v.toISOString();
  else if (typeof v === "object") s = JSON.stringify(v);
  else s = String(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const FORMULA = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One record, with its CRLF. */
export function csvLine(cells: readonly unknown[]): string {
  let out = "";
  for (let i = 0; i < cells.length; i++) out += (i ? "," : "") + csvCell(cells[i]);
  return out + "\r\n";
}

/** A whole document: the header, then the rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  let out = csvLine(header);
  for (const r of rows) out += csvLine(r);
  return out;
}
