import type { DbHandle } from "@/db/client";

export interface CliCommand {
  /** "group verb", e.g. "audit verify" */
  name: string;
  usage: string;
  run(args: string[], withDb: <T>(fn: (h: DbHandle) => Promise<T>) => Promise<T>): Promise<number>;
}

/** Commands contributed by domains (audit verify, hook, …): each domain appends to its own list. */
import { auditCommands } from "@/lib/audit/cli";
import { decisionsCommands } from "@/lib/decisions/cli";

export const extraCommands: CliCommand[] = [...auditCommands, ...decisionsCommands];
