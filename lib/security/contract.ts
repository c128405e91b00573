// What every answer of the machine API must look like (API.md), for the fuzzers. Test-only.

/** The API.md error body, and nothing of our internals in it. */
export function isErrorBody(json: unknown): boolean {
  if (!json || typeof json !== "object" || Array.isArray(json)) return false;
  const keys = Object.keys(json);
  const e = (json as { error?: { code?: unknown; message?: unknown } }).error;
  return (
    keys.length === 1 &&
    keys[0] === "error" &&
    !!e &&
    typeof e.code === "string" &&
    /^[a-z][a-z0-9_]*$/.test(e.code) &&
    typeof e.message === "string" &&
    e.message.length > 0 &&
    !/\bat .+:\d+:\d+|SELECT|INSERT|violates|relation "/i.test(e.message)
  );
}

/** Reproducible by default (FUZZ_SEED overrides); a new seed per property name. */
export function seedFor(name: string): number {
  const base = Number(process.env.FUZZ_SEED) || 0x5eed;
  let h = base;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}
