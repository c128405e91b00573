// One representation of an event's time from ingest to hash to verify: a JavaScript Date with
// millisecond precision, stored as its ISO string, read back from PostgreSQL's text output and
// turned into the same ISO string (parseTimestampText). Times outside what every part handles
// the same way are refused at ingest: PostgreSQL has no year 0 (a 500), and a year below 1000
// came back as text that Date re-parsed as 2001 (verify failed for ever after one such event).
import { z } from "zod";

/** Earliest event time accepted from a client. */
export const MIN_EVENT_TIME = Date.UTC(1970, 0, 1);
/** How far ahead of the server's clock a client's event time may be (clock skew). */
export const MAX_EVENT_TIME_AHEAD_MS = 24 * 60 * 60 * 1000;

/** Why a client's event time is refused, or null when it is accepted. */
export function eventTimeProblem(text: string, now = Date.now()): string | null {
  const ms = new Date(text).getTime();
  if (Number.isNaN(ms)) return "time: not a valid time";
  if (ms < MIN_EVENT_TIME) return "time: before 1970-01-01T00:00:00Z";
  if (ms > now + MAX_EVENT_TIME_AHEAD_MS) return "time: more than 24 hours in the future";
  return null;
}

/** An ISO 8601 time with an offset, within the accepted range. */
export const eventTimeSchema = z.iso.datetime({ offset: true }).superRefine((s, ctx) => {
  const problem = eventTimeProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: problem.replace(/^time: /, "") });
});

// PostgreSQL's text output of a timestamptz: "YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]][ BC]".
const PG_TIMESTAMPTZ = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?( BC)?$/;

/**
 * A timestamptz's text as the ISO string its JavaScript Date has (what the row's hash covers).
 * Parsed field by field for every year (Date's own parser read "0001-01-01 00:00:00+00" as 2001);
 * digits past milliseconds are dropped, as the Date the row was written from had none.
 */
export function parseTimestampText(text: string): Date {
  const m = PG_TIMESTAMPTZ.exec(text);
  if (!m) return new Date(text);
  let year = Number(m[1]);
  if (m[12]) year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(m[2]) - 1, Number(m[3]));
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), ms);
  const offset = (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000;
  return new Date(d.getTime() - (m[8] === "+" ? offset : -offset));
}
