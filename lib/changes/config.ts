import type { Db } from "@/db/client";
import { readSettings } from "@/lib/settings/queries";

// Instance settings (Settings → General, lib/settings), with defaults when unset or invalid.
export interface ChangesConfig {
  securityGlobs: readonly string[];
  requiredGates: readonly string[];
  /** gates a security-adjacent change needs besides the required ones (before merge) */
  securityRequiredGates: readonly string[];
}

export async function loadChangesConfig(db: Db): Promise<ChangesConfig> {
  const s = await readSettings(db, ["securityPaths", "requiredGates", "securityRequiredGates"]);
  return { securityGlobs: s.securityPaths.value, requiredGates: s.requiredGates.value, securityRequiredGates: s.securityRequiredGates.value };
}
