import * as React from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "@/lib/ui/cn";

const badgeVariants = cva("inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium", {
  variants: {
    tone: {
      neutral: "border-border bg-muted text-foreground",
      good: "border-green-700/30 bg-green-100 text-green-900 dark:bg-green-900/40 dark:text-green-100",
      warn: "border-amber-700/30 bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100",
      bad: "border-red-700/30 bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-100",
      info: "border-blue-700/30 bg-blue-100 text-blue-900 dark:bg-blue-900/40 dark:text-blue-100",
    },
  },
  defaultVariants: { tone: "neutral" },
});

export function Badge({ className, tone, ...props }: React.HTMLAttributes<HTMLSpanElement> & VariantProps<typeof badgeVariants>) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />;
}

export const severityTone = { low: "neutral", medium: "info", high: "warn", critical: "bad" } as const;
export const statusTone = { active: "good", suspended: "bad", retired: "neutral" } as const;
