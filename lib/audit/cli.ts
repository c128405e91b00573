import type { CliCommand } from "@/lib/cli/commands";

export const auditCommands: CliCommand[] = [];
