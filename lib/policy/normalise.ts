import path from "node:path";
import type { Action } from "./types";

/**
 * Every matched field normalised once, before rules and scope see it (issue 16):
 * - type: trimmed, lower case (`Secret.read` is `secret.read`);
 * - branch: the branch a ref names: `refs/heads/main`, `HEAD:main`, `+main`, `" main"` → `main`,
 *   lower case (hosting platforms treat `Main` and `main` as one protected name on
 *   case-insensitive file systems, and a security rule must not be dodged by case);
 * - environment: trimmed, lower case (`PROD`, `Production`);
 * - resource: a path: backslashes → `/`, `.`/`..` resolved, no leading `./`, no trailing `/`
 *   (`./.env`, `src/x/../.env`, `src\.env` → `.env`, `src/.env`); URLs are left alone;
 * - repository, endpoint, command, tool: trimmed.
 */
export function normaliseAction<A extends Action>(a: A): A {
  const out = { ...a, type: a.type.trim().toLowerCase() };
  if (a.branch != null) out.branch = normaliseBranch(a.branch);
  if (a.environment != null) out.environment = a.environment.trim().toLowerCase();
  if (a.resource != null) out.resource = normaliseResource(a.resource);
  for (const k of ["repository", "endpoint", "command", "tool"] as const) {
    const v = a[k];
    if (v != null) out[k] = v.trim();
  }
  return out;
}

export function normaliseBranch(ref: string): string {
  let b = ref.trim();
  if (b.startsWith("+")) b = b.slice(1);
  const colon = b.lastIndexOf(":");
  if (colon >= 0) b = b.slice(colon + 1);
  b = b.replace(/^refs\/heads\//i, "").replace(/^heads\//i, "");
  return b.trim().toLowerCase();
}

export function normaliseResource(r: string): string {
  const t = r.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return t;
  if (t === "") return t;
  const n = path.posix.normalize(t.replace(/\\/g, "/"));
  const s = n.startsWith("./") ? n.slice(2) : n;
  if (s === "") return "."; // "./" is the working directory, as "." is (not an absent resource)
  return s.length > 1 && s.endsWith("/") ? s.slice(0, -1) : s;
}
