import type { Word } from "./types";

/**
 * A fast reading of PLAIN shell lines — the bulk of what agents run (`npm test -- --run`,
 * `git commit -m "…"`, `a && b | c`) — without the WebAssembly parser, whose cost grows with the
 * length of quoted text (a 1 KB commit message: ~100 µs to parse). A line is plain when it is only
 * literal words (unquoted `[A-Za-z0-9_./:,=@%^+~-]`, single-quoted text, double-quoted text with
 * no `$`, backquote or backslash) separated by blanks, `;`, newlines, `&&`, `||` and `|`. Anything
 * else — expansions, redirections, globs, braces, comments, assignments, keywords, escapes, an
 * operator out of place — returns null and the line goes to tree-sitter. For a plain line the
 * simple commands are exactly what tree-sitter-bash reads (a differential test over the corpus and
 * generated lines holds this: lib/shell/plain.test.ts).
 */
export function plainCommands(source: string): Word[][] | null {
  const commands: Word[][] = [];
  let argv: Word[] = [];
  let i = 0;
  const n = source.length;
  /** an operator was just read: a command must follow (newlines may come first) */
  let needCommand = false;
  while (i < n) {
    const ch = source.charCodeAt(i);
    if (ch === 32 || ch === 9) {
      i++;
      continue;
    }
    if (ch === 59 /* ; */ || ch === 10 /* \n */) {
      if (ch === 59 && argv.length === 0) return null; // `;;`, `; a`, `&& ;`
      if (ch === 10 && argv.length === 0) {
        i++;
        continue; // blank line, or a line break after && || |
      }
      if (needCommand) return null;
      commands.push(argv);
      argv = [];
      i++;
      continue;
    }
    if (ch === 38 /* & */ || ch === 124 /* | */) {
      const next = source.charCodeAt(i + 1);
      const double = next === ch;
      if (ch === 38 && !double) return null; // background job, &>, >&
      if (ch === 124 && next === 38) return null; // |&
      if (argv.length === 0) return null;
      commands.push(argv);
      argv = [];
      needCommand = true;
      i += double ? 2 : 1;
      continue;
    }
    const word = readWord(source, i);
    if (!word) return null;
    if (argv.length === 0 && !startsCommand(word.text, word.quoted)) return null;
    // NAME=value anywhere: tree-sitter may read it as an assignment (even after a stray `-`)
    if (ASSIGNMENT.test(source.slice(i, word.end))) return null;
    argv.push({ text: word.text, dynamic: false, glob: false });
    needCommand = false;
    i = word.end;
  }
  if (needCommand) return null; // `a &&` at the end
  if (argv.length) commands.push(argv);
  return commands;
}

/** Character codes of unquoted literal word characters: [A-Za-z0-9_./:,=@%^+~-] */
const UNQUOTED = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:,=@%^+~-") UNQUOTED[c.charCodeAt(0)] = 1;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

/** One word (quotes removed) starting at `at`, or null when it is not plain. */
function readWord(s: string, at: number): { text: string; end: number; quoted: boolean } | null {
  let text = "";
  let i = at;
  let quoted = false;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 39 /* ' */) {
      const close = s.indexOf("'", i + 1);
      if (close < 0) return null;
      text += s.slice(i + 1, close);
      i = close + 1;
      quoted = true;
    } else if (c === 34 /* " */) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = s.charCodeAt(j);
        if (d === 34) break;
        if (d === 36 /* $ */ || d === 96 /* ` */ || d === 92 /* \ */) return null;
      }
      if (j >= n) return null;
      text += s.slice(i + 1, j);
      i = j + 1;
      quoted = true;
    } else if (c < 128 && UNQUOTED[c] === 1) {
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (d < 128 && UNQUOTED[d] === 1) j++;
        else break;
      }
      text += s.slice(i, j);
      i = j;
    } else if (c === 32 || c === 9 || c === 10 || c === 59 || c === 38 || c === 124) {
      break; // blank, newline, ; & |
    } else return null; // $ ` \ < > ( ) { } [ ] * ? # ! and anything else
  }
  return i > at ? { text, end: i, quoted } : null;
}

/** Reserved words and declaration builtins: tree-sitter reads them as syntax, not a command. */
const NOT_A_PLAIN_COMMAND = new Set([
  "if",
  "then",
  "else",
  "elif",
  "fi",
  "for",
  "while",
  "until",
  "do",
  "done",
  "case",
  "esac",
  "in",
  "function",
  "select",
  "time",
  "coproc",
  "export",
  "declare",
  "typeset",
  "local",
  "readonly",
  "unset",
]);

function startsCommand(name: string, quoted: boolean): boolean {
  if (quoted) return false; // `"ls"` is a string node to tree-sitter; keep it on the parser
  if (NOT_A_PLAIN_COMMAND.has(name)) return false;
  if (name.includes("=")) return false; // FOO=bar cmd (and tree-sitter reads even --a=b as one)
  return name.length > 0;
}

/**
 * A line with one here-document whose delimiter is quoted (`cat > notes.md <<'EOF'` … `EOF`), with
 * the body left out: a quoted here-document is literal text (no expansion, nothing in it runs as
 * part of this line), and parsing it is most of the cost of such a line (~100 ns a character).
 * What reads the body as code (`bash <<'EOF'`) is unsure either way, and the secret patterns are
 * still looked for in the whole original line. Null when the line is not plainly such a case: the
 * text before `<<` must hold no quote, escape or substitution (so the `<<` is an operator, not
 * text), there is one `<<` and no `<<<`, and the body ends at a line that is the delimiter.
 */
export function withoutQuotedHeredocBody(source: string): string | null {
  const op = source.indexOf("<<");
  if (op < 0 || source.indexOf("<<", op + 2) >= 0 || source.includes("<<<")) return null;
  const before = source.slice(0, op);
  if (/['"\\`$#\n]/.test(before)) return null;
  const m = /^<<(-?)[ \t]*(['"])([A-Za-z0-9_.-]+)\2/.exec(source.slice(op));
  if (!m) return null;
  const firstBreak = source.indexOf("\n", op + m[0].length);
  if (firstBreak < 0) return null;
  const strip = m[1] === "-";
  let at = firstBreak + 1;
  while (at <= source.length) {
    let end = source.indexOf("\n", at);
    if (end < 0) end = source.length;
    const line = strip ? source.slice(at, end).replace(/^\t+/, "") : source.slice(at, end);
    if (line === m[3]) {
      if (at - firstBreak < 256) return null; // short: not worth it
      return source.slice(0, firstBreak + 1) + source.slice(at);
    }
    // a line that only looks like the delimiter (EOFX, "EOF ", indented EOF): tree-sitter-bash
    // ends the body there (bash does not) and reports a parse error; leave it to the parser,
    // which fails closed
    if (line.replace(/^[ \t]+/, "").startsWith(m[3])) return null;
    at = end + 1;
  }
  return null; // unterminated: the parser says so
}
