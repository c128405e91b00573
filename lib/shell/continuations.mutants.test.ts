import { beforeAll, describe, expect, it } from "vitest";
import { analyseCommand } from "./analyse";
import { joinLineContinuations } from "./continuations";
import { loadShellParser } from "./parser";

// How the line-continuation reader joins each context, case by case (no bash here: the joined
// text of every case that is not `unsure` was checked against bash when written — bash prints
// the same running either text — and continuations.test.ts keeps bash as the oracle on
// generated lines). Written against the StrykerJS survivors of continuations.ts (QUALITY.md,
// module `shell-core`).
const BS_NL = "\\\n";

describe("joinLineContinuations: what is joined where", () => {
  it.each([
    // a backslash at the very end is kept
    ["printf x a\\", "printf x a\\", false],
    // in double quotes: an escaped quote does not end them
    [`printf x "a\\"b${BS_NL}c"`, `printf x "a\\"bc"`, false],
    [`printf x "\`printf r${BS_NL}s\`"`, 'printf x "`printf rs`"', false],
    [`printf x "$(printf r${BS_NL}s)" x${BS_NL}y`, 'printf x "$(printf rs)" xy', false],
    [`printf x "$(printf "r${BS_NL}s")"`, 'printf x "$(printf "rs")"', false],
    // backquotes close, then code again
    [`printf x \`printf r${BS_NL}s\` x${BS_NL}y`, "printf x `printf rs` xy", false],
    // literal: single quotes, $'…' (also after an escaped quote), comments, an escaped backslash
    [`echo 'a${BS_NL}b'`, `echo 'a${BS_NL}b'`, false],
    [`echo $'a${BS_NL}b'`, `echo $'a${BS_NL}b'`, false],
    [`echo $'a\\'${BS_NL}b'`, `echo $'a\\'${BS_NL}b'`, false],
    [`# note ${BS_NL}rm -rf /`, `# note ${BS_NL}rm -rf /`, false],
    [`ls # note ${BS_NL}rm -rf /`, `ls # note ${BS_NL}rm -rf /`, false],
    ["echo a\\\\\nrm x", "echo a\\\\\nrm x", false],
    // `#` inside a word, or after a join inside a word, is not a comment
    [`echo a#b${BS_NL}c`, "echo a#bc", false],
    [`echo a${BS_NL}#b${BS_NL}c`, "echo a#bc", false],
    // single quotes inside $( ) inside double quotes are quotes
    [`echo "$(echo 'a${BS_NL}b')"`, `echo "$(echo 'a${BS_NL}b')"`, false],
    // backquotes: bash removes every backslash-newline in the backquoted text before reading it,
    // in single quotes, $'…' and comments too; the text ends at the next backquote
    [`echo \`cat '.e${BS_NL}nv'\``, "echo `cat '.env'`", false],
    [`echo "\`echo 'a${BS_NL}b'\`"`, "echo \"`echo 'ab'`\"", false],
    [`echo \`echo $'a${BS_NL}b'\` 'c${BS_NL}d'`, `echo \`echo $'ab'\` 'c${BS_NL}d'`, false],
    [`echo \`echo a #c\` r${BS_NL}m`, "echo `echo a #c` rm", false],
    [`echo \`#c ${BS_NL}rm x\n\``, "echo `#c rm x\n`", false],
    [`echo \`printf a\`#x${BS_NL}y`, "echo `printf a`#xy", false],
    // other escapes in backquotes are no second level
    ["echo `echo a\\$\necho b`", "echo `echo a\\$\necho b`", false],
    ["echo `echo a\\\\b`", "echo `echo a\\\\b`", false],
    // `\\⏎` in backquotes joins in the inner reading (`r\\⏎m` runs rm): not followed, unsure
    [`echo \`r\\\\\nm x\``, `echo \`r\\\\\nm x\``, true],
    [`echo "$(echo \`r\\\\\nm x\`)"`, `echo "$(echo \`r\\\\\nm x\`)"`, true],
    [`echo r\\\\\nm x`, `echo r\\\\\nm x`, false],
    // $( ) counts its parentheses: a subshell, arithmetic
    [`printf x $( (printf a) ; printf r${BS_NL}s ) 'x${BS_NL}y'`, `printf x $( (printf a) ; printf rs ) 'x${BS_NL}y'`, false],
    [`printf x $(printf $((1+2)) ) r${BS_NL}s`, "printf x $(printf $((1+2)) ) rs", false],
    [`echo $((1+${BS_NL}2))`, "echo $((1+2))", false],
    [`echo \${x:-a${BS_NL}b}`, "echo ${x:-ab}", false],
    // `case` only as a word inside $( ), where its `)` would end the substitution early
    [`printf x $(printf showcase) r${BS_NL}s`, "printf x $(printf showcase) rs", false],
    [`echo $(cat a) r${BS_NL}s`, "echo $(cat a) rs", false],
    [`case x in x) printf r${BS_NL}s;; esac`, "case x in x) printf rs;; esac", false],
    [`echo $(case x in x) r${BS_NL}m;; esac)`, "echo $(case x in x) rm;; esac)", true],
    [`echo "$(echo $(case x in x) echo ;; esac) 'a${BS_NL}b')"`, `echo "$(echo $(case x in x) echo ;; esac) 'ab')"`, true],
    // comments: only where a word starts (also right after `$(`, `;`, `|`)
    ["printf x a # c", "printf x a # c", false],
    [`printf x a;#x${BS_NL}printf y b`, `printf x a;#x${BS_NL}printf y b`, false],
    [`printf x a|#x${BS_NL}printf y b`, `printf x a|#x${BS_NL}printf y b`, false],
    [`printf x $(printf a)#x${BS_NL}y`, "printf x $(printf a)#xy", false],
    [`echo $(x#y ${BS_NL}z)`, "echo $(x#y z)", false],
    // an escaped character is part of the word: no comment after it
    [`echo a\\ #x${BS_NL}y`, "echo a\\ #xy", false],
    [`echo \\;#x${BS_NL}y`, "echo \\;#xy", false],
    [`echo $(#x ${BS_NL}rm -rf /\n)`, `echo $(#x ${BS_NL}rm -rf /\n)`, false],
    [`echo $( #c ${BS_NL}rm x\n)`, `echo $( #c ${BS_NL}rm x\n)`, false],
    [`echo "$(#c ${BS_NL}rm x\n)"`, `echo "$(#c ${BS_NL}rm x\n)"`, false],
    // $'…' with an escaped backslash before its end
    [`echo $'a\\\\'r${BS_NL}m`, "echo $'a\\\\'rm", false],
    // here-strings are not here-documents
    [`cat <<<x${BS_NL}y`, "cat <<<xy", false],
    [`cat <<< 'a' ; printf r${BS_NL}s`, "cat <<< 'a' ; printf rs", false],
    // a quote ends a word part, no word: `'a'#x` is no comment
    [`echo 'a'#x${BS_NL}y`, "echo 'a'#xy", false],
    [`echo $'a'#x${BS_NL}y`, "echo $'a'#xy", false],
    // in single quotes a backslash is literal: `x'\\'` is complete
    [`echo x'\\' r${BS_NL}m`, "echo x'\\' rm", false],
    // `$` and `(` in double quotes are only a substitution together
    [`echo "$x a(b)" r${BS_NL}m`, 'echo "$x a(b)" rm', false],
    [`echo "a('x${BS_NL}y')"`, `echo "a('xy')"`, false],
    // a backquote in double quotes: its text is read to its end, then the double quotes go on
    [`echo "\`echo "'"\`" 'a${BS_NL}b'`, `echo "\`echo "'"\`" 'a${BS_NL}b'`, false],
    // the parentheses of a subshell in $( ) in double quotes: the substitution ends at its own `)`
    [`echo "$( (echo a) ; echo 'x${BS_NL}y' )"`, `echo "$( (echo a) ; echo 'x${BS_NL}y' )"`, false],
    // a subshell at the top level is no substitution (a later case is no case pattern in $( ))
    [`(echo a); case x in x) r${BS_NL}m;; esac`, "(echo a); case x in x) rm;; esac", false],
    // one `<` is a redirection, not a here-document
    [`cat < f\nr${BS_NL}m`, "cat < f\nrm", false],
    // unterminated: the reader lost track (what was joined before stays joined)
    [`echo 'a${BS_NL}b`, `echo 'a${BS_NL}b`, true],
    [`echo a${BS_NL}b 'x`, "echo ab 'x", true],
    [`echo a${BS_NL}b $'x`, "echo ab $'x", true],
    ["printf x $'abc", "printf x $'abc", true],
    ["printf x $(printf a", "printf x $(printf a", true],
    ['printf x "a', 'printf x "a', true],
    ["printf x `printf a", "printf x `printf a", true],
    ["cat <<", "cat <<", true],
    ["cat <<EOF", "cat <<EOF", true],
    [`cat <<E${BS_NL}OF\nx\nEOF`, "cat <<EOF\nx\nEOF", true],
  ] as [string, string, boolean][])("%j", (src, text, unsure) => {
    expect(joinLineContinuations(src)).toEqual({ text, unsure });
  });
});

describe("joinLineContinuations: here-document bodies", () => {
  it.each([
    // <<- strips leading tabs from the delimiter line (quoted body: kept as written)
    [`cat <<-'EOF'\n\tx${BS_NL}\tEOF\nprintf r${BS_NL}s`, `cat <<-'EOF'\n\tx${BS_NL}\tEOF\nprintf rs`],
    [`cat <<-'EOF'\n\t\tx\n\t\tEOF\nprintf r${BS_NL}s`, "cat <<-'EOF'\n\t\tx\n\t\tEOF\nprintf rs"],
    // only leading tabs, and only with <<-
    [`cat <<-'EOF'\nEO\tF\na${BS_NL}b\nEOF\n`, `cat <<-'EOF'\nEO\tF\na${BS_NL}b\nEOF\n`],
    [`cat <<'EOF'\n\tEOF\na${BS_NL}b\nEOF\n`, `cat <<'EOF'\n\tEOF\na${BS_NL}b\nEOF\n`],
    // a delimiter quoted in part quotes the body
    [`cat <<"E"OF\n$(r${BS_NL}m y)\nEOF\nls`, `cat <<"E"OF\n$(r${BS_NL}m y)\nEOF\nls`],
    // a backslash-quoted delimiter quotes the body
    [`cat <<\\EOF\na${BS_NL}b\nEOF\nprintf r${BS_NL}s`, `cat <<\\EOF\na${BS_NL}b\nEOF\nprintf rs`],
    // two bodies, read in order: the unquoted one joined, the quoted one not
    [`cat <<A <<'B'\na${BS_NL}b\nA\nc${BS_NL}d\nB\nprintf r${BS_NL}s`, `cat <<A <<'B'\nab\nA\nc${BS_NL}d\nB\nprintf rs`],
    // an escaped backslash at a body line's end joins nothing
    [`cat <<EOF\nx\\\\\nEOF\nprintf r${BS_NL}s`, `cat <<EOF\nx\\\\\nEOF\nprintf rs`],
    // a joined body line that is then empty, then the delimiter
    [`cat <<EOF\na${BS_NL}\nEOF\nprintf r${BS_NL}s`, "cat <<EOF\na\nEOF\nprintf rs"],
    // the delimiter word ends at `;`; the `#` after it is a comment
    [`cat <<EOF;#x${BS_NL}EOF\na\nEOF\nprintf r${BS_NL}s`, `cat <<EOF;#x${BS_NL}EOF\na\nEOF\nprintf rs`],
    [`cat <<EOF\n$(printf r${BS_NL}s)\nEOF`, "cat <<EOF\n$(printf rs)\nEOF"],
    // bodies that run to the end of the text: copied as they are, with or without a last newline
    ["cat <<EOF\nx\\", "cat <<EOF\nx\\"],
    ["cat <<EOF\nabc", "cat <<EOF\nabc"],
    ["cat <<EOF\na\nEOF", "cat <<EOF\na\nEOF"],
    ["cat <<EOF\na\nEOF\n", "cat <<EOF\na\nEOF\n"],
    ["cat <<EOF\na\n\nEOF\n\n", "cat <<EOF\na\n\nEOF\n\n"],
  ] as [string, string][])("%j", (src, text) => {
    expect(joinLineContinuations(src)).toEqual({ text, unsure: false });
  });
});

describe("continuations the gate reads as bash does", () => {
  beforeAll(() => loadShellParser());

  it("does not swallow the command on the next line", () => {
    // bash: the comment ends at the newline (no continuation in a comment), so rm runs
    for (const plain of [true, false]) {
      const a = analyseCommand(`echo $(#x ${BS_NL}rm -rf /\n)`, { plain });
      expect(a.unanalysable).toBeNull();
      expect(a.actions.map((x) => [x.type, x.command])).toEqual([
        ["file.delete", "rm -rf /"],
        ["shell.exec", `echo $(#x ${BS_NL}rm -rf /\n)`],
      ]);
    }
  });

  it("reads the file bash reads in single quotes inside backquotes", () => {
    // bash: `echo \`cat '.e\⏎nv'\`` prints .env
    for (const plain of [true, false]) {
      const a = analyseCommand(`echo \`cat '.e${BS_NL}nv'\``, { plain });
      expect(a.actions.map((x) => [x.type, x.resource])).toEqual([
        ["file.read", ".env"],
        ["shell.exec", undefined],
      ]);
    }
  });
});
