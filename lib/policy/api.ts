// The policy's machine routes (API.md "Policies"): read and replace the active document.
import { z } from "zod";
import { getDb } from "@/lib/db";
import { defineApi, json, readJson } from "@/lib/http/api";
import { authenticateMachine, hasScope } from "@/lib/auth/machine";
import { machineActor } from "@/lib/auth/actor";
import { badRequest, forbidden } from "@/lib/http/errors";
import { getActivePolicy, latestVersion, savePolicy } from "./store";
import { validatePolicy } from "./yaml";

function requirePolicyReader(caller: Awaited<ReturnType<typeof authenticateMachine>>) {
  if (caller.kind !== "integration") throw forbidden("This route takes an integration token.");
  if (!hasScope(caller, "policies:write") && !hasScope(caller, "agents:read"))
    throw forbidden('This token lacks the "policies:write" (or "agents:read") scope.');
  return caller;
}

/** GET /api/v1/policies — the active policy document. */
export const getPolicyHandler = defineApi(async (req) => {
  const db = await getDb();
  requirePolicyReader(await authenticateMachine(db, req));
  const active = await getActivePolicy(db);
  const row = await latestVersion(db);
  return json(
    200,
    { policy_version: String(active.version), created_at: row.createdAt.toISOString(), author: row.authorLabel, document: row.document },
    { etag: `"${active.version}"` },
  );
});

const putSchema = z.unknown();

/**
 * `If-Match: "3"` (the ETag of GET) makes the replacement conditional: 412 when another version
 * became active since. Absent or `*`: unconditional, as before. Anything else is a 400.
 */
function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const m = /^\s*(?:W\/)?"?([1-9]\d{0,8})"?\s*$/.exec(header);
  if (!m) throw badRequest('If-Match takes the policy_version as an entity tag, such as "3" (or *).');
  return Number(m[1]);
}

/**
 * PUT /api/v1/policies — the whole document (bare, or wrapped as `{document, comment}`);
 * a new version every time. 400 with the faulty rule's path in `details`.
 */
export const putPolicyHandler = defineApi(
  async (req) => {
    const db = await getDb();
    const caller = await authenticateMachine(db, req);
    if (caller.kind !== "integration" || !hasScope(caller, "policies:write")) throw forbidden('This token lacks the "policies:write" scope.');
    const raw = await readJson(req, putSchema);
    const wrapped = raw && typeof raw === "object" && "document" in raw ? (raw as { document: unknown; comment?: unknown }) : null;
    const doc = wrapped ? wrapped.document : raw;
    const comment = wrapped && typeof wrapped.comment === "string" ? wrapped.comment.slice(0, 500) : undefined;
    const v = validatePolicy(doc);
    if (!v.ok) throw badRequest("The policy document is invalid.", v.issues);
    const baseVersion = ifMatchVersion(req.header("if-match"));
    const author = machineActor(`token ${caller.tokenPrefix}… (${caller.name})`);
    const saved = await savePolicy(db, v.document, author, comment, { baseVersion });
    return json(200, { policy_version: String(saved.version), created_at: saved.createdAt.toISOString() });
  },
  { bodyLimit: 2 * 1024 * 1024 },
);
