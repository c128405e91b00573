import { can, type Permission, type Role } from "@/lib/auth/permissions";

// The views that exist, and who sees them in the navigation (the pages check again).
const ITEMS: { href: string; label: string; permission: Permission }[] = [
  { href: "/", label: "Overview", permission: "dashboard:view" },
  { href: "/agents", label: "Agents", permission: "dashboard:view" },
  { href: "/approvals", label: "Approvals", permission: "dashboard:view" },
  { href: "/violations", label: "Violations", permission: "dashboard:view" },
  { href: "/audit", label: "Audit", permission: "dashboard:view" },
  { href: "/changes", label: "Changes", permission: "dashboard:view" },
  { href: "/kpis", label: "KPIs", permission: "dashboard:view" },
  { href: "/policies", label: "Policies", permission: "dashboard:view" },
  { href: "/settings", label: "Settings", permission: "settings:manage" },
];

/** Routes are registered here as their issue lands, so the navigation never links to a 404. */
export const LIVE_ROUTES = new Set<string>(["/", "/agents", "/approvals", "/violations", "/audit", "/changes", "/kpis", "/policies", "/settings"]);

export function navFor(role: Role) {
  return ITEMS.filter((i) => LIVE_ROUTES.has(i.href) && can(role, i.permission)).map(({ href, label }) => ({ href, label }));
}
