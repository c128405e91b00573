import type { ApiRoute } from "@/lib/server/api-routes";
import { getDb } from "@/lib/db";
import { personActor } from "@/lib/auth/actor";
import { eventsApi, exportApi, exportResult, verifyApi, verifyResult } from "./api";

/** Machine routes of this domain (see API.md); collected by lib/server/api-routes.ts. */
export const auditRoutes: ApiRoute[] = [
  // The agents' hot path: plain node:http ahead of Next. Body limit 5 MiB (API.md).
  { method: "POST", path: "/api/v1/events", handler: eventsApi, lean: true },
  // Not lean: signed-in people use these through Next (session cookie) — a bearer token goes the
  // machine way (audit:read), a request without one is a person's (audit:verify / audit:export).
  {
    method: "GET",
    path: "/api/v1/audit/verify",
    handler: verifyApi,
    auth: "bearer-or-session",
    session: {
      permission: "audit:verify",
      unauthorized: "Sign in, or send a bearer token with the audit:read scope.",
      forbidden: "Your role may not verify the audit chain.",
      handler: async () => verifyResult(await getDb()),
    },
  },
  {
    method: "GET",
    path: "/api/v1/audit/export",
    handler: exportApi,
    auth: "bearer-or-session",
    session: {
      permission: "audit:export",
      unauthorized: "Sign in, or send a bearer token with the audit:read scope.",
      forbidden: "Your role may not export the audit trail.",
      handler: async (req, person) => exportResult(await getDb(), req, personActor(person)),
    },
  },
];
