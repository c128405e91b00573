// Credentials for posting commit statuses to GitHub, from the environment (lib/env.ts):
//  - a GitHub App: GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY (PEM) + GITHUB_APP_INSTALLATION_ID.
//    Gatehouse signs a JWT (RS256, iss = app id, at most 10 minutes) and exchanges it at
//    POST /app/installations/{id}/access_tokens for an installation token (valid one hour),
//    cached until a few minutes before it expires;
//  - or a fine-grained personal access token: GITHUB_STATUS_TOKEN ("Commit statuses: write"
//    on the repositories). The App wins when both are set.
// GITHUB_API_URL points at GitHub Enterprise Server (https://HOST/api/v3) or a test stand-in.
import { createPrivateKey, sign } from "node:crypto";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/util/global";

export const GITHUB_API_VERSION = "2022-11-28";

export interface GithubStatusSetup {
  mode: "app" | "token" | null;
  apiUrl: string;
  appId?: string;
  installationId?: string;
  /** what is wrong with a half-configured App (shown in Settings) */
  problem?: string;
}

export function githubStatusSetup(): GithubStatusSetup {
  const e = env();
  const apiUrl = (e.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  const app = [e.GITHUB_APP_ID, e.GITHUB_APP_PRIVATE_KEY, e.GITHUB_APP_INSTALLATION_ID];
  if (app.every(Boolean)) return { mode: "app", apiUrl, appId: e.GITHUB_APP_ID, installationId: e.GITHUB_APP_INSTALLATION_ID };
  const problem = app.some(Boolean)
    ? "GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID must all be set for App authentication."
    : undefined;
  if (e.GITHUB_STATUS_TOKEN) return { mode: "token", apiUrl, problem };
  return { mode: null, apiUrl, problem };
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

/** The App's JWT: RS256 over {iat: now − 60 s (clock drift), exp: now + 9 min, iss: app id}. */
export function appJwt(appId: string, privateKeyPem: string, now = Date.now()): string {
  const key = createPrivateKey(privateKeyPem.includes("\\n") ? privateKeyPem.replace(/\\n/g, "\n") : privateKeyPem);
  const iat = Math.floor(now / 1000) - 60;
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
  const body = b64url(JSON.stringify({ iat, exp: iat + 60 + 540, iss: appId }));
  const sig = sign("RSA-SHA256", Buffer.from(`${head}.${body}`), key);
  return `${head}.${body}.${b64url(sig)}`;
}

interface Cached {
  token?: string;
  expiresAt?: number;
  key?: string;
}

export class GithubAuthError extends Error {}

/** The bearer token for the API: the fine-grained token, or a (cached) App installation token. */
export async function githubToken(fetchImpl: typeof fetch = fetch): Promise<string> {
  const setup = githubStatusSetup();
  const e = env();
  if (setup.mode === "token") return e.GITHUB_STATUS_TOKEN!;
  if (setup.mode !== "app") throw new GithubAuthError("GitHub status posting is not configured.");
  const cache = processSingleton<Cached>("github-installation-token", () => ({}));
  const key = `${setup.apiUrl}|${setup.appId}|${setup.installationId}`;
  if (cache.token && cache.key === key && cache.expiresAt! - Date.now() > 5 * 60_000) return cache.token;
  const res = await fetchImpl(`${setup.apiUrl}/app/installations/${encodeURIComponent(setup.installationId!)}/access_tokens`, {
    method: "POST",
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${appJwt(setup.appId!, e.GITHUB_APP_PRIVATE_KEY!)}`,
      "x-github-api-version": GITHUB_API_VERSION,
      "user-agent": "Gatehouse",
    },
    signal: AbortSignal.timeout(10_000),
    redirect: "manual",
  });
  const body = (await res.json().catch(() => null)) as { token?: unknown; expires_at?: unknown } | null;
  if (res.status !== 201 || typeof body?.token !== "string") throw new GithubAuthError(`installation token exchange: HTTP ${res.status}`);
  const expiresAt = typeof body.expires_at === "string" ? Date.parse(body.expires_at) : NaN;
  Object.assign(cache, { token: body.token, key, expiresAt: Number.isFinite(expiresAt) ? expiresAt : Date.now() + 55 * 60_000 });
  return body.token;
}

/** Forgets a cached installation token (after a 401: revoked or rotated). */
export function forgetGithubToken() {
  const cache = processSingleton<Cached>("github-installation-token", () => ({}));
  cache.token = undefined;
}
