export * from "./types";
export { compilePolicy, type CompiledPolicy, type CompiledRule } from "./compile";
export { evaluate } from "./evaluate";
export { DEFAULT_POLICY } from "./default-policy";
export { parsePolicyYaml, policyToYaml, validatePolicy, describeIssues, type PolicyIssue } from "./yaml";
export { lineDiff } from "./diff";
