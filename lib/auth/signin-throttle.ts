// Sign-in throttling: growing delays, never a lockout someone else can trigger.
//
// Three counters over the failed attempts of the last 15 minutes, all read from login_attempts
// (one table, so every instance on the same PostgreSQL sees the same counts; PGlite is one process
// and uses the same table):
//   - per client address: 10 failures free, then 5 s, 10 s, 20 s … up to 15 min after the latest
//     failure — one address trying many accounts (40 emails) is slowed whatever the emails are;
//   - per account from that address: 5 failures free, then the same doubling up to 15 min —
//     guessing one person's password from one place;
//   - per account from anywhere: 10 failures free, then doubling up to 1 minute only — a guesser
//     spread over many addresses is slowed, but nobody can keep the owner out for longer than
//     a minute, and failures from another address never block the owner's own (not yet failing)
//     address for longer than that.
// A success resets the account counters (not the address one: signing in to one's own account
// must not buy more guesses at others). An attempt inside a delay is refused without checking the
// password and is not recorded (so it does not lengthen the delay).
// The client address is the one lib/http/client-address.ts resolves (never X-Forwarded-For from
// an untrusted peer).
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

export const SIGNIN_LIMITS = {
  address: { free: 10, maxDelayMs: 15 * 60 * 1000 },
  accountAtAddress: { free: 5, maxDelayMs: 15 * 60 * 1000 },
  account: { free: 10, maxDelayMs: 60 * 1000 },
} as const;

export const BASE_DELAY_MS = 5000;

/** Delay after `failures` failures with `free` of them free: 5 s, 10 s, 20 s … capped. */
export function delayAfter(failures: number, free: number, maxDelayMs: number): number {
  if (failures < free) return 0;
  return Math.min(maxDelayMs, BASE_DELAY_MS * 2 ** Math.min(30, failures - free));
}

interface Counts {
  now: number;
  by_address: number;
  address_last: number | null;
  pair: number;
  pair_last: number | null;
  account: number;
  account_last: number | null;
}

/** Milliseconds this attempt has to wait (0: it may go ahead). */
export async function signInWait(db: Db, email: string, address: string | null): Promise<number> {
  const since = sql`now() - make_interval(secs => ${THROTTLE_WINDOW_MS / 1000})`;
  const ms = (col: ReturnType<typeof sql>) => sql`(extract(epoch FROM ${col}) * 1000)::float8`;
  const res = (await db.execute(sql`
    WITH ok AS (
      SELECT max(at) FILTER (WHERE ip IS NOT DISTINCT FROM ${address}) AS pair_ok, max(at) AS account_ok
      FROM login_attempts WHERE success AND email = ${email} AND at > ${since}
    ), f AS (
      SELECT l.email, l.ip, l.at, ok.pair_ok, ok.account_ok FROM login_attempts l, ok
      WHERE NOT l.success AND l.at > ${since} AND (l.ip IS NOT DISTINCT FROM ${address} OR l.email = ${email})
    )
    SELECT ${ms(sql`now()`)} AS now,
      (SELECT count(*) FROM f WHERE ip IS NOT DISTINCT FROM ${address})::int AS by_address,
      (SELECT ${ms(sql`max(at)`)} FROM f WHERE ip IS NOT DISTINCT FROM ${address}) AS address_last,
      (SELECT count(*) FROM f WHERE email = ${email} AND ip IS NOT DISTINCT FROM ${address} AND (pair_ok IS NULL OR at > pair_ok))::int AS pair,
      (SELECT ${ms(sql`max(at)`)} FROM f WHERE email = ${email} AND ip IS NOT DISTINCT FROM ${address} AND (pair_ok IS NULL OR at > pair_ok)) AS pair_last,
      (SELECT count(*) FROM f WHERE email = ${email} AND (account_ok IS NULL OR at > account_ok))::int AS account,
      (SELECT ${ms(sql`max(at)`)} FROM f WHERE email = ${email} AND (account_ok IS NULL OR at > account_ok)) AS account_last
  `)) as unknown as { rows: Counts[] };
  const c = res.rows[0];
  const until = (n: number, last: number | null, l: { free: number; maxDelayMs: number }) =>
    last === null ? 0 : Number(last) + delayAfter(n, l.free, l.maxDelayMs);
  const ready = Math.max(
    until(c.by_address, c.address_last, SIGNIN_LIMITS.address),
    until(c.pair, c.pair_last, SIGNIN_LIMITS.accountAtAddress),
    until(c.account, c.account_last, SIGNIN_LIMITS.account),
  );
  return Math.max(0, Math.ceil(ready - Number(c.now)));
}
