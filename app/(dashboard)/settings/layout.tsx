import Link from "next/link";
import { requirePermission } from "@/lib/auth/session";

const TABS = [
  { href: "/settings/general", label: "General" },
  { href: "/settings/people", label: "People" },
  { href: "/settings/teams", label: "Teams" },
  { href: "/settings/tokens", label: "Integration tokens" },
];

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requirePermission("settings:manage");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <nav aria-label="Settings" className="flex gap-2 border-b border-border pb-2">
        {TABS.map((t) => (
          <Link key={t.href} href={t.href} className="rounded-md px-3 py-1.5 text-sm hover:bg-muted">
            {t.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
