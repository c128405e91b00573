import { describe, it } from "vitest";

/** True when the run is CI (`CI=true`/`1`), where a suite that cannot run must fail, not skip. */
export function inCI(): boolean {
  const v = process.env.CI;
  return !!v && v !== "false" && v !== "0";
}

/**
 * describe() for a suite that needs something the machine may lack (a PostgreSQL server, server
 * binaries for a private cluster, …). `missing` is the reason it cannot run, or undefined.
 * Outside CI the suite is skipped with the reason in its title (a laptop without PostgreSQL can
 * still run the rest). Under CI it fails with the reason instead, so the layer cannot shrink
 * without anyone seeing it (scripts/test.mjs also fails a CI run that reports any skip).
 */
export function describeWhen(missing: string | undefined, title: string, body: () => void): void {
  if (missing === undefined) {
    describe(title, body);
  } else if (inCI()) {
    describe(title, () => {
      it(`cannot run under CI: ${missing}`, () => {
        throw new Error(`${title}: prerequisite missing under CI — ${missing}`);
      });
    });
  } else {
    describe.skip(`${title} — skipped: ${missing}`, body);
  }
}

/** The reason a PostgreSQL-only suite cannot run, if any. */
export function postgresMissing(): string | undefined {
  return process.env.TEST_DATABASE_URL ? undefined : "TEST_DATABASE_URL is not set (no PostgreSQL server for this suite)";
}
