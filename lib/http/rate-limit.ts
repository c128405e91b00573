import { processSingleton } from "@/lib/util/global";
import { AppError } from "./errors";

interface Bucket {
  tokens: number;
  updated: number;
}

/** Token bucket per key (token id or IP), one per process. */
export function rateLimit(key: string, perSecond: number, burst: number) {
  const buckets = processSingleton("rate-buckets", () => new Map<string, Bucket>());
  const now = Date.now();
  let b = buckets.get(key);
  if (!b) {
    b = { tokens: burst, updated: now };
    buckets.set(key, b);
    if (buckets.size > 50_000) buckets.clear();
  }
  // A clock that steps back (NTP, a VM resumed) must not drain the bucket and lock callers out.
  const elapsed = Math.max(0, now - b.updated);
  b.tokens = Math.min(burst, b.tokens + (elapsed / 1000) * perSecond);
  b.updated = Math.max(b.updated, now);
  if (b.tokens < 1) {
    const wait = Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    throw new AppError(429, "rate_limited", "Too many requests; slow down.", undefined, { "Retry-After": String(wait) });
  }
  b.tokens -= 1;
}
