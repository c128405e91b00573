import { commandActions } from "./commands";
import { joinLineContinuations } from "./continuations";
import { parseShell } from "./parser";
import { plainCommands, withoutQuotedHeredocBody } from "./plain";
import { changeDir, resolvePath } from "./paths";
import { secretHint } from "./secrets";
import { type SyntaxNode as Node, toSyntaxTree } from "./syntax";
import { LIMITS, type Analysis, type DerivedAction, type ShellContext, type Word } from "./types";

/**
 * Analyses a shell line: parses it with tree-sitter-bash, walks the whole tree (lists,
 * pipelines, subshells, groups, substitutions, here-docs, functions, loops, conditionals,
 * redirections, assignments) and derives the actions of every simple command, descending into
 * wrappers whose arguments are commands (see commands.ts). PURE apart from the loaded parser.
 *
 * Whatever cannot be read with confidence sets `unanalysable` (the engine never lets such a
 * line be free); a secret pattern anywhere in such a line adds a `secret.read`.
 */
export function analyseCommand(
  command: string,
  opts: { cwd?: string | null; /** false: always tree-sitter (the differential test) */ plain?: boolean } = {},
): Analysis {
  const root = opts.cwd && opts.cwd.startsWith("/") ? opts.cwd : null;
  const run = new Run(opts.plain ?? true);
  // bash's own reading first: `r\⏎m` is `rm` (the secret hint below reads the joined text too)
  if (command.includes("\\\n")) command = run.joined(command);
  run.analyse(command, { root, dir: "", depth: 0 });
  const unsure = run.unanalysable !== null || run.actions.some((a) => a.unsure);
  if (unsure) {
    // Not read with confidence: a secret named anywhere in the line makes it forbidden.
    const hint = secretHint(command, run.unanalysable === null);
    if (hint) run.actions.push({ type: "secret.read", tool: "Bash", command: clip(command), resource: hint, source: clip(command) });
    if (run.actions.length === 0)
      run.actions.push({ type: "shell.exec", tool: "Bash", command: clip(command), source: clip(command), unsure: run.unanalysable ?? undefined });
  }
  return { actions: run.actions, unanalysable: run.unanalysable, commands: run.commands };
}

const clip = (s: string) => (s.length > 2000 ? s.slice(0, 2000) + "…" : s);

export class Run {
  actions: DerivedAction[] = [];
  commands: string[] = [];
  unanalysable: string | null = null;
  private nodes = 0;

  /** `plain`: read plain lines without the parser (plain.ts); the parser reads everything else */
  constructor(private readonly plain = true) {}

  fail(why: string) {
    this.unanalysable ??= why;
  }

  emit(a: DerivedAction) {
    if (this.actions.length >= LIMITS.maxActions) return this.fail(`more than ${LIMITS.maxActions} actions`);
    this.actions.push(a);
  }

  /** The text with its line continuations joined as bash joins them (continuations.ts). */
  joined(source: string): string {
    const j = joinLineContinuations(source);
    if (j.unsure) this.fail("a line continuation the reader cannot place");
    return j.text;
  }

  /** Parses and walks one shell text (the tool call's, or the inner one of `bash -c`, `eval`…). */
  analyse(source: string, ctx: ShellContext) {
    if (ctx.depth > LIMITS.maxDepth) return this.fail(`nested deeper than ${LIMITS.maxDepth} levels`);
    if (source.length > LIMITS.maxBytes) return this.fail(`longer than ${LIMITS.maxBytes} bytes`);
    if (ctx.depth > 0 && source.includes("\\\n")) source = this.joined(source);
    const plain = this.plain ? plainCommands(source) : null;
    if (plain) {
      for (const argv of plain) this.simple(argv, ctx);
      return;
    }
    const short = this.plain ? withoutQuotedHeredocBody(source) : null;
    const tree = parseShell(short ?? source);
    if (!tree) return this.fail("the shell parser is not loaded");
    let root: Node | null;
    try {
      if (tree.rootNode.hasError) this.fail("the command does not parse");
      root = toSyntaxTree(tree, short ?? source, LIMITS.maxNodes);
    } finally {
      tree.delete();
    }
    if (!root) return this.fail(`more than ${LIMITS.maxNodes} syntax nodes`);
    this.visit(root, ctx);
  }

  private visit(n: Node, ctx: ShellContext) {
    if (++this.nodes > LIMITS.maxNodes) return this.fail(`more than ${LIMITS.maxNodes} syntax nodes`);
    switch (n.type) {
      case "ERROR":
        return this.fail("the command does not parse");
      case "command":
        return this.command(n, ctx);
      case "file_redirect":
        return this.redirect(n, ctx);
      case "declaration_command":
        return this.declaration(n, ctx);
      case "word":
      case "number":
      case "raw_string":
      case "comment":
      case "variable_name":
      case "heredoc_start":
      case "heredoc_end":
      case "heredoc_content":
      case "string_content":
        return;
    }
    for (const c of n.namedChildren) if (c) this.visit(c, ctx);
  }

  private command(n: Node, ctx: ShellContext) {
    const argv: Word[] = [];
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === "command_name") argv.unshift(...c.namedChildren.filter((x): x is Node => x !== null).map(wordOf));
      else if (c.type === "variable_assignment") continue;
      else if (c.type === "file_redirect" || c.type === "herestring_redirect" || c.type === "heredoc_redirect") continue;
      else argv.push(wordOf(c));
    }
    // Substitutions, assignments and redirections inside the command are commands/actions too.
    for (const c of n.namedChildren) if (c && c.type !== "command_name") this.visit(c, ctx);
    const name = n.childForFieldName("name");
    if (name) for (const c of name.namedChildren) if (c) this.visit(c, ctx);
    this.simple(argv, ctx);
  }

  /** One simple command (argv after quote removal), from the tree or from a wrapper. */
  simple(argv: Word[], ctx: ShellContext) {
    if (argv.length === 0) return;
    const text = argv.map((w) => w.text).join(" ");
    this.commands.push(text);
    if (argv[0].dynamic) {
      this.fail(`the command name is built from an expansion (${argv[0].text})`);
      this.emit({ type: "shell.exec", tool: "Bash", command: text, source: text, unsure: "dynamic command name" });
      return;
    }
    const prog = argv[0].text;
    if (prog === "cd" || prog === "pushd") {
      const arg = argv.slice(1).find((w) => !w.text.startsWith("-") || w.text === "-");
      ctx.dir = arg?.dynamic ? null : changeDir(arg?.text, ctx);
      this.emit({ type: "shell.exec", tool: "Bash", command: text, source: text });
      return;
    }
    if (prog === "popd") {
      ctx.dir = null;
      return;
    }
    commandActions(this, argv, text, ctx);
  }

  private redirect(n: Node, ctx: ShellContext) {
    let op = "";
    for (const c of n.children) if (c && !c.isNamed) op += c.type;
    const dest = n.childForFieldName("destination");
    for (const c of n.namedChildren) if (c && c !== dest && c.type !== "file_descriptor") this.visit(c, ctx);
    if (!dest) return;
    // tree-sitter-bash takes the words after a redirection's file for part of it (`cat 2>/dev/null
    // .env`); bash gives them to the command, which this walk does not: not read with confidence
    if (n.namedChildren.some((c) => c !== dest && c.type !== "file_descriptor")) this.fail("a word after a redirection's file");
    if (dest.type !== "number") this.visit(dest, ctx);
    if (op.endsWith("&") && dest.type === "number") return; // 2>&1, >&2: a descriptor (but `&>2` writes the file 2)
    const w = wordOf(dest);
    const write = op.includes(">");
    const read = op.includes("<");
    this.fileRedirect(w, write, read, ctx);
  }

  fileRedirect(w: Word, write: boolean, read: boolean, ctx: ShellContext) {
    const source = (write ? "> " : "< ") + w.text;
    const tcp = /^\/dev\/(tcp|udp)\/([^/]+)\/(\d+)/.exec(w.text);
    if (tcp) {
      this.emit({ type: "network.request", tool: "Bash", endpoint: `${tcp[1]}://${tcp[2]}:${tcp[3]}`, command: source, source, upload: write });
      return;
    }
    if (w.dynamic || w.glob) {
      this.emit({ type: write ? "file.write" : "file.read", tool: "Bash", resource: w.text, command: source, source, unsure: "the file name is an expansion" });
      return;
    }
    const base = { tool: "Bash", command: source, source };
    if (read) this.fileRedirectLike("file.read", w, base, ctx);
    if (write) this.fileRedirectLike("file.write", w, base, ctx);
  }

  /** A literal path operand: resolved against the current directory, then emitted. */
  fileRedirectLike(type: string, w: Word, base: Omit<DerivedAction, "type">, ctx: ShellContext) {
    const r = resolvePath(w.text, ctx);
    if (!r) return;
    if (/^\/proc\/[^/]+\/environ$/.test(r.path)) return this.emit({ ...base, type: "env.dump", resource: r.path });
    this.emit({ ...base, type, resource: r.path, ...(r.unsure ? { unsure: r.unsure } : {}) });
  }

  private declaration(n: Node, ctx: ShellContext) {
    const words = n.namedChildren.filter((c): c is Node => c !== null);
    const kw = n.firstChild?.type ?? "";
    const args = words.filter((c) => c.type !== "variable_assignment");
    const flags = args.map((a) => a.text);
    // `export`, `export -p`, `export -n`, `declare -p`, `declare -x`, `declare -g`, `declare +x`,
    // `typeset` alone print the environment, also with a `--` (`export --`, `declare -x --`);
    // `readonly`, `readonly -p`, `local`, `local -p` print the read-only or local variables, and
    // with no name any option but -f/-F (functions) and -n (namerefs: names) lists the variables that have it
    // (`declare -r`, `-i`, `-a`).
    const prints =
      words.every((c) => c.type !== "variable_assignment" && c.type !== "variable_name") && flags.every((f) => /^[-+][a-zA-Z]*$/.test(f) || f === "--");
    const options = flags.filter((f) => f !== "--");
    const lists = kw === "export" ? /[pn]/ : /[^-+fFn]/;
    if (prints && (options.length === 0 || options.some((f) => lists.test(f)))) {
      const text = [kw, ...flags].join(" ");
      this.commands.push(text);
      this.emit({ type: "env.dump", tool: "Bash", command: text, source: text });
    }
    for (const c of words) this.visit(c, ctx);
  }
}

const DQ_ESCAPE = /\\([$`"\\\n])/g;

/** The word after quote removal; expansions make it dynamic (their text is kept). */
export function wordOf(n: Node): Word {
  switch (n.type) {
    case "word": {
      const t = n.text;
      return { text: t.replace(/\\(.)/gs, "$1"), dynamic: false, glob: /(^|[^\\])[*?[]/.test(t) || /\{[^}]*,/.test(t) };
    }
    case "number":
      return { text: n.text, dynamic: false, glob: false };
    case "raw_string":
      return { text: n.text.slice(1, -1), dynamic: false, glob: false };
    case "string": {
      const dynamic = n.namedChildren.some((c) => c !== null && c.type !== "string_content");
      return { text: n.text.slice(1, -1).replace(DQ_ESCAPE, "$1"), dynamic, glob: false };
    }
    case "concatenation": {
      const parts = n.namedChildren.filter((c): c is Node => c !== null).map(wordOf);
      const dyn = parts.some((p) => p.dynamic);
      return { text: parts.map((p) => p.text).join(""), dynamic: dyn, glob: parts.some((p) => p.glob) || /\{[^}]*,/.test(n.text) };
    }
    default:
      // $x, ${x}, $(…), `…`, <(…), $'…', $"…", $((…)), {a,b}: not a literal
      return { text: n.text, dynamic: true, glob: false };
  }
}
