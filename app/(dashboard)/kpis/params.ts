import { z } from "zod";
import { COHORT_CHOICES, WINDOWS } from "@/lib/kpis/queries";

export const kpiParamsSchema = z.object({
  window: z.coerce
    .number()
    .refine((n) => (WINDOWS as readonly number[]).includes(n))
    .catch(30),
  cohort: z.enum(COHORT_CHOICES).catch("author_kind"),
});
