import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { settings } from "@/db/schema";
import { DEFAULT_SECURITY_GLOBS } from "./security-paths";
import { DEFAULT_REQUIRED_GATES } from "./stages";

// Instance settings (JSON string arrays in `settings`), with defaults when unset or invalid.
export const SECURITY_GLOBS_KEY = "changes.security_paths";
export const REQUIRED_GATES_KEY = "changes.required_gates";

export interface ChangesConfig {
  securityGlobs: readonly string[];
  requiredGates: readonly string[];
}

function stringArray(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) && v.every((x) => typeof x === "string") ? v : undefined;
  } catch {
    return undefined;
  }
}

export async function loadChangesConfig(db: Db): Promise<ChangesConfig> {
  const rows = await db.select().from(settings).where(inArray(settings.key, [SECURITY_GLOBS_KEY, REQUIRED_GATES_KEY]));
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  return {
    securityGlobs: stringArray(get(SECURITY_GLOBS_KEY)) ?? DEFAULT_SECURITY_GLOBS,
    requiredGates: stringArray(get(REQUIRED_GATES_KEY)) ?? DEFAULT_REQUIRED_GATES,
  };
}
