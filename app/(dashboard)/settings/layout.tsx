import { Nav } from "@/components/shell/nav";
import { requirePermission } from "@/lib/auth/session";

const TABS = [
  { href: "/settings/general", label: "General" },
  { href: "/settings/people", label: "People" },
  { href: "/settings/teams", label: "Teams" },
  { href: "/settings/tokens", label: "Integration tokens" },
  { href: "/settings/integrations", label: "Integrations" },
];

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requirePermission("settings:manage");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <Nav items={TABS} label="Settings" row />
      {children}
    </div>
  );
}
