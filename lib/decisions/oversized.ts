// Issue 16: an action too large to check within the decision budget is denied, never allowed.
// Matching a policy's globs and the shell analysis are linear in the command, but a 2 MiB command
// still costs every other agent's decisions time on the event loop, and recording it costs its
// redaction, hashing and storage. Fields longer than MAX_DECIDABLE_CHARS are cut to their head
// before anything looks at them (the head is what is evaluated and recorded, with the length
// that was not checked), and the answer is deny whatever the head would have got. PURE.
import type { Action } from "@/lib/policy/types";

/** Characters of one action field Gatehouse checks; a longer field is denied unchecked. */
export const MAX_DECIDABLE_CHARS = 64 * 1024;

const FIELDS = ["tool", "repository", "branch", "environment", "resource", "command", "endpoint"] as const;

/** The action with oversized fields cut to their head, and which fields were cut (with their lengths). */
export function cutOversized(action: Action): { action: Action; cut: { field: string; length: number }[] } {
  const cut: { field: string; length: number }[] = [];
  let out: Action | undefined;
  for (const k of FIELDS) {
    const v = action[k];
    if (typeof v !== "string" || v.length <= MAX_DECIDABLE_CHARS) continue;
    cut.push({ field: k, length: v.length });
    (out ??= { ...action })[k] = `${v.slice(0, MAX_DECIDABLE_CHARS)}…[${v.length - MAX_DECIDABLE_CHARS} more characters, not checked]`;
  }
  return { action: out ?? action, cut };
}

/** The deny reason for an action with cut fields. */
export function oversizedReason(cut: { field: string; length: number }[]): string {
  const what = cut.map((c) => `${c.field} (${c.length} characters)`).join(", ");
  return `Denied: the ${what} is longer than Gatehouse checks within its decision budget (${MAX_DECIDABLE_CHARS} characters), and nothing is allowed unchecked. Split it into smaller steps (write long scripts to a file with the Write tool and run the file).`;
}
