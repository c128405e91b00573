import { nextRoute } from "@/lib/http/api";
import { issueTokenHandler } from "@/lib/registry/api";

export const dynamic = "force-dynamic";
export const POST = nextRoute(issueTokenHandler);
