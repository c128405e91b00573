/**
 * Secret-looking text in a line that could not be analysed: one lowercase copy, then substring
 * searches (linear; no regular expressions on client input). The marker found, or null.
 */
/** Markers that name a secret file or store outright. */
export const STRONG_MARKERS = [
  ".env",
  "id_rsa",
  "id_ed25519",
  "id_ecdsa",
  ".ssh/",
  ".aws/credentials",
  ".pem",
  ".netrc",
  ".npmrc",
  ".pgpass",
  ".git-credentials",
  ".kube/config",
  "printenv",
  "/environ",
  "secretsmanager",
  "get-secret-value",
];
const MARKERS = [
  ".env",
  "id_rsa",
  "id_ed25519",
  "id_ecdsa",
  ".ssh/",
  ".aws/credentials",
  ".aws/config",
  ".pem",
  ".key",
  ".p12",
  ".pfx",
  ".netrc",
  ".npmrc",
  ".pypirc",
  ".pgpass",
  ".git-credentials",
  ".docker/config.json",
  ".kube/config",
  "kubeconfig",
  "printenv",
  "/environ",
  "secretsmanager",
  "get-secret-value",
  "ssm get-parameter",
  "vault ",
  "gcloud secrets",
  "keyvault",
  "op read",
  "op item",
  "credentials",
  "secret",
  "password",
  "token",
];

export function secretHint(text: string, strongOnly = false): string | null {
  const lower = text.toLowerCase();
  for (const m of strongOnly ? STRONG_MARKERS : MARKERS) if (lower.includes(m)) return m;
  return null;
}

/** Path names whose contents are secrets (the default policy forbids them; this is for env files of other names). */
export function isEnvFile(p: string): boolean {
  const base = p.slice(p.lastIndexOf("/") + 1).toLowerCase();
  return base === ".env" || base.startsWith(".env.");
}
