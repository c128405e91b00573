import { AppError, isDatabaseUnavailable } from "@/lib/http/errors";

/**
 * The reason a refused hook call is denied with, saying what to do about it. A deciding hook
 * event is never answered with an error status (the client would run the tool); it is answered
 * with a deny carrying one of these. PURE.
 */
export function refusalReason(err: unknown): string {
  const fix = "Issue a new token on the agent's page in Gatehouse, put it in GATEHOUSE_AGENT_TOKEN and start the session again.";
  if (err instanceof AppError) {
    if (err.status === 401) {
      if (/expired/i.test(err.message)) return `Gatehouse: this agent's token has expired, so the call is denied. ${fix}`;
      if (/revoked/i.test(err.message)) return `Gatehouse: this agent's token was revoked, so the call is denied. ${fix}`;
      if (/unknown/i.test(err.message)) return `Gatehouse: the token sent is not a Gatehouse agent token, so the call is denied. ${fix}`;
      return `Gatehouse: no agent token was sent (is GATEHOUSE_AGENT_TOKEN set, and listed in the hook's allowedEnvVars?), so the call is denied. ${fix}`;
    }
    // SESSION_NOT_OWNED of lib/decisions/session-owner.ts (not imported: this module is pure)
    if (err.code === "session_not_owned")
      return "Gatehouse: this session was opened by another agent, and a session belongs to the agent that opened it, so the call is denied. If the hook's token was changed to another agent's during the session, start a new session.";
    if (err.status === 403) return `Gatehouse: ${err.message} The hook needs the agent's own token (gat_…), so the call is denied.`;
    if (err.status === 429) {
      const after = err.headers?.["Retry-After"];
      return `Gatehouse: this agent sent too many hook calls; the call is denied. Wait${after ? ` ${after} s` : " a moment"} and try again.`;
    }
    if (err.status === 413) return `Gatehouse: the hook call was too large to check (${err.message}), so it is denied. Split the change into smaller steps.`;
    if (err.status < 500)
      return `Gatehouse could not read this hook call (${err.message}), so it is denied. Check the hook configuration against docs/agents.md.`;
  }
  if (isDatabaseUnavailable(err))
    return "Gatehouse: the decision store is unavailable, so the call is denied (fail closed). Try again shortly; tell the Gatehouse operators if it lasts.";
  return "Gatehouse could not decide or record this call, so it is denied (fail closed). Try again shortly; tell the Gatehouse operators if it lasts.";
}

/** The stop reason for a killed or retired agent: its session ends where the client supports it. */
export function stopReason(agent: { status: string; slug: string; statusReason?: string | null }): string | undefined {
  if (agent.status === "suspended")
    return `Gatehouse: agent ${agent.slug} was stopped with the kill switch${agent.statusReason ? ` (${agent.statusReason})` : ""}. The session ends here; its sponsor or a security lead can resume it.`;
  if (agent.status === "retired") return `Gatehouse: agent ${agent.slug} is retired. The session ends here.`;
  return undefined;
}
