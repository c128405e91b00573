import type { ApproverGroup } from "@/lib/policy/types";

// What the views say about a request's approvers (PURE: the queue's client component uses it).

/** Who the spec names, in words ("alice@…, team platform, role security_lead"). */
export function describeGroup(g: ApproverGroup | undefined | null): string {
  if (!g || !(g.people?.length || g.teams?.length || g.roles?.length)) return "anyone who may decide approvals";
  return [...(g.people ?? []), ...(g.teams ?? []).map((t) => `team ${t}`), ...(g.roles ?? []).map((r) => `role ${r}`)].join(", ");
}

/** "1 of 2 approvals" */
export function progressText(approvals: number, required: number): string {
  return `${approvals} of ${required} approval${required === 1 ? "" : "s"}`;
}
