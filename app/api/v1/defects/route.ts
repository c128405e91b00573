import { nextRoute } from "@/lib/http/api";
import { postDefect } from "@/lib/changes/api";

export const dynamic = "force-dynamic";
export const POST = nextRoute(postDefect);
