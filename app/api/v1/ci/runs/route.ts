import { nextRoute } from "@/lib/http/api";
import { postCiRun } from "@/lib/changes/api";

export const dynamic = "force-dynamic";
export const POST = nextRoute(postCiRun);
