import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { INTEGRATION_SCOPES } from "@/lib/auth/tokens";

export const slugSchema = z
  .string()
  .trim()
  .min(2, "At least 2 characters.")
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Lowercase letters, digits and dashes.");

export const createTeamSchema = z.object({ slug: slugSchema, name: z.string().trim().min(1, "Required.").max(120) });

export const createPersonSchema = z.object({
  email: z.string().trim().toLowerCase().email("A valid email address."),
  name: z.string().trim().min(1, "Required.").max(120),
  role: z.enum(ROLES),
  teamId: z
    .string()
    .uuid()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  password: z
    .string()
    .min(12, "At least 12 characters.")
    .max(200)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export const updatePersonSchema = z.object({
  id: z.string().uuid(),
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  unlinkSso: z.literal(true).optional(),
});

export const createIntegrationTokenSchema = z.object({
  name: z.string().trim().min(1, "Required.").max(120),
  scopes: z.array(z.enum(INTEGRATION_SCOPES)).min(1, "Pick at least one scope."),
  ttlSeconds: z.coerce
    .number()
    .int()
    .min(60)
    .max(10 * 365 * 24 * 3600)
    .optional(),
});

export const idSchema = z.object({ id: z.string().uuid() });
