/**
 * Line continuations: bash removes a backslash-newline before it splits words, so `r\⏎m -rf /`
 * runs `rm` and `cat .e\⏎nv` reads `.env`. tree-sitter-bash reads the pair as a word break
 * (`r m`, `.e nv`), so the line is joined first, the way bash's reader joins it:
 *
 * - everywhere in code, in double quotes, `$( )`, `${ }` and unquoted here-document bodies
 *   (where the joined line is also what ends the body), and anywhere inside backquotes (bash
 *   removes them from the backquoted text before it reads it, in its quotes and comments too);
 * - elsewhere never in single quotes, `$'…'`, quoted here-document bodies or comments (a comment
 *   ends at the newline: `# x \⏎rm -rf /` runs rm);
 * - `\\` is an escaped backslash: `a\\⏎b` is two lines.
 *
 * `unsure` is set when the reader lost track (an unterminated quote or substitution, a `case`
 * pattern's `)` inside `$( )`…): the caller then fails closed, as for any text it cannot read.
 * Checked against bash itself by a differential test (continuations.test.ts).
 */
export function joinLineContinuations(src: string): { text: string; unsure: boolean } {
  const n = src.length;
  let out = "";
  let from = 0; // src[from, i) is still to be copied to out
  /** code (top level), "D" double quotes, "B" backquotes, a number: `$(` with that paren depth */
  const stack: ("N" | "D" | "B" | number)[] = ["N"];
  let prev = "\n"; // the last logical character (after joining): decides where a word starts
  const heredocs: { delim: string; quoted: boolean; strip: boolean }[] = [];
  let unsure = false;
  let i = 0;

  const join = () => {
    out += src.slice(from, i);
    i += 2;
    from = i;
  };

  while (i < n) {
    const c = src[i];
    const top = stack[stack.length - 1];
    if (c === "\\") {
      if (src[i + 1] === "\n") {
        join();
        continue;
      }
      // in backquotes `\\` is one backslash for the inner reading, where `\\⏎` then joins
      // (`r\\⏎m` runs rm): a second level this reader does not follow
      if (src[i + 1] === "\\" && src[i + 2] === "\n" && stack.includes("B")) unsure = true;
      prev = c; // an escaped character is part of a word: `a\ #x` and `\;#x` are no comments
      i += 2;
      continue;
    }
    if (top === "D") {
      if (c === '"') stack.pop();
      else if (c === "`") stack.push("B");
      else if (c === "$" && src[i + 1] === "(") {
        stack.push(1);
        i++;
      }
      prev = src[i];
      i++;
      continue;
    }
    if (top === "B") {
      // `…` ends at the next unescaped backquote, and bash removes every backslash-newline in it
      // before reading it as code: in single quotes and comments too (`cat '.e\⏎nv'` reads .env)
      if (c === "`") stack.pop();
      prev = c;
      i++;
      continue;
    }
    // code: the top level or `$( )`
    if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) return { text: out + src.slice(from), unsure: true };
      prev = "'";
      i = close + 1;
      continue;
    }
    if (c === "$" && src[i + 1] === "'") {
      let j = i + 2;
      while (j < n && src[j] !== "'") j += src[j] === "\\" ? 2 : 1;
      if (j >= n) return { text: out + src.slice(from), unsure: true };
      prev = "'";
      i = j + 1;
      continue;
    }
    if (c === "#" && WORD_BREAK.includes(prev)) {
      const eol = src.indexOf("\n", i);
      i = eol < 0 ? n : eol; // the newline itself is read below
      prev = "#";
      continue;
    }
    if (c === '"') stack.push("D");
    else if (c === "`") stack.push("B");
    else if (c === "$" && src[i + 1] === "(") {
      stack.push(1);
      prev = "("; // a word starts after `$(`: `$(#…` is a comment, `$(case` a case
      i += 2;
      continue;
    } else if (typeof top === "number" && c === "c" && src.startsWith("case", i) && WORD_BREAK.includes(prev)) {
      unsure = true; // a case pattern's unpaired `)` would end the `$(` early: the count is no longer bash's
    } else if (typeof top === "number" && c === "(") stack[stack.length - 1] = top + 1;
    else if (typeof top === "number" && c === ")") {
      if (top === 1) {
        stack.pop();
        prev = "$"; // `$( )` is part of a word: `$(a)#b` is no comment
        i++;
        continue;
      }
      stack[stack.length - 1] = top - 1;
    } else if (c === "<" && src[i + 1] === "<" && src[i + 2] === "<") {
      prev = "<";
      i += 3; // a here-string
      continue;
    } else if (c === "<" && src[i + 1] === "<") {
      const m = HEREDOC_OP.exec(src.slice(i, i + 2 + 256));
      if (!m || m[2].includes("\\\n")) unsure = true;
      else {
        heredocs.push({ delim: m[2].replace(/['"\\]/g, ""), quoted: /['"\\]/.test(m[2]), strip: m[1] === "-" });
        prev = m[2][m[2].length - 1];
        i += m[0].length;
        continue;
      }
    } else if (c === "\n" && heredocs.length > 0) {
      out += src.slice(from, i + 1);
      i = from = readHeredocBodies(i + 1);
      prev = "\n";
      continue;
    }
    prev = c;
    i++;
  }
  if (stack.length !== 1 || heredocs.length > 0) unsure = true;
  return { text: out + src.slice(from), unsure };

  /** Reads the pending here-document bodies from `at` (a line start); returns where code resumes. */
  function readHeredocBodies(at: number): number {
    for (const h of heredocs.splice(0)) {
      while (at < n) {
        let line = "";
        let j = at;
        // one logical line: in an unquoted body, backslash-newline joins (and `\\` is one escape)
        for (;;) {
          const eol = src.indexOf("\n", j);
          const end = eol < 0 ? n : eol;
          if (h.quoted) {
            line += src.slice(j, end);
            j = end;
            break;
          }
          let k = j;
          let joined = false;
          while (k < end) {
            if (src[k] === "\\") {
              if (k + 1 === end && end < n) {
                joined = true;
                break;
              }
              k += 2;
            } else k++;
          }
          if (!joined) {
            line += src.slice(j, end);
            j = end;
            break;
          }
          line += src.slice(j, k);
          j = k + 2;
        }
        out += line + (j < n ? "\n" : "");
        at = j < n ? j + 1 : n;
        if ((h.strip ? line.replace(/^\t+/, "") : line) === h.delim) break;
      }
    }
    return at;
  }
}

const WORD_BREAK = " \t\n;&|()<>";
/** `<<` or `<<-`, blanks, then the delimiter word (quoted in parts or not) */
const HEREDOC_OP = /^<<(-?)[ \t]*((?:'[^']*'|"[^"]*"|\\[^]|[^\s;&|<>()'"\\])+)/;
