import Link from "next/link";
import { requirePermission } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { navFor } from "@/lib/navigation";
import { Nav } from "@/components/shell/nav";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { SignOutButton } from "@/components/shell/sign-out-button";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePermission("dashboard:view");
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-card focus:p-2">
        Skip to content
      </a>
      <aside className="hidden w-56 shrink-0 flex-col gap-6 border-r border-border bg-card p-4 md:flex">
        <Link href="/" className="text-lg font-bold tracking-tight">
          Gatehouse
        </Link>
        <Nav items={navFor(user.role)} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-between gap-4 border-b border-border px-6 py-3">
          <details className="md:hidden">
            <summary className="cursor-pointer text-sm font-semibold">Menu</summary>
            <div className="absolute z-30 mt-2 rounded-md border border-border bg-card p-2 shadow">
              <Nav items={navFor(user.role)} />
            </div>
          </details>
          <div className="ml-auto flex items-center gap-3">
            <div className="text-right text-sm leading-tight">
              <div className="font-medium" data-testid="current-user">
                {user.name}
              </div>
              <div className="text-xs text-muted-foreground" data-testid="current-role">
                {ROLE_LABELS[user.role]}
              </div>
            </div>
            <ThemeToggle />
            <SignOutButton />
          </div>
        </header>
        <main id="main" className="min-w-0 flex-1 p-4 sm:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
