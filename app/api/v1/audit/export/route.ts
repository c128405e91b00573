import { getDb } from "@/db/client";
import { defineApi, nextRoute } from "@/lib/http/api";
import { AppError } from "@/lib/http/errors";
import { checkPermission } from "@/lib/auth/session";
import { exportApi, exportResult } from "@/lib/audit/api";

// A bearer token goes the machine way (audit:read); otherwise the signed-in person needs audit:export.
const humanExport = nextRoute(
  defineApi(async (req) => {
    const auth = await checkPermission("audit:export");
    if (!auth.ok)
      throw auth.status === 401
        ? new AppError(401, "unauthorized", "Sign in, or send a bearer token with the audit:read scope.")
        : new AppError(403, "forbidden", "Your role may not export the audit trail.");
    return exportResult(await getDb(), req, { kind: "human", userId: auth.user.id, label: auth.user.email });
  }),
);
const machineExport = nextRoute(exportApi);

export async function GET(request: Request) {
  return request.headers.get("authorization") ? machineExport(request) : humanExport(request);
}
