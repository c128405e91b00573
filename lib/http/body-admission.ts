// Admission control for large request bodies (issue 16). Work on a body is proportional to its
// size (parsing, redaction, hashing, storing); one caller sending body after body at the size
// limits could keep the server busy on its behalf alone and slow every other agent's decisions.
// A body of LARGE_BODY_BYTES or more is admitted only while its caller
//   - has no other large body in processing (until the handler has answered, not until the
//     client hangs up: disconnecting does not free the slot), and
//   - has budget left in its byte bucket (bursts of `burstBytes`, refilled at `bytesPerSecond`);
// otherwise it is refused with 429 rate_limited and a Retry-After: before its bytes are read when
// the request declares its length, else once it is read and before anything works on it.
// The caller is keyed on what a client cannot choose: the client address (lib/http/client-address)
// always, with limits for several agents behind one address, and the whole bearer token when one
// is sent (every route but the hooks and the GitHub webhook authenticates before it reads the
// body, so the token there is an authenticated one; a fresh made-up token on a hook route still
// meets its address's limits). Small bodies are not counted at all. Per process.
import { bearerKey, bearerToken } from "./bearer";
import { processSingleton } from "@/lib/util/global";
import { env } from "@/lib/env";
import { AppError } from "./errors";
import type { ApiRequest } from "./api";

const MiB = 1024 * 1024;

/** From this size a body is "large" (the size from which JSON is parsed off the event loop). */
export const LARGE_BODY_BYTES = 256 * 1024;

export interface AdmissionLimits {
  /** large bodies in processing at once per bearer token */
  perToken: number;
  /** … per client address (agents and CI jobs behind one address each have their own token) */
  perAddress: number;
  /** byte bucket per token: refill rate and size (at least the largest body limit, 25 MiB) */
  bytesPerSecond: number;
  burstBytes: number;
  /** the address's bucket is this many times a token's */
  addressFactor: number;
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  perToken: 1,
  perAddress: 4,
  bytesPerSecond: 2 * MiB,
  burstBytes: 32 * MiB,
  addressFactor: 4,
};

/** The limits the configuration sets (lib/env: GATEHOUSE_LARGE_BOD*; unset, DEFAULT_ADMISSION_LIMITS). */
export function configuredAdmissionLimits(): AdmissionLimits {
  const e = env();
  return {
    perToken: e.GATEHOUSE_LARGE_BODIES_PER_TOKEN,
    perAddress: e.GATEHOUSE_LARGE_BODIES_PER_ADDRESS,
    bytesPerSecond: e.GATEHOUSE_LARGE_BODY_BYTES_PER_SECOND,
    burstBytes: e.GATEHOUSE_LARGE_BODY_BURST_BYTES,
    addressFactor: e.GATEHOUSE_LARGE_BODY_ADDRESS_FACTOR,
  };
}

/**
 * The limits in force, read from the configuration on first use; tests lower or raise them for a
 * while (Object.assign, then restore configuredAdmissionLimits()).
 */
export const admissionLimits = () => processSingleton<AdmissionLimits>("body-admission-limits", configuredAdmissionLimits);

interface Account {
  inFlight: number;
  /** bytes left in the bucket at `updated` */
  bytes: number;
  updated: number;
}

const accounts = () => processSingleton("body-admission-accounts", () => new Map<string, Account>());

function account(key: string, burst: number, now: number): Account {
  const all = accounts();
  let a = all.get(key);
  if (!a) {
    // bounded: idle accounts (nothing in flight, bucket full again) are dropped when the map grows
    if (all.size >= 50_000) for (const [k, v] of all) if (v.inFlight === 0) all.delete(k);
    a = { inFlight: 0, bytes: burst, updated: now };
    all.set(key, a);
  }
  return a;
}

function refill(a: Account, perSecond: number, burst: number, now: number) {
  // a clock that steps back must not drain the bucket
  a.bytes = Math.min(burst, a.bytes + (Math.max(0, now - a.updated) / 1000) * perSecond);
  a.updated = Math.max(a.updated, now);
}

/** A byte count as people read it (limits are configuration: not always whole MiB). */
const size = (n: number) => (n >= MiB ? `${+(n / MiB).toFixed(1)} MiB` : `${+(n / 1024).toFixed(1)} KiB`);

function refusal(message: string, retryAfterSeconds: number): AppError {
  return new AppError(429, "rate_limited", message, undefined, { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
}

interface Holder {
  key: string;
  limit: number;
  perSecond: number;
  burst: number;
  what: string;
}

/**
 * One request's admission: `take(bytes)` with the declared length, or with the bytes read so far
 * when no length was declared; it returns the 429 to answer with, or undefined when the body may
 * be read on. `release()` when the handler has answered (idempotent).
 */
export class BodyAdmission {
  private holders: Holder[] | undefined;
  private charged = 0;
  private admitted = false;

  constructor(private readonly req: { ip: string; header(name: string): string | undefined }) {}

  take(bytes: number): AppError | undefined {
    if (bytes < LARGE_BODY_BYTES || bytes <= this.charged) return undefined;
    const limits = admissionLimits();
    const now = Date.now();
    if (!this.holders) {
      const token = bearerToken(this.req);
      this.holders = [
        {
          key: `ip:${this.req.ip}`,
          limit: limits.perAddress,
          perSecond: limits.bytesPerSecond * limits.addressFactor,
          burst: limits.burstBytes * limits.addressFactor,
          what: "this address",
        },
        ...(token
          ? [{ key: `token:${bearerKey(token)}`, limit: limits.perToken, perSecond: limits.bytesPerSecond, burst: limits.burstBytes, what: "this token" }]
          : []),
      ];
    }
    const held = this.holders.map((h) => ({ h, a: account(h.key, h.burst, now) }));
    const more = bytes - this.charged;
    for (const { h, a } of held) {
      refill(a, h.perSecond, h.burst, now);
      if (!this.admitted && a.inFlight >= h.limit)
        return refusal(
          `${h.limit === 1 ? "A large body" : `${h.limit} large bodies`} from ${h.what} ${h.limit === 1 ? "is" : "are"} already being processed; send the next one when ${h.limit === 1 ? "it is" : "one is"} answered.`,
          1,
        );
      if (a.bytes < more)
        return refusal(
          `${h.what[0].toUpperCase()}${h.what.slice(1)} sent more large bodies than it may in a short time (${size(h.perSecond)}/s, bursts of ${size(h.burst)}); wait and send again.`,
          (more - a.bytes) / h.perSecond,
        );
    }
    for (const { a } of held) {
      a.bytes -= more;
      if (!this.admitted) a.inFlight++;
    }
    this.charged = bytes;
    this.admitted = true;
    return undefined;
  }

  release() {
    if (!this.admitted || !this.holders) return;
    this.admitted = false;
    for (const h of this.holders) {
      const a = accounts().get(h.key);
      if (a && a.inFlight > 0) a.inFlight--;
    }
  }
}

/**
 * The request as a handler sees it, with its body admitted (above) when it is read, and the
 * admission's release: call it when the handler has answered. defineApi does both for every route.
 */
export function admitLargeBodies(req: ApiRequest): { req: ApiRequest; release: () => void } {
  const admission = new BodyAdmission(req);
  const declared = Number(req.header("content-length") ?? NaN);
  const admit = async <T extends string | Buffer>(read: () => Promise<T>): Promise<T> => {
    if (Number.isFinite(declared)) {
      const refused = admission.take(declared);
      if (refused) throw refused;
    }
    const body = await read();
    const again = admission.take(typeof body === "string" ? Buffer.byteLength(body) : body.length);
    if (again) throw again;
    return body;
  };
  return {
    req: { ...req, bodyText: () => admit(() => req.bodyText()), bodyBytes: () => admit(() => req.bodyBytes()) },
    release: () => admission.release(),
  };
}
