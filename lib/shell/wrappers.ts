import type { Run } from "./analyse";
import { changeDir } from "./paths";
import type { ShellContext, Word } from "./types";

/** Which of `names` the long option `t` (`--NAME[=VALUE]`) is, as getopt_long reads it: in full or by a prefix (`--sig`, `--us`). */
const longOption = (t: string, names: string[]): string | undefined => {
  const given = t.slice(2).split("=")[0];
  return t.startsWith("--") && given ? names.find((n) => n.startsWith(given)) : undefined;
};

/**
 * The options at the start of `args` as getopt reads them: where they end (after a `--`), and each
 * option that takes a value with its value. A short one is a letter of `withValue`: in a cluster
 * the first such letter takes the rest of the word (-n5, -uroot), or the next word when it is the
 * last letter (-n 5, -tc 3, -vs KILL); a long one is a name of `long` (or a prefix of it), its value
 * after `=` or the next word.
 */
function getopt(args: Word[], withValue: string, long: string[]): { end: number; values: [string, Word | undefined][] } {
  const values: [string, Word | undefined][] = [];
  let i = 0;
  while (i < args.length) {
    const t = args[i].text;
    if (t === "--") return { end: i + 1, values };
    if (!t.startsWith("-") || t === "-") break;
    if (t.startsWith("--")) {
      const name = longOption(t, long);
      const eq = t.indexOf("=");
      if (name) values.push([name, eq < 0 ? args[i + 1] : { ...args[i], text: t.slice(eq + 1) }]);
      i += name && eq < 0 ? 2 : 1;
      continue;
    }
    const k = [...t.slice(1)].findIndex((c) => withValue.includes(c));
    if (k >= 0) values.push([t[k + 1], k === t.length - 2 ? args[i + 1] : { ...args[i], text: t.slice(k + 2) }]);
    i += k >= 0 && k === t.length - 2 ? 2 : 1;
  }
  return { end: i, values };
}
const skipOptions = (args: Word[], withValue: string, long: string[] = []): number => getopt(args, withValue, long).end;

const lit = (text: string): Word => ({ text, dynamic: false, glob: false });
const joinWords = (ws: Word[]) => ws.map((w) => w.text).join(" ");

// factories, not local arrows: see emit.ts
function innerOf(run: Run, ctx: ShellContext) {
  return (rest: Word[]) => run.simple(rest, ctx);
}
function nestedOf(run: Run, ctx: ShellContext) {
  return (source: string) => run.analyse(source, { ...ctx, depth: ctx.depth + 1 });
}
/** The directory a wrapper's `-C DIR`/`--chdir DIR` runs its command in (unknown for an expansion). */
const chdirTo = (ctx: ShellContext, dir: Word | undefined): ShellContext => ({ ...ctx, dir: dir && !dir.dynamic ? changeDir(dir.text, ctx) : null });

/**
 * Where a shell's operands start (`bash [options] [-c] STRING|FILE …`): options may come before
 * and after `-c` (`bash -c -x 'cmd'` runs cmd), `--rcfile`/`--init-file` take a value, and so
 * does each `o`/`O` of a cluster, as bash and dash read it (`-oc posix 'cmd'` runs cmd, `-xo
 * posix FILE` runs FILE); `--` and a lone `-` end them (`bash - FILE` runs FILE).
 */
function shellOperand(args: Word[]): number {
  let i = 0;
  while (i < args.length) {
    const t = args[i].text;
    if (t === "--" || t === "-") return i + 1;
    if (!/^[-+]/.test(t)) break;
    i += 1 + (t.startsWith("--") ? Number(t === "--rcfile" || t === "--init-file") : t.replace(/[^oO]/g, "").length);
  }
  return i;
}

/** env's long options that take a value, by their letter. */
const ENV_LETTERS: Record<string, string> = { unset: "u", chdir: "C", "split-string": "S" };

/** The programs unwrap handles (its switch's cases; lib/shell/programs.test.ts keeps the two equal). */
export const WRAPPERS: ReadonlySet<string> = new Set([
  "sudo",
  "doas",
  "run0",
  "env",
  "timeout",
  "nohup",
  "time",
  "builtin",
  "exec",
  "unbuffer",
  "setsid",
  "chronic",
  "caffeinate",
  "stdbuf",
  "ionice",
  "nice",
  "flock",
  "command",
  "watch",
  "xargs",
  "find",
  "sh",
  "bash",
  "zsh",
  "dash",
  "ksh",
  "fish",
  "busybox",
  "eval",
  "ssh",
]);

/**
 * Programs whose arguments are themselves a command. Each returns true when it handled argv
 * (running the inner command through `run.simple` or `run.analyse`), false when argv[0] is not a
 * wrapper. Options that take a value are listed so the inner command's name is found.
 */
export function unwrap(run: Run, prog: string, argv: Word[], text: string, ctx: ShellContext): boolean {
  if (!WRAPPERS.has(prog)) return false; // before anything is allocated: most commands are none of these
  const args = argv.slice(1);
  const inner = innerOf(run, ctx);
  const nested = nestedOf(run, ctx);
  switch (prog) {
    case "sudo":
    case "doas":
    case "run0": {
      run.emit({ type: "privilege.escalate", tool: "Bash", command: text, source: text });
      const { end: i, values } = getopt(args, "ugCDhprRtUT", [
        "user",
        "group",
        "chdir",
        "host",
        "prompt",
        "role",
        "type",
        "other-user",
        "command-timeout",
        "chroot",
        "close-from",
      ]);
      if (args.slice(0, i).some((w) => w.text === "-s" || w.text === "-i") && i >= args.length) return true;
      const cd = values.filter(([o]) => o === "D" || o === "chdir").pop(); // -D DIR, -DDIR, --chdir=DIR, --chd DIR
      if (cd) run.simple(args.slice(i), chdirTo(ctx, cd[1]));
      else inner(args.slice(i));
      return true;
    }
    case "env": {
      let i = 0;
      let where = ctx;
      while (i < args.length) {
        const t = args[i].text;
        // -u NAME, -C DIR, -S STRING (a long option by its letter): the value is the rest of the
        // word (-iCdir, -S'cmd', --chdir=DIR) or the next word
        const long = longOption(t, ["unset", "chdir", "split-string"]);
        const k = /^-[^-]/.test(t) ? [...t.slice(1)].findIndex((c) => "uCS".includes(c)) + 1 : 0;
        const letter = long ? ENV_LETTERS[long] : k > 0 ? t[k] : undefined;
        const inline = long ? (t.includes("=") ? t.slice(t.indexOf("=") + 1) : undefined) : t.slice(k + 1) || undefined;
        const value = inline === undefined ? args[i + 1] : { ...args[i], text: inline };
        if (letter === "S")
          return (run.analyse(joinWords([...(inline === undefined ? [] : [value]), ...args.slice(i + 1)]), { ...where, depth: ctx.depth + 1 }), true);
        if (letter === "C") where = chdirTo(ctx, value);
        if (letter) i += inline === undefined ? 2 : 1;
        else if (t.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) i += 1;
        else break;
      }
      if (i >= args.length) run.emit({ type: "env.dump", tool: "Bash", command: text, source: text });
      else run.simple(args.slice(i), where);
      return true;
    }
    case "timeout": {
      const i = skipOptions(args, "sk", ["signal", "kill-after"]);
      inner(args.slice(i + 1));
      return true;
    }
    case "nohup":
    case "time":
    case "builtin":
    case "exec":
    case "unbuffer":
    case "setsid":
    case "chronic":
    case "caffeinate":
    case "stdbuf":
    case "ionice":
    case "nice":
    case "flock":
    case "command": {
      // options with a value: exec -a NAME, GNU time -o FILE -f FORMAT, flock -w SECONDS -E CODE …
      const [withValue, long] = (
        {
          nice: ["n", ["adjustment"]],
          ionice: ["cnpPu", ["class", "classdata", "pid", "pgid", "uid"]],
          stdbuf: ["ioe", ["input", "output", "error"]],
          caffeinate: ["tw", []],
          exec: ["a", []],
          time: ["of", ["output", "format"]],
          flock: ["wE", ["timeout", "wait", "conflict-exit-code"]],
        } as Record<string, [string, string[]]>
      )[prog] ?? ["", []];
      const { end: i, values } = getopt(args, withValue, long);
      // GNU time's report file: -o FILE, -oFILE, -vo FILE, --output=FILE, --out FILE
      if (prog === "time") for (const [o, out] of values) if ((o === "o" || o === "output") && out) run.fileRedirect(out, true, false, ctx);
      if (prog === "flock") {
        // flock [options] FILE -c COMMAND runs COMMAND in a shell
        const c = args.findIndex((w) => w.text === "-c" || w.text === "--command");
        if (c >= 0) {
          const script = args[c + 1];
          if (script?.dynamic) run.fail("flock -c runs an expansion");
          else if (script) nested(script.text);
          return true;
        }
      }
      if (prog === "command" && args.slice(0, i).some((w) => w.text === "-v" || w.text === "-V"))
        return (run.emit({ type: "shell.exec", tool: "Bash", command: text, source: text }), true); // a lookup
      const rest = prog === "flock" ? args.slice(i + 1) : args.slice(i);
      if (prog === "exec" && rest.length === 0) return true; // `exec 3>file`: redirections only
      inner(rest);
      return true;
    }
    case "watch": {
      let i = 0;
      let exec = false;
      while (i < args.length && args[i].text.startsWith("-")) {
        const t = args[i].text;
        // -n SECONDS and -q CYCLES take a value, in a cluster too (-tn 1); -x before it runs argv
        // (--int 5, --ex: long options by a prefix too)
        const long = longOption(t, ["interval", "equexit", "exec"]);
        const k = t.startsWith("--") ? -1 : [...t.slice(1)].findIndex((c) => c === "n" || c === "q");
        if (long === "exec" || (!t.startsWith("--") && t.slice(1, k < 0 ? undefined : k + 1).includes("x"))) exec = true;
        i += (long && long !== "exec" && !t.includes("=")) || (k >= 0 && k === t.length - 2) ? 2 : 1;
      }
      if (exec) inner(args.slice(i));
      else if (args.slice(i).some((w) => w.dynamic)) run.fail("watch runs an expansion");
      else nested(joinWords(args.slice(i)));
      return true;
    }
    case "xargs": {
      let i = 0;
      let replace: string | undefined; // -I R, -IR, -i, --replace[=R]: R in the command stands for each name read
      while (i < args.length && args[i].text.startsWith("-")) {
        const t = args[i].text;
        // a short cluster as getopt reads it: the first letter that takes a value takes the rest
        // of the word or, when it is the last letter, the next word (-0n 1, -0I {}, -0a FILE);
        // -i, -e and -l take an optional value: the rest of the word only (-0i, -iR)
        const k = t.startsWith("--") ? 0 : [...t.slice(1)].findIndex((c) => "IndPLsaEdiel".includes(c)) + 1;
        const optional = "iel".includes(t[k]);
        const value = k === 0 ? undefined : k === t.length - 1 && !optional ? args[i + 1] : { ...args[i], text: t.slice(k + 1) };
        if (t[k] === "I") replace = value?.text;
        else if (t[k] === "i" || t === "--replace") replace = value?.text || "{}";
        else if (t.startsWith("--replace=")) replace = t.slice("--replace=".length);
        if (t[k] === "a" || t === "--arg-file") run.fileRedirect((t[k] === "a" ? value : args[i + 1]) ?? lit("-"), false, true, ctx);
        else if (t.startsWith("--arg-file=")) run.fileRedirect({ ...args[i], text: t.slice("--arg-file=".length) }, false, true, ctx);
        const long = /^--(arg-file|delimiter|eof|max-lines|max-args|max-procs|max-chars|process-slot-var)$/.test(t);
        i += (k > 0 && k === t.length - 1 && !optional) || long ? 2 : 1;
      }
      const rest = args.slice(i).map((w) => (replace && w.text.includes(replace) ? { ...w, dynamic: true } : w));
      // The inner command also receives names read from stdin: unknown operands.
      inner([...(rest.length ? rest : [lit("echo")]), { text: "{xargs}", dynamic: true, glob: false }]);
      return true;
    }
    case "find": {
      findCommand(run, args, text, ctx);
      return true;
    }
    case "sh":
    case "bash":
    case "zsh":
    case "dash":
    case "ksh":
    case "fish":
    case "busybox": {
      if (prog === "busybox") return (inner(args), true);
      const first = shellOperand(args);
      const c = args.slice(0, first).findIndex((w) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w.text));
      if (c >= 0) {
        const script = args[first];
        if (!script) return true;
        if (script.dynamic) run.fail(`${prog} -c runs an expansion`);
        else nested(script.text);
        return true;
      }
      // -s (`curl … | bash -s -- ARGS`): the commands come from stdin, the operands are arguments
      const stdin = args.slice(0, first).some((w) => /^-[a-zA-Z]*s/.test(w.text));
      // `bash -- -` opens a file named `-`: read, as stdin is, as commands from an unknown input
      const file = stdin || args[first]?.text === "-" ? undefined : args[first];
      if (file) run.fileRedirect(file, false, true, ctx);
      run.emit({ type: "shell.exec", tool: "Bash", command: text, source: text, unsure: file ? undefined : "runs commands read from its input" });
      return true;
    }
    case "eval": {
      if (args.some((w) => w.dynamic)) run.fail("eval of an expansion");
      nested(joinWords(args));
      return true;
    }
    case "ssh": {
      const i = skipOptions(args, "bcDEeFIiJLlmOopQRSWwB");
      const host = args[i];
      if (!host) return false;
      const h = host.text.replace(/^[^@]*@/, "");
      // OpenSSH reads options after the host too, up to a `--`
      const after = args.slice(i + 1);
      const remote = after.slice(skipOptions(after, "bcDEeFIiJLlmOopQRSWwB"));
      run.emit({ type: "network.request", tool: "Bash", endpoint: `ssh://${h}`, command: text, source: text, upload: remote.length > 0 });
      if (remote.some((w) => w.dynamic)) run.fail("ssh runs an expansion remotely");
      if (remote.length) run.analyse(joinWords(remote), { root: null, dir: null, depth: ctx.depth + 1 });
      return true;
    }
  }
  return false;
}

/** find: starting points, -exec/-execdir/-ok command lines (run recursively), -delete, -fprint. */
function findCommand(run: Run, args: Word[], text: string, ctx: ShellContext) {
  const starts: Word[] = [];
  let i = 0;
  while (i < args.length && !/^[-(!]/.test(args[i].text)) starts.push(args[i++]);
  // `-name .env -exec cat {} ;`: the files found are named by the tests; one literal name
  // stands for them (so a secret name meets the secret rules), otherwise they are unknown.
  const names = args.filter((_, k) => k > 0 && /^-(i?name|i?path|i?wholename)$/.test(args[k - 1].text));
  const found: Word =
    names.length === 1 && !names[0].dynamic
      ? { text: names[0].text, dynamic: false, glob: /[*?[]/.test(names[0].text) }
      : { text: "{}", dynamic: true, glob: false };
  let listed = false;
  for (; i < args.length; i++) {
    const t = args[i].text;
    if (t === "-exec" || t === "-execdir" || t === "-ok" || t === "-okdir") {
      const cmd: Word[] = [];
      for (i++; i < args.length && args[i].text !== ";" && args[i].text !== "+"; i++) cmd.push(args[i].text === "{}" ? found : args[i]);
      run.simple(cmd, ctx);
      listed = true;
    } else if (t === "-delete") {
      for (const s of starts.length ? starts : [lit(".")])
        run.emit({ type: "file.delete", tool: "Bash", resource: s.text, command: text, source: text, unsure: "find -delete removes the files it finds" });
      listed = true;
    } else if (t === "-fprint" || t === "-fprintf" || t === "-fls") {
      if (args[i + 1]) run.fileRedirect(args[i + 1], true, false, ctx);
    }
  }
  if (!listed) run.emit({ type: "shell.exec", tool: "Bash", command: text, source: text });
}
