import { nextRoute } from "@/lib/http/api";
import { resumeHandler } from "@/lib/registry/api";

export const dynamic = "force-dynamic";
export const POST = nextRoute(resumeHandler);
