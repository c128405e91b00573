import { z } from "zod";
import { BUDGET_PERIODS } from "./budget-math";

/** "50, 80, 100" (a form field) or [50, 80, 100] → sorted unique percentages; 100 is always included. */
const thresholds = z.union([z.string().max(100), z.array(z.coerce.number())]).transform((v, ctx) => {
  const parts = Array.isArray(v)
    ? v
    : v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .map(Number);
  if (parts.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) {
    ctx.addIssue({ code: "custom", message: "Whole percentages between 1 and 1000, separated by commas." });
    return z.NEVER;
  }
  return [...new Set([...parts, 100])].sort((a, b) => a - b).slice(0, 10);
});

export const budgetInputSchema = z
  .object({
    scope: z.enum(["agent", "team"]),
    targetId: z.uuid("Choose an agent or a team."),
    period: z.enum(BUDGET_PERIODS).default("month"),
    limitUsd: z.coerce.number().positive("A limit above $0.").max(100_000_000),
    thresholds: thresholds.default([80, 100]),
    autoSuspend: z
      .union([z.boolean(), z.enum(["on", "true", "false", ""])])
      .optional()
      .transform((v) => v === true || v === "on" || v === "true"),
  })
  .refine((b) => !(b.autoSuspend && b.scope === "team"), { path: ["autoSuspend"], message: "Automatic suspension applies to agent budgets." });
export type BudgetInput = z.infer<typeof budgetInputSchema>;

export const budgetIdSchema = z.object({ id: z.uuid() });

/** The cost views' filters, from the URL. */
export const costFilterSchema = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30),
  team: z.string().max(200).optional(),
});
