import { beforeAll, describe, expect, it } from "vitest";
import { analyseCommand } from "./analyse";
import { loadShellParser } from "./parser";
import type { Analysis, DerivedAction } from "./types";
import { LIMITS } from "./types";

// What the analyser reads a line as, action by action: the programs, files, network endpoints
// and environment dumps of each simple command, the commands found, and why a line is not read
// with confidence. Each case runs on both readers (the plain fast path and tree-sitter alone), so
// the tree walk is checked even where the plain reader takes the line. Written against the
// StrykerJS survivors of analyse.ts (QUALITY.md, module `shell-core`).

/** An action of the simple command (or redirection) `command`. */
const act = (type: string, command: string, extra: Partial<DerivedAction> = {}): DerivedAction => ({
  type,
  tool: "Bash",
  command,
  source: command,
  ...extra,
});
const exec = (command: string, extra: Partial<DerivedAction> = {}) => act("shell.exec", command, extra);
const read = (command: string, resource: string, extra: Partial<DerivedAction> = {}) => act("file.read", command, { resource, ...extra });
const write = (command: string, resource: string, extra: Partial<DerivedAction> = {}) => act("file.write", command, { resource, ...extra });
const del = (command: string, resource: string) => act("file.delete", command, { resource });
const ok = (commands: string[], ...actions: DerivedAction[]): Analysis => ({ actions, unanalysable: null, commands });
const EXPANSION = { unsure: "the file name is an expansion" };
const GLOB = { unsure: "the file name is a glob" };
const UNKNOWN_DIR = { unsure: "relative to an unknown directory" };

const both = (line: string, expected: Analysis, cwd: string | null = "/w") => {
  for (const plain of [true, false]) expect(analyseCommand(line, { cwd, plain }), `${JSON.stringify(line)} plain=${plain}`).toEqual(expected);
};

beforeAll(() => loadShellParser());

describe("simple commands: argv after quote removal", () => {
  it.each([
    // assignments and redirections before or after the name are not arguments
    ["FOO=bar cat a", ok(["cat a"], read("cat a", "a"))],
    ["cat a 2>/dev/null", ok(["cat a"], read("cat a", "a"))],

    ["cat <<< hello", ok(["cat"], exec("cat"))],
    // a redirection before the name is inside the command: not an argument either
    [">f cat a", ok(["cat a"], write("> f", "f"), read("cat a", "a"))],
    ["cat a <<EOF\nx\nEOF", ok(["cat a"], read("cat a", "a"))],
    // a wrapper with no command: the command is listed, nothing runs
    ["nohup", ok(["nohup"])],
    ["time", ok(["time"])],
    ["cat <<EOF\nx\nEOF", ok(["cat"], exec("cat"))],
    // backslashes, quotes, numbers
    ["ca\\t a", ok(["cat a"], read("cat a", "a"))],
    ["cat 'x y'", ok(["cat x y"], read("cat x y", "x y"))],
    ["cat a'b'\"c\"", ok(["cat abc"], read("cat abc", "abc"))],
    ["cat 123", ok(["cat 123"], read("cat 123", "123"))],
    // in double quotes only \$ \` \" \\ are escapes
    ['cat "a\\"b"', ok(['cat a"b'], read('cat a"b', 'a"b'))],
    ['cat "\\$x"', ok(["cat $x"], read("cat $x", "$x"))],
    ['cat "a\\`b"', ok(["cat a`b"], read("cat a`b", "a`b"))],
    ['cat "a\\\\b"', ok(["cat a\\b"], read("cat a\\b", "a\\b"))],
    ['cat "a\\qb"', ok(["cat a\\qb"], read("cat a\\qb", "a\\qb"))],
    // expansions: the name is unknown
    ['cat "a$x"', ok(["cat a$x"], read("cat a$x", "a$x", EXPANSION))],
    ["cat a$x", ok(["cat a$x"], read("cat a$x", "a$x", EXPANSION))],
    ["cat $'x'", ok(["cat $'x'"], read("cat $'x'", "$'x'", EXPANSION))],
    // globs and braces: unquoted, not escaped
    ["cat a\\*", ok(["cat a*"], read("cat a*", "a*"))],
    ["cat a*", ok(["cat a*"], read("cat a*", "a*", GLOB))],
    ["cat *", ok(["cat *"], read("cat *", "*", GLOB))],
    ["cat a?", ok(["cat a?"], read("cat a?", "a?", GLOB))],
    ["cat a[b]", ok(["cat a[b]"], read("cat a[b]", "a[b]", GLOB))],
    ["cat {a,b}", ok(["cat {a,b}"], read("cat {a,b}", "{a,b}", GLOB))],
    ["cat a{b,c}", ok(["cat a{b,c}"], read("cat a{b,c}", "a{b,c}", GLOB))],
    ['cat "a"*', ok(["cat a*"], read("cat a*", "a*", GLOB))],
    ["cat {a}", ok(["cat {a}"], read("cat {a}", "{a}"))],
    ["cat {ab,c}", ok(["cat {ab,c}"], read("cat {ab,c}", "{ab,c}", GLOB))],
    ['cat "x"{ab,c}', ok(["cat x{ab,c}"], read("cat x{ab,c}", "x{ab,c}", GLOB))],
  ] as [string, Analysis][])("%j", (line, expected) => both(line, expected));
});

describe("commands inside other syntax", () => {
  it.each([
    ["echo $(rm x)", ok(["rm x", "echo $(rm x)"], del("rm x", "x"), exec("echo $(rm x)"))],
    ["x=$(rm y)", ok(["rm y"], del("rm y", "y"))],
    ['cat <<< "$(rm x)"', ok(["rm x", "cat"], del("rm x", "x"), exec("cat"))],
    ["cat <<EOF\n$(rm x)\nEOF", ok(["cat", "rm x"], exec("cat"), del("rm x", "x"))],
    ["( rm x )", ok(["rm x"], del("rm x", "x"))],
    ["if true; then rm x; fi", ok(["true", "rm x"], exec("true"), del("rm x", "x"))],
    ["f() { rm x; }", ok(["rm x"], del("rm x", "x"))],
    ["case x in y) rm z;; esac", ok(["rm z"], del("rm z", "z"))],
    ["for i in a; do rm $i; done", ok(["rm $i"], act("file.delete", "rm $i", { resource: "$i", ...EXPANSION }))],
    ["[[ -f x ]] && rm x", ok(["rm x"], del("rm x", "x"))],
    ["echo $((1+2))", ok(["echo $((1+2))"], exec("echo $((1+2))"))],
  ] as [string, Analysis][])("%j", (line, expected) => both(line, expected));

  it("a command name built from an expansion: its substitution is read once, the line is unanalysable", () => {
    both("$(echo rm) x", {
      actions: [exec("echo rm"), exec("$(echo rm) x", { unsure: "dynamic command name" })],
      unanalysable: "the command name is built from an expansion ($(echo rm))",
      commands: ["echo rm", "$(echo rm) x"],
    });
    both('"$X" arg', {
      actions: [exec("$X arg", { unsure: "dynamic command name" })],
      unanalysable: "the command name is built from an expansion ($X)",
      commands: ["$X arg"],
    });
  });
});

describe("redirections", () => {
  it.each([
    ["cat a > b", ok(["cat a"], read("cat a", "a"), write("> b", "b"))],
    ["echo hi 2>&1 >> out.txt", ok(["echo hi"], exec("echo hi"), write("> out.txt", "out.txt"))],
    ["echo x >&2", ok(["echo x"], exec("echo x"))],
    ["cat <&0", ok(["cat"], exec("cat"))],
    ["echo x &> f", ok(["echo x"], exec("echo x"), write("> f", "f"))],
    // `&>2` and `&>>2` write the file 2 (bash creates it); `>&2` is the descriptor
    ["echo x &>2", ok(["echo x"], exec("echo x"), write("> 2", "2"))],
    ["echo x &>>2", ok(["echo x"], exec("echo x"), write("> 2", "2"))],
    ["echo x > 2", ok(["echo x"], exec("echo x"), write("> 2", "2"))],
    ["echo x >/dev/null", ok(["echo x"], exec("echo x"))],
    ["echo x > $F", ok(["echo x"], exec("echo x"), write("> $F", "$F", { unsure: "the file name is an expansion" }))],
    ["cat < $F", ok(["cat"], exec("cat"), read("< $F", "$F", { unsure: "the file name is an expansion" }))],
    ["echo x > *.txt", ok(["echo x"], exec("echo x"), write("> *.txt", "*.txt", { unsure: "the file name is an expansion" }))],
    // the substitution in the file name runs once
    ["echo x > $(rm y)", ok(["echo x", "rm y"], exec("echo x"), del("rm y", "y"), write("> $(rm y)", "$(rm y)", { unsure: "the file name is an expansion" }))],
    ["{ cat a; } > out", ok(["cat a"], read("cat a", "a"), write("> out", "out"))],
    ["while read l; do :; done < in", ok(["read l", ":"], exec("read l"), exec(":"), read("< in", "in"))],
    // /dev/tcp and /dev/udp are connections; only at the start of the path
    ["exec 3</dev/tcp/h.example/80", ok(["exec"], act("network.request", "< /dev/tcp/h.example/80", { endpoint: "tcp://h.example:80", upload: false }))],
    [
      "echo x > /dev/udp/h.example/53",
      ok(["echo x"], exec("echo x"), act("network.request", "> /dev/udp/h.example/53", { endpoint: "udp://h.example:53", upload: true })),
    ],
    ["cat < ./dev/tcp/h/1", ok(["cat"], exec("cat"), read("< ./dev/tcp/h/1", "dev/tcp/h/1"))],
    // a process's environment is an environment dump
    ["cat < /proc/self/environ", ok(["cat"], exec("cat"), act("env.dump", "< /proc/self/environ", { resource: "/proc/self/environ" }))],
    ["cat < /proc/1/environ.bak", ok(["cat"], exec("cat"), read("< /proc/1/environ.bak", "/proc/1/environ.bak"))],
    ["cat < x/proc/1/environ", ok(["cat"], exec("cat"), read("< x/proc/1/environ", "x/proc/1/environ"))],
  ] as [string, Analysis][])("%j", (line, expected) => both(line, expected));
});

describe("the current directory", () => {
  it.each([
    ["cd src && cat a", ok(["cd src", "cat a"], exec("cd src"), read("cat a", "src/a"))],
    ["cd -P src && cat a", ok(["cd -P src", "cat a"], exec("cd -P src"), read("cat a", "src/a"))],
    ["pushd src && cat a", ok(["pushd src", "cat a"], exec("pushd src"), read("cat a", "src/a"))],
    ["cd && cat a", ok(["cd", "cat a"], exec("cd"), read("cat a", "~/a"))],
    ["cd /etc && cat passwd", ok(["cd /etc", "cat passwd"], exec("cd /etc"), read("cat passwd", "/etc/passwd"))],
    ["cd .. && cat a", ok(["cd ..", "cat a"], exec("cd .."), read("cat a", "/a"))],
    // unknown afterwards: `cd -`, an expansion, popd
    ["cd - && cat a", ok(["cd -", "cat a"], exec("cd -"), read("cat a", "a", UNKNOWN_DIR))],
    ["cd $X && cat a", ok(["cd $X", "cat a"], exec("cd $X"), read("cat a", "a", UNKNOWN_DIR))],
    ["pushd src; popd; cat a", ok(["pushd src", "popd", "cat a"], exec("pushd src"), read("cat a", "a", UNKNOWN_DIR))],
    ["cd $X; echo x > a", ok(["cd $X", "echo x"], exec("cd $X"), exec("echo x"), write("> a", "a", UNKNOWN_DIR))],
  ] as [string, Analysis][])("%j", (line, expected) => both(line, expected));

  it("the workspace root is the cwd only when absolute", () => {
    both("cat /w/a", ok(["cat /w/a"], read("cat /w/a", "a")));
    both("cat /w/a", ok(["cat /w/a"], read("cat /w/a", "/w/a")), "w");
    both("cat /w/a", ok(["cat /w/a"], read("cat /w/a", "/w/a")), null);
    expect(analyseCommand("cat /w/a")).toEqual(ok(["cat /w/a"], read("cat /w/a", "/w/a")));
    expect(analyseCommand("cd .. && cat a", { cwd: "/w" }).actions[1].resource).toBe("/a");
    // above the root: resolved against an absolute root, kept relative without one
    both("cat ../a", ok(["cat ../a"], read("cat ../a", "/a")));
    both("cat ../a", ok(["cat ../a"], read("cat ../a", "../a")), "w");
  });
});

describe("declarations: printing the environment", () => {
  const dump = (text: string) => ok([text], act("env.dump", text));
  it.each([
    ["export", dump("export")],
    ["export -p", dump("export -p")],
    ["export -n", dump("export -n")],
    ["export --", dump("export --")],
    ["declare", dump("declare")],
    ["declare -p", dump("declare -p")],
    ["declare -x", dump("declare -x")],
    ["declare -px", dump("declare -px")],
    // exported integer variables: one listing option is enough
    ["declare -x -i", dump("declare -x -i")],
    ["declare -g", dump("declare -g")],
    ["declare +x", dump("declare +x")],
    ["declare --", dump("declare --")],
    ["declare -x --", dump("declare -x --")],
    ["typeset", dump("typeset")],
    ["typeset -p", dump("typeset -p")],
    // read-only, local, integer, array variables: printed with their values (checked in bash)
    ["declare -r", dump("declare -r")],
    ["typeset -i", dump("typeset -i")],
    ["declare -a", dump("declare -a")],
    ["local", dump("local")],
    ["local -p", dump("local -p")],
    ["readonly", dump("readonly")],
    ["readonly -p", dump("readonly -p")],
    ["readonly --", dump("readonly --")],
    ["readonly -a", dump("readonly -a")],
    // functions, namerefs (their values are names) only; or names given
    ["declare -f", ok([])],
    ["declare -F", ok([])],
    ["declare -n", ok([])],
    ["readonly -f", ok([])],
    ["export -f", ok([])],
    ["export -", ok([])],
    ["local x", ok([])],
    ["readonly -p X", ok([])],
    ["export X", ok([])],
    ["export -p X", ok([])],
    ["export A=1", ok([])],
    ["declare -x A=1", ok([])],
    ["export a-p", ok([])],
    ["declare -p1", ok([])],
    // the substitution in an argument is a command
    ["export $(cat .env)", ok(["cat .env"], read("cat .env", ".env"))],
  ] as [string, Analysis][])("%j", (line, expected) => both(line, expected));
});

describe("lines not read with confidence", () => {
  it("a parse error: the commands read, and a secret named anywhere", () => {
    both("echo 'open", { actions: [exec("echo")], unanalysable: "the command does not parse", commands: ["echo"] });
    both("echo 'open .env", {
      actions: [exec("echo"), act("secret.read", "echo 'open .env", { resource: ".env" })],
      unanalysable: "the command does not parse",
      commands: ["echo"],
    });
    // any marker when the line does not parse, not only the strong ones
    both("echo 'token", {
      actions: [exec("echo"), act("secret.read", "echo 'token", { resource: "token" })],
      unanalysable: "the command does not parse",
      commands: ["echo"],
    });
  });

  it("a word after a redirection's file (tree-sitter reads it into the redirection) is not read with confidence", () => {
    const why = "a word after a redirection's file";
    both("cat 2>/dev/null .env", {
      actions: [exec("cat"), act("secret.read", "cat 2>/dev/null .env", { resource: ".env" })],
      unanalysable: why,
      commands: ["cat"],
    });
    both("cat 2>out a", { actions: [exec("cat"), write("> out", "out")], unanalysable: why, commands: ["cat"] });
  });

  it("a missing closing token is a parse error too (no ERROR node in the tree)", () => {
    both("(echo a", { actions: [exec("echo a")], unanalysable: "the command does not parse", commands: ["echo a"] });
  });

  it("a line continuation the reader cannot place is unanalysable, whatever else it reads", () => {
    const a = analyseCommand('echo "$(case x in x) r\\\nm -rf / ;; esac)"');
    expect(a.unanalysable).toBe("a line continuation the reader cannot place");
  });

  it("the inner text of a wrapper is joined as bash joins it", () => {
    both("bash -c 'r\\\nm x'", ok(["bash -c r\\\nm x", "rm x"], del("rm x", "x")));
  });

  it("a parse error in the inner text of a wrapper", () => {
    both(`bash -c "echo 'x"`, { actions: [exec("echo")], unanalysable: "the command does not parse", commands: ["bash -c echo 'x", "echo"] });
  });

  it("a parse error with no command is one unsure shell.exec", () => {
    both(")", { actions: [exec(")", { unsure: "the command does not parse" })], unanalysable: "the command does not parse", commands: [] });
  });

  it("an unsure action in a parsed line: only a strong secret marker adds a secret.read", () => {
    both("cat $F # id_rsa", ok(["cat $F"], read("cat $F", "$F", EXPANSION), act("secret.read", "cat $F # id_rsa", { resource: "id_rsa" })));
    both("cat $F # token", ok(["cat $F"], read("cat $F", "$F", EXPANSION)));
    both("cat a # token", ok(["cat a"], read("cat a", "a")));
  });

  it("nesting: 6 levels are read, 7 are not", () => {
    const nested = (n: number) => "eval ".repeat(n) + "rm x";
    const six = analyseCommand(nested(6));
    expect(six.unanalysable).toBeNull();
    expect(six.actions).toEqual([del("rm x", "x")]);
    expect(six.commands).toHaveLength(7);
    const seven = analyseCommand(nested(7));
    expect(seven.unanalysable).toBe(`nested deeper than ${LIMITS.maxDepth} levels`);
    expect(seven.actions).toEqual([exec(nested(7), { unsure: `nested deeper than ${LIMITS.maxDepth} levels` })]);
  });

  it(`lines up to ${LIMITS.maxBytes} characters are read, longer ones are not (and are clipped to 2,000 in the action)`, () => {
    const comment = (n: number) => "#" + "x".repeat(n - 1);
    both(comment(LIMITS.maxBytes), ok([]));
    const long = comment(LIMITS.maxBytes + 1);
    const why = `longer than ${LIMITS.maxBytes} bytes`;
    both(long, { actions: [exec(long.slice(0, 2000) + "…", { unsure: why })], unanalysable: why, commands: [] });
  });

  it("the action's text is the whole line up to 2,000 characters", () => {
    // an unsure file name and a strong secret marker: the secret.read names the line
    const line = (n: number) => "cat $F # id_rsa " + "x".repeat(n - 16);
    const secret = (n: number) => analyseCommand(line(n)).actions.find((a) => a.type === "secret.read");
    expect(secret(2000)).toEqual(act("secret.read", line(2000), { resource: "id_rsa" }));
    expect(secret(2001)).toEqual(act("secret.read", line(2001).slice(0, 2000) + "…", { resource: "id_rsa" }));
  });

  it(`at most ${LIMITS.maxActions} actions; more make the line unanalysable`, () => {
    const files = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`);
    const at = analyseCommand("cat " + files(LIMITS.maxActions).join(" "));
    expect(at.unanalysable).toBeNull();
    expect(at.actions.map((a) => a.resource)).toEqual(files(LIMITS.maxActions));
    const over = analyseCommand("cat " + files(LIMITS.maxActions + 1).join(" "));
    expect(over.unanalysable).toBe(`more than ${LIMITS.maxActions} actions`);
    expect(over.actions).toHaveLength(LIMITS.maxActions);
    // the first reason is kept
    const first = analyseCommand("$X; cat " + files(LIMITS.maxActions).join(" "));
    expect(first.actions).toHaveLength(LIMITS.maxActions);
    expect(first.unanalysable).toBe("the command name is built from an expansion ($X)");
  });
});
