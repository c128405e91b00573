import type { CliCommand } from "@/lib/cli/commands";
import { verifyAuditChain } from "./verify";

export const auditCommands: CliCommand[] = [
  {
    name: "audit verify",
    usage: "audit verify\n      Verify the audit hash chain and signed checkpoints; exit status 0 only when intact.",
    async run(_args, withDb) {
      const started = Date.now();
      const result = await withDb((h) =>
        verifyAuditChain(h.db, {
          onProgress: (checked, total) => {
            if (process.stderr.isTTY) process.stderr.write(`\rverified ${checked}/${total}`);
          },
        }),
      );
      if (process.stderr.isTTY) process.stderr.write("\n");
      console.log(JSON.stringify(result));
      console.log(
        result.ok
          ? `Audit chain intact: ${result.checked} events verified in ${((Date.now() - started) / 1000).toFixed(1)} s.`
          : `Audit chain BROKEN at seq ${result.first_bad!.seq}: ${result.first_bad!.reason}`,
      );
      return result.ok ? 0 : 1;
    },
  },
];
