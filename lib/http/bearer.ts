// The bearer token of a request, as the HTTP layer needs it (rate-limit and admission keys);
// lib/auth/machine.ts authenticates it. No domain imports here (lib/http is the lowest layer).
import { createHash } from "node:crypto";

export function bearerToken(req: { header(name: string): string | undefined }): string | undefined {
  const h = req.header("authorization");
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

/** A key for the whole token (a different header is a different token), never the token itself. */
export function bearerKey(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
