import { nextRoute } from "@/lib/http/api";
import { githubWebhook } from "@/lib/github/webhook";

export const dynamic = "force-dynamic";
export const POST = nextRoute(githubWebhook);
