// Who may do what, in one table. Every page, server action and route asks through
// requirePermission (lib/auth/session.ts) with one of these names.
export const ROLES = ["admin", "security_lead", "approver", "eng_manager", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  security_lead: "Security lead",
  approver: "Approver",
  eng_manager: "Engineering manager",
  viewer: "Viewer",
};

const ALL: readonly Role[] = ROLES;

export const PERMISSIONS = {
  "dashboard:view": ALL,
  "agents:manage": ["admin", "eng_manager"], // eng managers: their own team only (checked in lib/registry)
  "agents:kill": ["admin", "security_lead", "approver"],
  "agents:resume": ["admin", "security_lead"],
  "agents:review": ["admin", "security_lead", "eng_manager"],
  "agents:tokens": ["admin", "eng_manager"],
  "fleet:freeze": ["admin", "security_lead"],
  "approvals:decide": ["admin", "security_lead", "approver"],
  "violations:triage": ["admin", "security_lead"],
  "policies:edit": ["admin", "security_lead"],
  "audit:export": ["admin", "security_lead"],
  "audit:verify": ["admin", "security_lead"],
  "settings:manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | undefined | null, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
