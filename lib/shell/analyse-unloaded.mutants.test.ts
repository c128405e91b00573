import { describe, expect, it } from "vitest";
import { analyseCommand } from "./analyse";
import { shellParserReady } from "./parser";

// This file never loads the parser (vitest isolates test files): plain lines are read by the
// plain reader alone, everything else fails closed. Written against StrykerJS survivors of
// analyse.ts (QUALITY.md, module `shell-core`).
describe("before the parser is loaded", () => {
  it("reads plain lines on the fast path", () => {
    expect(shellParserReady()).toBe(false);
    expect(analyseCommand("cat a && rm b", { cwd: "/w" })).toEqual({
      actions: [
        { type: "file.read", tool: "Bash", command: "cat a", source: "cat a", resource: "a" },
        { type: "file.delete", tool: "Bash", command: "rm b", source: "rm b", resource: "b" },
      ],
      unanalysable: null,
      commands: ["cat a", "rm b"],
    });
    // the inner text of a wrapper too
    expect(analyseCommand("bash -c 'rm b'").actions.map((a) => [a.type, a.resource])).toEqual([["file.delete", "b"]]);
  });

  it("fails closed on anything else, also when told not to use the plain reader", () => {
    const why = "the shell parser is not loaded";
    expect(analyseCommand("echo $HOME")).toEqual({
      actions: [{ type: "shell.exec", tool: "Bash", command: "echo $HOME", source: "echo $HOME", unsure: why }],
      unanalysable: why,
      commands: [],
    });
    expect(analyseCommand("cat a", { plain: false }).unanalysable).toBe(why);
    expect(analyseCommand("cat <<'EOF'\nx\nEOF").unanalysable).toBe(why);
  });
});
