// The line as one shell.exec action, matched whole against the globs: the path before issue 14.
import type { Analysis } from "@/lib/shell/types";

export function analyseCommand(command: string): Analysis {
  return { actions: [{ type: "shell.exec", tool: "Bash", command, source: command }], unanalysable: null, commands: [command] };
}
