import { nextRoute } from "@/lib/http/api";
import { createTeamHandler, listTeamsHandler } from "@/lib/registry/api";

export const dynamic = "force-dynamic";
export const GET = nextRoute(listTeamsHandler);
export const POST = nextRoute(createTeamHandler);
