import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { decideCommand, loadCorpus } from "./corpus/corpus";
import { loadShellParser } from "./parser";

/**
 * A free prefix cannot smuggle anything past the policy: for any command C (the corpus) and any
 * free command F, every way of putting them on one line decides at least as strictly as C alone.
 */
const STRICTNESS = { allow: 0, ask: 1, deny: 2 } as const;
const FREE = ["ls", "ls -la", "pwd", "echo hi", "git status", "npm test", "grep -rn TODO src", "git log --oneline -5", "true", "cat README.md"];
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const COMPOSE: Record<string, (f: string, c: string) => string> = {
  "F; C": (f, c) => `${f}; ${c}`,
  "F && C": (f, c) => `${f} && ${c}`,
  "F || C": (f, c) => `${f} || ${c}`,
  "F | C": (f, c) => `${f} | ${c}`,
  "F $(C)": (f, c) => `${f} $(${c})`,
  "F <(C)": (f, c) => `${f} <(${c})`,
  "bash -c 'F; C'": (f, c) => `bash -c ${sq(`${f}; ${c}`)}`,
  "F\\nC": (f, c) => `${f}\n${c}`,
};

describe("composition never weakens a decision", () => {
  beforeAll(() => loadShellParser());
  const corpus = loadCorpus().map((c) => c.command);
  for (const [name, compose] of Object.entries(COMPOSE)) {
    it(`${name} decides at least as strictly as C`, { timeout: 120_000 }, () => {
      fc.assert(
        fc.property(fc.constantFrom(...corpus), fc.constantFrom(...FREE), (c, f) => {
          expect(decideCommand(f).decision).toBe("allow");
          const alone = decideCommand(c).decision;
          const combined = decideCommand(compose(f, c));
          expect(STRICTNESS[combined.decision], `${JSON.stringify(compose(f, c))}: ${combined.reason}`).toBeGreaterThanOrEqual(STRICTNESS[alone]);
        }),
        { numRuns: 250 },
      );
    });
  }
  it("names the sub-command and the rule that decided", () => {
    const r = decideCommand("ls; git push --force origin main");
    expect(r.decision).toBe("ask");
    expect(r.rule_id).toBe("gate-protected-branches");
    expect(r.reason).toContain("`git push --force origin main`");
    expect(r.actions.map((a) => a.action.type)).toEqual(["shell.exec", "git.push"]);
    expect(r.decided_by).toBe(1);
  });
});
