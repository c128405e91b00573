import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/http/errors";
import { toStorable } from "@/lib/security/json-guard";
import { getCurrentUser, type CurrentUser } from "./session";
import { can, type Permission } from "./permissions";

export type ActionResult<T = undefined> = { ok: true; data: T } | { ok: false; error: string; status?: number; fieldErrors?: Record<string, string[]> };

/**
 * Every server action goes through this: resolve the person, check the permission on the
 * server, validate the input with zod, and turn failures into a typed result (no secrets or
 * internals echoed back).
 */
export function authedAction<S extends z.ZodType, T>(permission: Permission, schema: S, fn: (input: z.infer<S>, user: CurrentUser) => Promise<T>) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, status: 401, error: "Your session has ended. Sign in again." };
    if (!can(user.role, permission)) return { ok: false, status: 403, error: "Your role may not do that." };
    // PostgreSQL refuses NUL and lone surrogates in text: make every string storable first.
    const raw = toStorable(input instanceof FormData ? Object.fromEntries(input.entries()) : input);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.map(String).join(".") || "_";
        (fieldErrors[key] ??= []).push(issue.message);
      }
      return { ok: false, status: 400, error: "Please correct the highlighted fields.", fieldErrors };
    }
    try {
      return { ok: true, data: await fn(parsed.data, user) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, status: err.status, error: err.message };
      console.error("[gatehouse] action failed:", err instanceof Error ? err.message : String(err));
      return { ok: false, status: 500, error: "Something went wrong on our side." };
    }
  };
}
