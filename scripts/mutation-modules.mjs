// The security cores under mutation testing (issue 17), each with the tests that cover it.
// Unit tests where they cover the module; integration tests (run on PGlite) where the module
// is a database statement. `*.mutants.test.ts` files hold tests written to kill survivors.
import fs from "node:fs";

/** Stryker's "file:startLine:0-endLine:0" range of one top-level function, found by name. */
function fnRange(file, name) {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((l) => new RegExp(`^(export )?(async )?function ${name}\\b`).test(l));
  if (start < 0) throw new Error(`${name} not found in ${file}`);
  let end = lines.findIndex((l, i) => i > start && /^(export |\/\*\*|\/\/ )/.test(l));
  if (end < 0) end = lines.length;
  return `${file}:${start + 1}:0-${end}:0`;
}

const existing = (globs) => globs;

// the policy unit tests (not an integration test of the store or replay; STRYKER_TESTS is split
// on commas, so no {a,b} globs)
const POLICY_TESTS = ["engine", "glob", "migrate", "normalise", "reference", "yaml"]
  .map((t) => `lib/policy/${t}.test.ts`)
  .concat("lib/policy/*.mutants.test.ts");

// the fast shell tests: not properties.test.ts (16 s a surviving mutant), continuations.test.ts
// (spawns bash 300 times) or plain.test.ts (its properties, 11 s)
const SHELL_FAST_TESTS = ["lib/shell/corpus.test.ts", "lib/shell/programs.test.ts", "lib/shell/*.mutants.test.ts"];

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
      return [
        "lib/auth/tokens.ts",
        "lib/auth/permissions.ts",
        ...["bearerToken", "hasScope", "requireScope", "requireActiveAgent", "requireAgentCaller"].map((f) => fnRange(m, f)),
      ];
    },
    tests: ["lib/auth/tokens.test.ts", "lib/auth/permissions.test.ts", "lib/auth/*.mutants.test.ts"],
  },
  // lib/audit/verify.ts in two parts, each measured on its own like lib/policy (its 1,250-row
  // integration tests opened several databases per mutant: the whole file was hours on two shared
  // cores; those tests still run in `npm test`): the verdicts (scanAuditChain, badRanges), judged
  // without a database by unit tests on chains built in memory, and how the chain is read from
  // the database (the rest of verify.ts), by unit tests of the read plan and an integration test on PGlite
  "audit-verify-scan": {
    get mutate() {
      return ["scanAuditChain", "badRanges"].map((f) => fnRange("lib/audit/verify.ts", f));
    },
    tests: ["lib/audit/verify.mutants.test.ts", "lib/audit/verify-scan.mutants.test.ts"],
  },
  "audit-verify-read": {
    get mutate() {
      return ["timestampValue", "rowFrom", "fetchRows", "chainReader", "rowsBeyond", "verifyAuditChain"].map((f) => fnRange("lib/audit/verify.ts", f));
    },
    // one file, one database, chains of 12 rows: the 1,250-row files (verify.int, anchor.int) and
    // the others each open their own databases per mutant, which took ≈ 2 min a mutant here
    tests: ["lib/audit/verify.test.ts", "lib/audit/verify-reader.mutants.test.ts", "lib/audit/verify-read.mutants.int.test.ts"],
  },
  redaction: {
    // redact.ts (values, text, in steps), rules.ts, storage.ts (the storage boundary)
    mutate: ["lib/redaction/redact.ts", "lib/redaction/rules.ts", "lib/redaction/storage.ts"],
    // not linear.test.ts: it compares timings, which mean nothing with a mutant in the loop
    tests: ["lib/redaction/redact.test.ts", "lib/redaction/chunked.test.ts", "lib/redaction/storage.test.ts", "lib/redaction/*.mutants.test.ts"],
  },
  // lib/policy in three parts, each measured on its own (one run of all ≈ 820 mutants takes more
  // than an hour on two shared cores): the decision (rule order, first match, the most
  // restrictive action of a tool call), matching (globs, normalised values), the policy file.
  "policy-decision": {
    mutate: ["lib/policy/compile.ts", "lib/policy/evaluate.ts", "lib/policy/combine.ts", "lib/policy/derive.ts"],
    tests: POLICY_TESTS,
  },
  "policy-match": {
    mutate: ["lib/policy/glob.ts", "lib/policy/normalise.ts"],
    tests: POLICY_TESTS,
  },
  "policy-file": {
    mutate: ["lib/policy/yaml.ts", "lib/policy/migrate.ts", "lib/policy/diff.ts"],
    tests: POLICY_TESTS,
  },
  shell: {
    mutate: ["lib/shell/*.ts", "!lib/shell/*.test.ts", "!lib/shell/types.ts", "!lib/shell/index.ts"],
    tests: ["lib/shell/*.test.ts"],
    // plain.test.ts counts accepted lines among 4,000 generated ones (> 200): capped at 100 runs
    // its initial test run fails, so the shell modules keep their properties' own numRuns
    env: { STRYKER_FC_RUNS: "4000" },
  },
  // lib/shell in parts (the whole is far more than one run can do on two shared cores; QUALITY.md says
  // which parts were measured): the line reader (tree-sitter walk, the plain fast path, line
  // continuations) and the program modules (what each program does to files, network, infra)
  "shell-core": {
    part: "shell",
    env: { STRYKER_FC_RUNS: "4000" },
    mutate: ["lib/shell/analyse.ts", "lib/shell/plain.ts", "lib/shell/continuations.ts"],
    tests: ["lib/shell/*.test.ts"],
  },
  // analyse.ts and continuations.ts with the fast shell tests only: the corpus and the
  // *.mutants tests, not properties.test.ts (16 s a surviving mutant), continuations.test.ts
  // (spawns bash 300 times) or plain.test.ts (its properties, 11 s; vitest runs the slow files
  // first): a lower bound for shell-core without plain.ts (measured as shell-plain)
  "shell-core-fast": {
    part: "shell",
    env: { STRYKER_FC_RUNS: "4000" },
    mutate: ["lib/shell/analyse.ts", "lib/shell/continuations.ts"],
    tests: SHELL_FAST_TESTS,
  },
  // plain.ts alone with the fast shell tests (not properties/continuations: seconds per case,
  // continuations spawns bash): a lower bound for it, measurable in minutes
  "shell-plain": {
    part: "shell",
    env: { STRYKER_FC_RUNS: "4000" },
    mutate: ["lib/shell/plain.ts"],
    tests: ["lib/shell/plain.test.ts", "lib/shell/corpus.test.ts", "lib/shell/programs.test.ts", "lib/shell/*.mutants.test.ts"],
  },
  "shell-programs": {
    part: "shell",
    env: { STRYKER_FC_RUNS: "4000" },
    mutate: ["lib/shell/commands.ts", "lib/shell/files.ts", "lib/shell/network.ts", "lib/shell/infra.ts", "lib/shell/wrappers.ts"],
    // the fast shell tests (programs.test.ts reads the original sources under Stryker): a lower bound
    tests: SHELL_FAST_TESTS,
  },
  // shell-programs one file a part, with the fast shell tests (as shell-core-fast): ≈ 3,400
  // mutants together, hours on two shared cores; each part is a lower bound for its file
  ...Object.fromEntries(
    ["commands", "files", "network", "infra", "wrappers"].map((f) => [
      `shell-programs-${f}`,
      {
        part: "shell",
        env: { STRYKER_FC_RUNS: "4000" },
        mutate: [`lib/shell/${f}.ts`],
        tests: SHELL_FAST_TESTS,
      },
    ]),
  ),
  approvals: {
    // segregation of duties (who may decide) and the decide statement (one decision wins)
    get mutate() {
      return ["lib/approvals/initiators.ts", fnRange("lib/approvals/queries.ts", "decideApproval")];
    },
    tests: existing([
      "lib/approvals/*.mutants.test.ts",
      "lib/approvals/segregation.int.test.ts",
      "lib/approvals/*.mutants.int.test.ts",
      "lib/approvals/decide*.int.test.ts",
    ]),
  },
};
