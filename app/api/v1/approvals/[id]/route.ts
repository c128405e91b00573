import { nextRoute } from "@/lib/http/api";
import { approvalHandler } from "@/lib/decisions/api";

export const dynamic = "force-dynamic";

export const GET = nextRoute(approvalHandler);
