import type { Run } from "./analyse";
import type { ShellContext, Word } from "./types";

/**
 * Programs whose arguments are themselves a command. Each returns true when it handled argv
 * (running the inner command through `run.simple` or `run.analyse`), false when argv[0] is not a
 * wrapper. Options that take a value are listed so the inner command's name is found.
 */
const skipOptions = (args: Word[], withValue: string, long: string[] = []): number => {
  let i = 0;
  while (i < args.length) {
    const t = args[i].text;
    if (t === "--") return i + 1;
    if (!t.startsWith("-") || t === "-") break;
    if (t.startsWith("--")) {
      const name = t.slice(2).split("=")[0];
      i += long.includes(name) && !t.includes("=") ? 2 : 1;
      continue;
    }
    const last = t[t.length - 1];
    i += t.length === 2 && withValue.includes(last) ? 2 : 1;
  }
  return i;
};

const lit = (text: string): Word => ({ text, dynamic: false, glob: false });
const joinWords = (ws: Word[]) => ws.map((w) => w.text).join(" ");

// factories, not local arrows: see emit.ts
function innerOf(run: Run, ctx: ShellContext) {
  return (rest: Word[]) => run.simple(rest, ctx);
}
function nestedOf(run: Run, ctx: ShellContext) {
  return (source: string) => run.analyse(source, { ...ctx, depth: ctx.depth + 1 });
}

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
      const i = skipOptions(args, "ugCDhprtUT", ["user", "group", "chdir", "host", "prompt", "role", "type", "other-user", "command-timeout"]);
      if (args.slice(0, i).some((w) => w.text === "-s" || w.text === "-i") && i >= args.length) return true;
      inner(args.slice(i));
      return true;
    }
    case "env": {
      let i = 0;
      while (i < args.length) {
        const t = args[i].text;
        if (t === "-u" || t === "-C" || t === "--unset" || t === "--chdir") i += 2;
        else if (t === "-S" || t === "--split-string")
          return (
            nested(
              args
                .slice(i + 1)
                .map((w) => w.text)
                .join(" "),
            ),
            true
          );
        else if (t.startsWith("-")) i += 1;
        else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) i += 1;
        else break;
      }
      if (i >= args.length) run.emit({ type: "env.dump", tool: "Bash", command: text, source: text });
      else inner(args.slice(i));
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
      const i = skipOptions(args, prog === "nice" ? "n" : prog === "ionice" ? "cnp" : prog === "stdbuf" ? "ioe" : prog === "caffeinate" ? "tw" : "", [
        "adjustment",
      ]);
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
        if (t === "-x" || t === "--exec") exec = true;
        i += t === "-n" || t === "--interval" || t === "-q" || t === "--equexit" ? 2 : 1;
      }
      if (exec) inner(args.slice(i));
      else if (args.slice(i).some((w) => w.dynamic)) run.fail("watch runs an expansion");
      else nested(joinWords(args.slice(i)));
      return true;
    }
    case "xargs": {
      let i = 0;
      while (i < args.length && args[i].text.startsWith("-")) {
        const t = args[i].text;
        if (t === "-a" || t === "--arg-file") run.fileRedirect(args[i + 1] ?? lit("-"), false, true, ctx);
        i += t.length === 2 && "IndPLsaEd".includes(t[1]) ? 2 : 1;
      }
      const rest = args.slice(i);
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
      const c = args.findIndex((w) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w.text));
      if (c >= 0) {
        const script = args[c + 1];
        if (!script) return true;
        if (script.dynamic) run.fail(`${prog} -c runs an expansion`);
        else nested(script.text);
        return true;
      }
      const file = args.find((w) => !w.text.startsWith("-") && !w.text.startsWith("+"));
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
      const remote = args.slice(i + 1);
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
