import { z } from "zod";

// The one place that reads process.env. Parsed lazily so tools (CLI, tests) can set
// variables before first use.
const boolish = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "1" || v === "true"));

// A size in bytes: a whole number, or one with a KiB / MiB / GiB suffix ("32MiB").
const UNITS: Record<string, number> = { "": 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
const bytes = (min: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const m = /^\s*(\d+)\s*(kib|mib|gib)?\s*$/i.exec(v);
      const n = m ? Number(m[1]) * UNITS[(m[2] ?? "").toLowerCase()] : NaN;
      if (!Number.isSafeInteger(n)) {
        ctx.addIssue({ code: "custom", message: `expected a size in bytes (e.g. 2097152 or 2MiB), got ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      if (n < min) {
        ctx.addIssue({ code: "custom", message: `must be at least ${min} bytes, got ${n}` });
        return z.NEVER;
      }
      return n;
    });
const MiB = 1024 * 1024;

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  GATEHOUSE_DATA_DIR: z.string().min(1).default(".data"),
  GATEHOUSE_DEMO: boolish,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().optional(),
  GITHUB_WEBHOOK_SECRET: z.string().optional(),
  // The gatehouse/compliance commit status (lib/changes/github-status.ts): a fine-grained token
  // with "Commit statuses: write", or a GitHub App (id + PEM private key + installation id).
  GITHUB_STATUS_TOKEN: z.string().optional(),
  GITHUB_APP_ID: z.string().optional(),
  GITHUB_APP_PRIVATE_KEY: z.string().optional(),
  GITHUB_APP_INSTALLATION_ID: z.string().optional(),
  // GitHub Enterprise Server (https://HOST/api/v3) or a test stand-in
  GITHUB_API_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // 1: human-authored pull requests get a success status too, so that a branch can require the
  // check without blocking people's pull requests (GitHub waits forever for a missing required status)
  GITHUB_STATUS_HUMAN_PRS: boolish,
  GATEHOUSE_AUDIT_KEY: z.string().optional(),
  // comma-separated retired audit keys: checkpoints signed before a rotation still verify
  GATEHOUSE_AUDIT_KEY_PREVIOUS: z.string().optional(),
  // the signed chain head is appended here (JSON lines) after appends: keep it outside the
  // data directory and the database host; `audit verify` checks the chain against its last line
  GATEHOUSE_AUDIT_ANCHOR_FILE: z.string().optional(),
  // and/or POSTed here (a SIEM or log collector that keeps what it receives)
  GATEHOUSE_AUDIT_ANCHOR_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.string().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default("SSO"),
  OIDC_DEFAULT_ROLE: z.enum(["admin", "security_lead", "approver", "eng_manager", "viewer"]).default("viewer"),
  // 1 accepts an SSO email the provider does not mark verified (only for providers that never
  // send email_verified and do not let users choose their email): see SECURITY.md.
  OIDC_ALLOW_UNVERIFIED_EMAIL: boolish,
  // 0 turns off the lean HTTP path for the machine hot routes (for side-by-side benchmarks).
  GATEHOUSE_LEAN_API: boolish,
  // 0 stops the background workers (detection, alert delivery): benchmarks of the raw paths.
  GATEHOUSE_WORKERS: boolish,
  // 0 stops the demo's live traffic (demo agents making requests every few seconds).
  GATEHOUSE_DEMO_LIVE: boolish,
  // 0 runs embedded PGlite on the main thread instead of its own worker thread (comparison).
  GATEHOUSE_PGLITE_THREAD: boolish,
  // Comma-separated addresses / CIDR ranges of reverse proxies whose X-Forwarded-For (and
  // X-Forwarded-Host) is believed; from anyone else those headers are ignored (lib/http/client-address.ts).
  GATEHOUSE_TRUSTED_PROXIES: z.string().optional(),
  GATEHOUSE_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // A hook call that names no repository, from an agent whose scope lists repositories:
  // gated (a human approves), deny, or scope (decided without the repository check). lib/hooks/context.ts
  GATEHOUSE_HOOK_MISSING_REPOSITORY: z.enum(["gated", "deny", "scope"]).default("gated"),
  // Admission of large request bodies (256 KiB and more; lib/http/body-admission.ts, issue 16):
  // how many one bearer token / one client address may have in processing at once, and the byte
  // budget per token (refill per second, burst; the address's is GATEHOUSE_LARGE_BODY_ADDRESS_FACTOR
  // times it). The burst must hold the largest body a route accepts (25 MiB), or that body could
  // never be admitted.
  GATEHOUSE_LARGE_BODIES_PER_TOKEN: z.coerce.number().int().min(1).max(1000).default(1),
  GATEHOUSE_LARGE_BODIES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(4),
  GATEHOUSE_LARGE_BODY_BYTES_PER_SECOND: bytes(1024, 2 * MiB),
  GATEHOUSE_LARGE_BODY_BURST_BYTES: bytes(25 * MiB, 32 * MiB),
  GATEHOUSE_LARGE_BODY_ADDRESS_FACTOR: z.coerce.number().min(1).max(1000).default(4),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid configuration: ${fields}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For tests and tools that change the environment after first use. */
export function resetEnvCache() {
  cached = undefined;
}

export function demoEnabled(): boolean {
  const e = env();
  return e.GATEHOUSE_DEMO ?? !e.DATABASE_URL;
}

/** Sets a variable for this process (used at start to publish generated secrets). */
export function setProcessEnv(name: string, value: string) {
  process.env[name] = value;
  cached = undefined;
}
