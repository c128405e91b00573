/** A PostgreSQL unique violation (23505), however drizzle or the driver wrapped it. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (e.code === "23505" && (constraint === undefined || e.constraint === undefined || e.constraint === constraint)) return true;
  }
  return false;
}
