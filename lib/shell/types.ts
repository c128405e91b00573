import type { Action } from "@/lib/policy/types";

/** One word of a command after quote removal; `dynamic` when it contains an expansion. */
export interface Word {
  text: string;
  dynamic: boolean;
  /** unquoted glob or brace characters: the shell expands it to names we cannot know */
  glob: boolean;
}

/** An action derived from one simple command of a shell line. */
export interface DerivedAction extends Action {
  /** the simple command it came from (program and arguments, after quote removal) */
  source: string;
  /** network: a file or stdin is sent */
  upload?: boolean;
  /** git push: --force, --mirror, --delete or a `+` refspec */
  force?: boolean;
  /** a value the analyser could not read with confidence (expansion, glob, unknown directory) */
  unsure?: string;
}

export interface ShellContext {
  /** the workspace root (the hook's cwd), absolute; null when unknown */
  root: string | null;
  /** the current directory relative to root ("" = root), absolute when outside, null when unknown */
  dir: string | null;
  depth: number;
}

export interface Analysis {
  actions: DerivedAction[];
  /** why the line cannot be analysed with confidence (parse error, budget, dynamic name…); null when it can */
  unanalysable: string | null;
  /** the simple commands found, in order */
  commands: string[];
}

export const LIMITS = {
  /**
   * characters parsed; longer lines are not parsed (gated, or forbidden on a secret pattern).
   * 4 KB keeps a parse near the 1 ms budget on a busy 2-core machine (BENCHMARKS.md); longer
   * files are written with the Write tool, not a here-doc.
   */
  maxBytes: 4 * 1024,
  /** nested `bash -c` / `eval` / `ssh host cmd` levels */
  maxDepth: 6,
  /** syntax nodes visited per tool call */
  maxNodes: 20_000,
  /** derived actions per tool call */
  maxActions: 500,
} as const;
