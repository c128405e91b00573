import { describe, expect, it } from "vitest";
import { plainCommands, withoutQuotedHeredocBody } from "./plain";

// What the plain reader accepts, word for word, and what it leaves to tree-sitter: the
// differential tests only require that accepted lines analyse as tree-sitter reads them, so a
// reader that gave up on every line would pass them (the fast path gone, ~100 µs a quoted KB).
// Each case here fails on a StrykerJS mutant of plain.ts (QUALITY.md, module `shell-plain`).
const w = (...words: string[][]) => words.map((c) => c.map((text) => ({ text, dynamic: false, glob: false })));

describe("plainCommands: plain lines take the fast path", () => {
  it.each([
    ["npm test -- --run", [["npm", "test", "--", "--run"]]],
    ["a && b | c; d\ne || f", [["a"], ["b"], ["c"], ["d"], ["e"], ["f"]]],
    [`git commit -m 'fix: x y' -m "body text"`, [["git", "commit", "-m", "fix: x y", "-m", "body text"]]],
    ["ls\t-la  /tmp", [["ls", "-la", "/tmp"]]],
    ["a &&\n\n b ||\n c |\n d", [["a"], ["b"], ["c"], ["d"]]],
    ["\n\nls\n\n", [["ls"]]],
    [`echo a'b c'"d e"f`, [["echo", "ab cd ef"]]],
    ["cp a_b.c/d:e,f@h%i^j+k~l-m x", [["cp", "a_b.c/d:e,f@h%i^j+k~l-m", "x"]]],
    ["a;b", [["a"], ["b"]]],
    ["x -n", [["x", "-n"]]],
  ] as [string, string[][]][])("%j", (line, commands) => {
    expect(plainCommands(line)).toEqual(w(...commands));
  });
});

describe("plainCommands: anything else is left to tree-sitter (null)", () => {
  it.each([
    "a &",
    "a &> f",
    "a |& b",
    "; a",
    "a ;; b",
    "a && ; b",
    "a &&",
    "a |",
    "| a",
    "&& a",
    `"ls" -l`,
    "'ls'",
    "export X=1",
    "if true",
    "FOO=bar cmd",
    "cmd FOO=1",
    "cmd X+=1",
    "echo $HOME",
    `echo "$x"`,
    'echo "a`b`"',
    `echo "a\\"b"`,
    "echo 'open",
    `echo "open`,
    "echo a\\ b",
    "ls > f",
    "ls *",
    "ls #x",
    "ls (x)",
    "é",
  ])("%j", (line) => {
    expect(plainCommands(line)).toBeNull();
  });
});

describe("withoutQuotedHeredocBody", () => {
  const body = "line with $(code) and `more` \\ text\n".repeat(10); // > 256 characters
  it("leaves out a long quoted here-document's body, keeping the line and what follows", () => {
    expect(withoutQuotedHeredocBody(`cat > f <<'EOF'\n${body}EOF\nls`)).toBe("cat > f <<'EOF'\nEOF\nls");
    expect(withoutQuotedHeredocBody(`cat > f << "END_1"\n${body}END_1`)).toBe(`cat > f << "END_1"\nEND_1`);
    // <<- strips leading tabs of the delimiter line
    expect(withoutQuotedHeredocBody(`cat <<-'EOF'\n${body}\t\tEOF\n`)).toBe("cat <<-'EOF'\n\t\tEOF\n");
  });
  it.each([
    ["a short body", `cat <<'EOF'\nshort\nEOF`],
    ["an unquoted delimiter", `cat <<EOF\n${body}EOF`],
    ["no here-document", "cat f"],
    ["two of them", `cat <<'A' <<'B'\n${body}A\n${body}B`],
    ["a here-string", `cat <<<'x' <<'EOF'\n${body}EOF`],
    ["a quote before the operator", `echo 'x' <<'EOF'\n${body}EOF`],
    ["a line break before the operator", `ls\ncat <<'EOF'\n${body}EOF`],
    ["no line after the operator", "cat <<'EOF'"],
    ["a line that only looks like the delimiter", `cat <<'EOF'\n${body}EOFX\n${body}EOF`],
    ["an indented delimiter without <<-", `cat <<'EOF'\n${body}  EOF\n${body}EOF`],
    ["no end", `cat <<'EOF'\n${body}`],
  ])("null for %s", (_what, line) => {
    expect(withoutQuotedHeredocBody(line)).toBeNull();
  });
});

describe("plain reader: more edges", () => {
  it("an empty or blank line is no command; operators right after a word are read", () => {
    expect(plainCommands("")).toEqual([]);
    expect(plainCommands("  \n\t ")).toEqual([]);
    expect(plainCommands("a&&b|c||d")).toEqual(w(["a"], ["b"], ["c"], ["d"]));
  });
  it.each(["a & b", 'echo "a\\b"'])("%j is left to tree-sitter", (line) => {
    expect(plainCommands(line)).toBeNull();
  });
  const body = "line with $(code) and `more` \\ text\n".repeat(10);
  it("here-documents: at the start of the line, a tab inside a line is kept, a blank inside a line does not end the body", () => {
    expect(withoutQuotedHeredocBody(`<<'EOF' cat\n${body}EOF`)).toBe("<<'EOF' cat\nEOF");
    expect(withoutQuotedHeredocBody(`cat <<-'EOF'\n${body}E\tOF\n${body}EOF`)).toBe("cat <<-'EOF'\nEOF");
    expect(withoutQuotedHeredocBody(`cat <<'EOF'\n${body}E OF\n${body}EOF`)).toBe("cat <<'EOF'\nEOF");
  });
  it("here-documents: a body of 255 characters is cut, a shorter one is not, however long the line before it", () => {
    const b255 = "x".repeat(254) + "\n";
    expect(withoutQuotedHeredocBody(`cat <<'EOF'\n${b255}EOF`)).toBe("cat <<'EOF'\nEOF");
    expect(withoutQuotedHeredocBody(`cat <<'EOF'\n${b255.slice(1)}EOF`)).toBeNull();
    expect(withoutQuotedHeredocBody(`cat ${"x".repeat(300)} <<'EOF'\nshort\nEOF`)).toBeNull();
  });
  it("here-documents: without <<- a tab-indented delimiter does not end the body", () => {
    expect(withoutQuotedHeredocBody(`cat <<'EOF'\n${body}\tEOF`)).toBeNull();
  });
});
