import { expect } from "vitest";
import { analyseCommand } from "@/lib/shell/analyse";
import type { DerivedAction } from "@/lib/shell/types";

/** An expected action of a Bash line: without `tool` and `source` (always "Bash" and the same as `command`). */
export type ExpectedAction = Omit<DerivedAction, "tool" | "source">;

/**
 * Checks what the analyser reads `line` as, on both readers (the plain fast path and tree-sitter
 * alone): its simple commands, its actions and whether it is unanalysable (and why).
 */
export function expectReading(line: string, commands: string[], expected: ExpectedAction[], unanalysable?: string) {
  for (const plain of [true, false])
    expect(analyseCommand(line, { cwd: "/w", plain }), `${JSON.stringify(line)} plain=${plain}`).toEqual({
      actions: expected.map((e) => ({ tool: "Bash", source: e.command, ...e })),
      unanalysable: unanalysable ?? null,
      commands,
    });
}
