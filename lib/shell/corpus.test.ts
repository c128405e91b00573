import { beforeAll, describe, expect, it } from "vitest";
import { decideCommand, loadCorpus } from "./corpus/corpus";
import { loadShellParser } from "./parser";

describe("shell corpus under the default policy", () => {
  beforeAll(() => loadShellParser());
  const corpus = loadCorpus();
  it("has at least 300 commands", () => expect(corpus.length).toBeGreaterThanOrEqual(300));
  it("decides every command as the reviewer expects", { timeout: 120_000 }, () => {
    const wrong: string[] = [];
    for (const c of corpus) {
      const r = decideCommand(c.command);
      if (r.decision !== c.decision)
        wrong.push(`line ${c.line}: ${JSON.stringify(c.command)} → ${r.decision} (expected ${c.decision}: ${c.why}) — ${r.reason}`);
    }
    expect(wrong).toEqual([]);
  });
});
