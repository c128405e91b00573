import type { CliCommand } from "@/lib/cli/commands";
import { anchorNow, anchorsConfigured, configuredAnchor, readLatestAnchor } from "./anchor";
import { verifyAuditChain } from "./verify";

export const auditCommands: CliCommand[] = [
  {
    name: "audit verify",
    usage:
      "audit verify [--anchor FILE]\n      Verify the audit hash chain and signed checkpoints; exit status 0 only when intact. With an anchor file\n      (default: GATEHOUSE_AUDIT_ANCHOR_FILE) the chain must also reach its latest signed head: a rollback,\n      truncation or wipe is detected.",
    async run(args, withDb) {
      const at = args.indexOf("--anchor");
      if (at >= 0 && !args[at + 1]) {
        console.error("--anchor needs a file");
        return 2;
      }
      const anchor = at >= 0 ? readLatestAnchor(args[at + 1]) : configuredAnchor();
      if (at >= 0 && !anchor) {
        console.error(`no anchor found in ${args[at + 1]}`);
        return 1;
      }
      const started = Date.now();
      const result = await withDb((h) =>
        verifyAuditChain(h.db, {
          anchor,
          onProgress: (checked, total) => {
            if (process.stderr.isTTY) process.stderr.write(`\rverified ${checked}/${total}`);
          },
        }),
      );
      if (process.stderr.isTTY) process.stderr.write("\n");
      console.log(JSON.stringify(result));
      if (result.ok)
        console.log(
          `Audit chain intact: ${result.checked} events verified in ${((Date.now() - started) / 1000).toFixed(1)} s${anchor ? `, up to the anchor at seq ${anchor.seq}` : ""}.`,
        );
      else {
        console.log(`Audit chain BROKEN at seq ${result.first_bad!.seq}: ${result.first_bad!.reason}`);
        for (const r of result.bad_ranges) console.log(`  bad ${r.from === r.to ? `seq ${r.from}` : `seqs ${r.from}…${r.to}`}: ${r.reason}`);
      }
      return result.ok ? 0 : 1;
    },
  },
  {
    name: "audit anchor",
    usage: "audit anchor\n      Write the current signed chain head to GATEHOUSE_AUDIT_ANCHOR_FILE / GATEHOUSE_AUDIT_ANCHOR_URL now (e.g. from cron).",
    async run(_args, withDb) {
      if (!anchorsConfigured()) {
        console.error("Set GATEHOUSE_AUDIT_ANCHOR_FILE or GATEHOUSE_AUDIT_ANCHOR_URL first.");
        return 2;
      }
      const anchor = await withDb((h) => anchorNow(h.db));
      console.log(anchor ? JSON.stringify(anchor) : "The audit chain is empty: nothing to anchor.");
      return 0;
    },
  },
];
