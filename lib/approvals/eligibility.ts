import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalRequests, teams, users, type ApprovalRequest } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { namesAnyone, type ApproverGroup, type ApproverSpec } from "@/lib/policy/types";
import { isInitiator, normalizeEmail } from "./initiators";
import { describeGroup } from "./approvers";

export { describeGroup };

/**
 * Who may decide an approval request (issue 21). Every path that decides — the queue, the
 * request page, the server actions, chat decisions — asks `mayDecide`; decideApproval asks it
 * again under the request's row lock, so what the UI shows can never widen who decides.
 *
 * A request carries the approver spec its rule had when the request was opened (a later policy
 * change does not alter a waiting request: the agent asked under that rule). No spec: anyone
 * whose role may decide approvals, 1 of 1, as before. A spec: the named people, members of the
 * named teams and holders of the named roles — and, once the request has escalated, the
 * escalation group too. Admins are not exempt: a rule that names approvers binds them like
 * everyone (they see the request, and who may decide it). The initiator never counts.
 */

/** What a request records of its rule's `approvers` (the JSON of approval_requests.approvers). */
export interface ApproverSnapshot extends ApproverGroup {
  escalation?: ApproverGroup & { after_seconds: number };
}

/** The columns a new request takes from its rule's spec. */
export function requestSpec(spec: ApproverSpec | undefined): { approvers: ApproverSnapshot | null; approvalsRequired: number } {
  if (!spec) return { approvers: null, approvalsRequired: 1 };
  const { required, ...rest } = spec;
  return { approvers: namesAnyone(rest) || rest.escalation ? (rest as ApproverSnapshot) : null, approvalsRequired: required };
}

export interface Person {
  id: string;
  email: string;
  role: string;
  teamSlug: string | null;
  disabled: boolean;
}

/** The person as the database has them now (role, team, disabled): what eligibility is judged on. */
export async function loadPerson(db: Db, id: string): Promise<Person | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [p] = await db
    .select({ id: users.id, email: users.email, role: users.role, teamSlug: teams.slug, disabled: users.disabled })
    .from(users)
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(eq(users.id, id))
    .limit(1);
  return p ?? null;
}

type RequestLike = Pick<ApprovalRequest, "initiatedBy" | "initiators" | "approvers" | "escalatedAt" | "status">;

export type Eligibility =
  { ok: true; as: "anyone" | "named" | "escalation" } | { ok: false; code: "forbidden" | "segregation_of_duties" | "not_an_approver"; message: string };

function inGroup(g: ApproverGroup | undefined, p: Person, email: string) {
  if (!g) return false;
  return !!(
    g.people?.some((x) => normalizeEmail(x) === email) ||
    (p.teamSlug && g.teams?.some((t) => t.toLowerCase() === p.teamSlug!.toLowerCase())) ||
    g.roles?.includes(p.role as never)
  );
}

/** The decision for a loaded person and request (pure; mayDecide loads them). */
export function eligibility(req: RequestLike, person: Person | null): Eligibility {
  if (!person || person.disabled || !can(person.role as never, "approvals:decide"))
    return { ok: false, code: "forbidden", message: "Your role may not decide approval requests." };
  if (isInitiator(req as ApprovalRequest, person.email))
    return { ok: false, code: "segregation_of_duties", message: "You initiated this request, so someone else must decide it." };
  const spec = req.approvers as ApproverSnapshot | null;
  if (!spec || !namesAnyone(spec)) return { ok: true, as: "anyone" };
  const email = normalizeEmail(person.email) ?? "";
  if (inGroup(spec, person, email)) return { ok: true, as: "named" };
  if (spec.escalation && req.escalatedAt && inGroup(spec.escalation, person, email)) return { ok: true, as: "escalation" };
  const who = describeGroup(spec) + (spec.escalation ? (req.escalatedAt ? `; escalated to ${describeGroup(spec.escalation)}` : "") : "");
  return { ok: false, code: "not_an_approver", message: `This request's rule names who approves it (${who}); you are not among them.` };
}

/**
 * May `who` decide this request now? Loads the person (role, team, disabled) and, given an id,
 * the request. Fail closed: an unknown person or request is not eligible.
 */
export async function mayDecide(db: Db, request: string | RequestLike, who: { id: string }): Promise<Eligibility> {
  let req: RequestLike | undefined;
  if (typeof request === "string") {
    if (!/^[0-9a-f-]{36}$/i.test(request)) return { ok: false, code: "forbidden", message: "No such approval request." };
    [req] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, request)).limit(1);
    if (!req) return { ok: false, code: "forbidden", message: "No such approval request." };
  } else req = request;
  return eligibility(req, await loadPerson(db, who.id));
}
