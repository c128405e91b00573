// The security cores under mutation testing (issue 17), each with the tests that cover it.
// Unit tests where they cover the module; integration tests (run on PGlite) where the module
// is a database statement. `*.mutants.test.ts` files hold tests written to kill survivors.
import fs from "node:fs";

/** Stryker's "file:startLine:0-endLine:0" range of one exported function, found by name. */
function fnRange(file, name) {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((l) => new RegExp(`^export (async )?function ${name}\\b`).test(l));
  if (start < 0) throw new Error(`${name} not found in ${file}`);
  let end = lines.findIndex((l, i) => i > start && /^(export |\/\*\*|\/\/ )/.test(l));
  if (end < 0) end = lines.length;
  return `${file}:${start + 1}:0-${end}:0`;
}

const existing = (globs) => globs;

export const MUTATION_MODULES = {
  "audit-canonical": {
    mutate: ["lib/audit/canonical.ts"],
    tests: ["lib/audit/canonical.test.ts", "lib/audit/canonical.mutants.test.ts"],
  },
  auth: {
    // token format/hash/compare, the role → permission table, bearer parsing and scope checks
    // (authenticateMachine's database lookups are covered by machine.mutants.int.test.ts on both
    // engines; under Stryker a fresh database per mutant is too slow for two shared cores)
    get mutate() {
      const m = "lib/auth/machine.ts";
      return ["lib/auth/tokens.ts", "lib/auth/permissions.ts", ...["bearerToken", "hasScope", "requireScope", "requireActiveAgent", "requireAgentCaller"].map((f) => fnRange(m, f))];
    },
    tests: ["lib/auth/tokens.test.ts", "lib/auth/permissions.test.ts", "lib/auth/*.mutants.test.ts"],
  },
  "audit-verify": {
    mutate: ["lib/audit/verify.ts"],
    // anchor.int.test.ts and verify-scan.int.test.ts check verify too (anchors, batch edges)
    tests: ["lib/audit/verify.test.ts", "lib/audit/verify.int.test.ts", "lib/audit/anchor.int.test.ts", "lib/audit/verify-scan.int.test.ts", "lib/audit/verify*.mutants*.test.ts"],
  },
  redaction: {
    mutate: ["lib/redaction/redact.ts", "lib/redaction/rules.ts"],
    // not linear.test.ts: it compares timings, which mean nothing with a mutant in the loop
    tests: ["lib/redaction/redact.test.ts", "lib/redaction/*.mutants.test.ts"],
  },
  policy: {
    mutate: ["lib/policy/*.ts", "!lib/policy/*.test.ts", "!lib/policy/types.ts", "!lib/policy/actions.ts", "!lib/policy/store.ts", "!lib/policy/index.ts", "!lib/policy/default-policy.ts", "!lib/policy/replay*.ts"],
    // unit tests only (an integration test of the policy store or replay is not about these files)
    tests: ["lib/policy/{engine,glob,migrate,normalise,reference,yaml}.test.ts", "lib/policy/*.mutants.test.ts"],
  },
  shell: {
    mutate: ["lib/shell/*.ts", "!lib/shell/*.test.ts", "!lib/shell/types.ts", "!lib/shell/index.ts"],
    tests: ["lib/shell/*.test.ts"],
  },
  approvals: {
    // segregation of duties (who may decide) and the decide statement (one decision wins)
    get mutate() {
      return ["lib/approvals/initiators.ts", fnRange("lib/approvals/queries.ts", "decideApproval")];
    },
    tests: existing(["lib/approvals/*.mutants.test.ts", "lib/approvals/segregation.int.test.ts", "lib/approvals/*.mutants.int.test.ts", "lib/approvals/decide*.int.test.ts"]),
  },
};
