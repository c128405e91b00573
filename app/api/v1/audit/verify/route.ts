import { getDb } from "@/db/client";
import { defineApi, nextRoute } from "@/lib/http/api";
import { AppError } from "@/lib/http/errors";
import { checkPermission } from "@/lib/auth/session";
import { verifyApi, verifyResult } from "@/lib/audit/api";

// A bearer token goes the machine way (audit:read); otherwise the signed-in person needs audit:verify.
const humanVerify = nextRoute(
  defineApi(async () => {
    const auth = await checkPermission("audit:verify");
    if (!auth.ok)
      throw auth.status === 401
        ? new AppError(401, "unauthorized", "Sign in, or send a bearer token with the audit:read scope.")
        : new AppError(403, "forbidden", "Your role may not verify the audit chain.");
    return verifyResult(await getDb());
  }),
);
const machineVerify = nextRoute(verifyApi);

export async function GET(request: Request) {
  return request.headers.get("authorization") ? machineVerify(request) : humanVerify(request);
}
