"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/ui/cn";

export interface NavItem {
  href: string;
  label: string;
}

/** Links that mark the current page (aria-current): the main sidebar, or a row of section tabs. */
export function Nav({ items, label = "Main", row = false }: { items: NavItem[]; label?: string; row?: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={row ? "flex gap-2 border-b border-border pb-2" : "flex flex-col gap-1"}>
      {items.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(item.href + "/");
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "rounded-md text-sm hover:bg-muted",
              row ? "px-3 py-1.5" : "px-3 py-2",
              active ? "bg-muted font-semibold text-foreground" : "text-muted-foreground",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
