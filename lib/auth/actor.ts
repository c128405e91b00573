// Who acted (issue 18: one actor type). Every governance write of lib/ takes an Actor — a person
// signed in to the dashboard, a machine caller (an integration or agent token), the system itself,
// or the operator CLI — and the audit trail's actor columns are derived from it in one function,
// auditActor. lib/auth/actor.test.ts fails when a second actor shape appears in lib/.

/** Who acted. Agents acting through the machine API are recorded by their events, not as an Actor. */
export interface Actor {
  /** as the audit trail records it (audit_events.actor_kind) */
  kind: "human" | "system";
  /** the person's account (users.id); null for machine callers and the operator CLI */
  userId: string | null;
  /** the person's email; null unless a signed-in person */
  email: string | null;
  /** what the audit trail shows (actor_label): the person's email, or the caller's name */
  label: string;
}

/** A signed-in person (a dashboard action, a chat user linked to a person): has an account. */
export interface PersonActor extends Actor {
  kind: "human";
  userId: string;
  email: string;
}

/** The person behind a session (or any user row): labelled by their email. */
export function personActor(user: { id: string; email: string }): PersonActor {
  return { kind: "human", userId: user.id, email: user.email, label: user.email };
}

/**
 * A machine caller (an integration or agent token) or the system itself (a budget, SSO),
 * recorded as `system` under the name the caller's domain gives it.
 */
export function machineActor(label: string): Actor {
  return { kind: "system", userId: null, email: null, label };
}

/**
 * A person without an account: the operator at the host's CLI (`gatehouse token create`),
 * recorded as `human` with no user id.
 */
export function operatorActor(label: string): Actor {
  return { kind: "human", userId: null, email: null, label };
}

/** The audit trail's actor columns of an event this actor caused: the one derivation. */
export function auditActor(actor: Actor): { actorKind: Actor["kind"]; actorUserId: string | null; actorLabel: string } {
  return { actorKind: actor.kind, actorUserId: actor.userId, actorLabel: actor.label };
}
