import fs from "node:fs";
import path from "node:path";
import { DEFAULT_POLICY, compilePolicy, evaluateAction, type AgentSnapshot } from "@/lib/policy";
import { entriesFromLists } from "@/lib/registry/scope";

/**
 * The corpus (corpus/commands.tsv): every command is decided through the same path as a hook
 * call — derived actions, scope, default policy, most restrictive wins — and must get the
 * decision a reviewer wrote next to it.
 */
export const CORPUS_AGENT: AgentSnapshot = {
  status: "active",
  role: "coding",
  kind: "claude_code",
  scope: entriesFromLists({
    repositories: ["acme/*"],
    branches: ["**"],
    environments: ["dev", "staging", "preview"],
    tools: ["Bash"],
    paths: ["**"],
    endpoints: ["github.com", "api.github.com", "registry.npmjs.org", "pypi.org"],
  }),
};
export const CORPUS_CWD = "/work/repo";

export function loadCorpus(): { decision: "allow" | "ask" | "deny"; command: string; why: string; line: number }[] {
  const text = fs.readFileSync(path.join(import.meta.dirname, "commands.tsv"), "utf8");
  const out: { decision: "allow" | "ask" | "deny"; command: string; why: string; line: number }[] = [];
  text.split("\n").forEach((raw, i) => {
    if (!raw.trim() || raw.startsWith("#")) return;
    const [decision, command, why] = raw.split("\t");
    if (decision !== "allow" && decision !== "ask" && decision !== "deny") throw new Error(`commands.tsv:${i + 1}: bad decision ${decision}`);
    out.push({ decision, command: command.replace(/\\n/g, "\n").replace(/\\t/g, "\t"), why: why ?? "", line: i + 1 });
  });
  return out;
}

const policy = compilePolicy(DEFAULT_POLICY, "default");
export const decideCommand = (command: string) =>
  evaluateAction({ agent: CORPUS_AGENT, action: { type: "shell.exec", tool: "Bash", command }, fleetFrozen: false, now: new Date() }, policy, {
    cwd: CORPUS_CWD,
  });
