import { analyseCommand } from "@/lib/shell/analyse";
import type { DerivedAction } from "@/lib/shell/types";
import type { Action } from "./types";

export interface DeriveContext {
  /** the session's working directory (hook `cwd`): relative paths resolve against it */
  cwd?: string | null;
  /** every file a tool call touches (apply_patch), beyond `action.resource` */
  files?: { path: string; op: "write" | "delete" }[];
}

/**
 * The actions a tool call is made of: a shell command becomes the actions of its simple
 * commands (lib/shell); a multi-file patch one write per file; anything else stays itself.
 * Fields the caller gave (repository, environment, tool) carry over to derived actions that
 * have none of their own.
 */
export function deriveActions(action: Action, ctx: DeriveContext = {}): { actions: (Action | DerivedAction)[]; unanalysable: string | null } {
  const type = action.type.trim().toLowerCase();
  if (type === "shell.exec" && action.command) {
    const a = analyseCommand(action.command, { cwd: ctx.cwd });
    const inherit = (d: DerivedAction): DerivedAction => ({
      ...d,
      tool: action.tool ?? d.tool,
      ...(d.repository || !action.repository ? {} : { repository: action.repository }),
      ...(d.environment || !action.environment ? {} : { environment: action.environment }),
      ...(d.branch || !action.branch || d.type !== "shell.exec" ? {} : { branch: action.branch }),
    });
    const actions: (Action | DerivedAction)[] = a.actions.map(inherit);
    // Fields the caller named that no derived action carries are still checked (scope, rules).
    if (action.resource || action.endpoint) {
      const { command: _c, ...rest } = action;
      actions.push(rest);
    }
    return { actions, unanalysable: a.unanalysable };
  }
  const out: Action[] = [action];
  for (const f of ctx.files ?? []) {
    if (f.path === action.resource && f.op === "write") continue;
    out.push({ ...action, type: f.op === "delete" ? "file.delete" : "file.write", resource: f.path });
  }
  return { actions: out, unanalysable: null };
}
