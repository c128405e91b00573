import type { Run } from "./analyse";
import type { DerivedAction, ShellContext, Word } from "./types";

/**
 * File utilities: which operands they read, write or delete. `value` lists the short options
 * that take a value (skipped), `script` how many leading operands are not files (a grep
 * pattern, a sed script, a jq filter).
 */
interface FileSpec {
  role: "read" | "write" | "delete" | "copy" | "move" | "list";
  value?: string;
  long?: string[];
  script?: number;
}

const R = (value = "", script = 0, long: string[] = []): FileSpec => ({ role: "read", value, script, long });
export const FILE_UTILS: Record<string, FileSpec> = {
  cat: R("", 0),
  tac: R(),
  nl: R("bvsw"),
  head: R("nc", 0, ["lines", "bytes"]),
  tail: R("ncs", 0, ["lines", "bytes"]),
  less: R("xyp"),
  more: R(),
  bat: R("lHmr", 0, ["language", "line-range", "style", "theme", "pager"]),
  wc: R("", 0, ["files0-from"]),
  sort: R("kto", 0, ["key", "field-separator", "output", "compress-program", "files0-from"]),
  uniq: R("fs"),
  cut: R("dfcb"),
  paste: R("d"),
  fold: R("w"),
  fmt: R("w"),
  column: R("scoN"),
  strings: R("n"),
  file: R("m"),
  stat: R("fc"),
  md5sum: R(),
  sha1sum: R(),
  sha256sum: R(),
  sha512sum: R(),
  shasum: R("a"),
  b2sum: R(),
  cksum: R(),
  base64: R("w"),
  base32: R("w"),
  basenc: R("w"),
  xxd: R("lscgo"),
  od: R("AjNtw"),
  hexdump: R("neCs"),
  diff: R("UCLxXI", 0, ["label", "exclude", "ignore-matching-lines", "from-file", "to-file"]),
  cmp: R("in"),
  comm: R(),
  iconv: R("fto", 0, ["from-code", "to-code", "output"]),
  zcat: R(),
  bzcat: R(),
  xzcat: R(),
  zless: R(),
  source: R(),
  ".": R(),
  readlink: R(),
  realpath: R(),
  grep: R("efmABCd", 1, ["regexp", "file", "max-count", "after-context", "before-context", "context", "include", "exclude", "exclude-dir"]),
  egrep: R("efmABC", 1),
  fgrep: R("efmABC", 1),
  rg: R("efgtTmABCMj", 1, [
    "regexp",
    "file",
    "glob",
    "type",
    "type-not",
    "max-count",
    "after-context",
    "before-context",
    "context",
    "max-columns",
    "threads",
    "iglob",
    "pre",
  ]),
  ag: R("ABCGm", 1),
  ack: R("ABC", 1),
  sed: R("ef", 1, ["expression", "file"]),
  awk: R("fvFi", 1),
  gawk: R("fvFi", 1),
  jq: R("fL", 1, ["indent", "from-file"]),
  yq: R("I", 1),
  touch: { role: "write", value: "dtr" },
  mkdir: { role: "write", value: "m" },
  tee: { role: "write" },
  truncate: { role: "write", value: "sr" },
  chmod: { role: "write", script: 1, long: ["reference"] },
  chown: { role: "write", script: 1, long: ["reference"] },
  chgrp: { role: "write", script: 1, long: ["reference"] },
  rm: { role: "delete" },
  rmdir: { role: "delete" },
  unlink: { role: "delete" },
  shred: { role: "delete", value: "ns" },
  cp: { role: "copy", value: "tS", long: ["target-directory", "suffix"] },
  install: { role: "copy", value: "mogtS" },
  ln: { role: "copy", value: "tS" },
  mv: { role: "move", value: "tS", long: ["target-directory", "suffix"] },
  ls: { role: "list", value: "wIT" },
  tree: { role: "list", value: "LIP" },
  du: { role: "list", value: "dBt", long: ["files0-from"] },
  exa: { role: "list" },
  eza: { role: "list" },
};

/**
 * The operands, options and option values of a file utility's argv. `optValues` holds the last
 * value of each option (as getopt leaves it: `sort -o a -o b` writes b), `values` every value in
 * order (`grep -f a -f b` reads both pattern files).
 */
function operands(args: Word[], spec: FileSpec): { ops: Word[]; opts: string[]; optValues: Map<string, Word>; values: [string, Word][] } {
  const ops: Word[] = [];
  const opts: string[] = [];
  const values: [string, Word][] = [];
  let i = 0;
  let ended = false;
  while (i < args.length) {
    const w = args[i];
    const t = w.text;
    if (ended || !t.startsWith("-") || t === "-") {
      ops.push(w);
      i++;
      continue;
    }
    if (t === "--") {
      ended = true;
      i++;
      continue;
    }
    opts.push(t);
    if (t.startsWith("--")) {
      const eq = t.indexOf("=");
      const name = eq < 0 ? t.slice(2) : t.slice(2, eq);
      if (eq >= 0) values.push([name, { ...w, text: t.slice(eq + 1) }]);
      else if (spec.long?.includes(name) && args[i + 1]) {
        values.push([name, args[i + 1]]);
        i++;
      }
      i++;
      continue;
    }
    // as getopt reads `-abc`: the first letter that takes a value takes the rest of the word
    // (-n5, -efoo, -oout), or the next word when it is the last letter (-rn 5)
    const k = [...t.slice(1)].findIndex((c) => spec.value?.includes(c)) + 1;
    if (k > 0 && k < t.length - 1) values.push([t[k], { ...w, text: t.slice(k + 1) }]);
    else if (k > 0) {
      if (args[i + 1]) values.push([t[k], args[i + 1]]);
      i++;
    }
    i++;
  }
  return { ops, opts, optValues: new Map(values), values };
}

/** `act(type, word)`: a file action on a literal operand (a factory: see emit.ts). */
export function fileEmitter(run: Run, base: Omit<DerivedAction, "type">, ctx: ShellContext) {
  return (type: DerivedAction["type"], w: Word) => fileAction(run, type, w, base, ctx);
}

export function fileCommand(run: Run, prog: string, args: Word[], text: string, ctx: ShellContext): boolean {
  const spec = FILE_UTILS[prog];
  if (!spec) return false;
  const base: Omit<DerivedAction, "type"> = { tool: "Bash", command: text, source: text };
  const emit = fileEmitter(run, base, ctx);
  if (prog === "jq") args = jqArgs(args, (f) => emit("file.read", f));
  const { ops, opts, optValues, values } = operands(args, spec);
  let script = spec.script ?? 0;
  // grep -e PATTERN / -f FILE, sed -e SCRIPT / -f FILE, awk -f FILE, jq -f FILE: no leading script operand.
  if (
    ["grep", "egrep", "fgrep", "rg", "sed"].includes(prog) &&
    (optValues.has("e") || optValues.has("f") || optValues.has("regexp") || optValues.has("expression") || optValues.has("file"))
  )
    script = 0;
  if (["awk", "gawk", "jq"].includes(prog) && (optValues.has("f") || optValues.has("from-file"))) script = 0;
  // every -f/--file/--from-file (pattern files, awk and jq programs): `grep -f .env -f x` reads both;
  // diff --from-file/--to-file, wc/sort/du --files0-from (a list of names, echoed in errors) too
  const withFiles = ["grep", "egrep", "fgrep", "sed", "awk", "gawk", "rg", "jq"].includes(prog);
  for (const [k, v] of values)
    if (k === "from-file" || k === "to-file" || k === "files0-from" || (withFiles && (k === "f" || k === "file"))) emit("file.read", v);
  // option values that are programs run: rg --pre, sort --compress-program, bat --pager
  if (values.some(([k]) => k === "pre" || k === "compress-program" || k === "pager")) run.emit({ ...base, type: "shell.exec" });
  const program = script === 1 ? ops[0] : undefined;
  if (prog === "awk" || prog === "gawk") {
    if (script === 0) run.fail("awk reads its program from a file");
    else if (program?.dynamic) run.fail("awk program is an expansion");
    else if (program && /system|getline|[|>]/.test(program.text)) run.fail("awk program runs commands or writes files");
    if (program && /ENVIRON/.test(program.text)) run.emit({ ...base, type: "env.dump" });
  }
  // jq's `env`/`$ENV` and yq's env()/strenv() print the environment (yq's expression may follow
  // `eval`); a jq program from a file is unknown
  if (prog === "jq" || prog === "yq") {
    const exprs = prog === "yq" && /^(e|eval|ea|eval-all)$/.test(ops[0]?.text ?? "") ? ops.slice(1, 2) : ops.slice(0, script);
    if (script === 0) run.fail("jq reads its program from a file");
    else if (exprs.some((w) => w.dynamic)) run.fail(`${prog} program is an expansion`);
    else if (exprs.some((w) => /\$ENV\b|(^|[^\w.$"])(str)?env\b/.test(w.text))) run.emit({ ...base, type: "env.dump" });
  }
  if (prog === "sed") {
    const why = sedScripts(args, script === 1 ? ops[0] : undefined);
    if (why) run.fail(why);
  }
  // uniq IN OUT, xxd IN OUT (xxd -r too) write their second operand; iconv -o/--output FILE
  const second = prog === "uniq" || prog === "xxd" ? ops[script + 1] : undefined;
  const output = prog === "iconv" ? (optValues.get("o") ?? optValues.get("output")) : undefined;
  if (second && second.text !== "-") emit("file.write", second);
  if (output) emit("file.write", output);
  if ((prog === "chmod" || prog === "chown" || prog === "chgrp") && optValues.has("reference")) script = 0;
  const sorted = prog === "sort" ? (optValues.get("o") ?? optValues.get("output")) : undefined;
  if (sorted) emit("file.write", sorted);
  const files = ops.slice(script).filter((w) => w !== second);
  // source/. run the file's commands in this shell (as `bash FILE` does): a read and a command
  if ((prog === "source" || prog === ".") && files.length > 0) run.emit({ ...base, type: "shell.exec" });
  const inPlace =
    (prog === "sed" && opts.some((o) => /^-[a-zA-Z]*i/.test(o) || o.startsWith("--in-place"))) || ((prog === "awk" || prog === "gawk") && opts.includes("-i"));
  switch (spec.role) {
    case "read":
      if (
        files.length === 0 &&
        (prog === "rg" || prog === "ag" || prog === "ack" || (prog === "grep" && opts.some((o) => /^-[a-zA-Z]*[rR]/.test(o) || o === "--recursive")))
      )
        emit("file.read", { text: ".", dynamic: false, glob: false });
      for (const f of files) emit(inPlace ? "file.write" : "file.read", f);
      if (inPlace) for (const f of files) emit("file.read", f);
      if (files.length === 0 && ops.length >= script) run.emit({ ...base, type: "shell.exec" });
      return true;
    case "write":
      for (const f of files) emit("file.write", f);
      if (files.length === 0) run.emit({ ...base, type: "shell.exec" });
      return true;
    case "delete":
      for (const f of files) emit("file.delete", f);
      if (files.length === 0) run.emit({ ...base, type: "shell.exec" });
      return true;
    case "copy":
    case "move": {
      const target = optValues.get("t") ?? optValues.get("target-directory");
      const sources = target ? files : files.slice(0, -1);
      const dest = target ?? files[files.length - 1];
      for (const s of sources) {
        emit("file.read", s);
        if (spec.role === "move") emit("file.delete", s);
      }
      if (dest) emit("file.write", dest);
      return true;
    }
    case "list":
      run.emit({ ...base, type: "shell.exec" });
      return true;
  }
}

export function fileAction(run: Run, type: DerivedAction["type"], w: Word, base: Omit<DerivedAction, "type">, ctx: ShellContext) {
  if (type === "file.read" && !w.dynamic && !w.glob && /^\/proc\/[^/]+\/environ$/.test(w.text)) {
    run.emit({ ...base, type: "env.dump", resource: w.text });
    return;
  }
  if (w.glob && !w.dynamic && type === "file.read" && plainGlob(w.text)) {
    run.fileRedirectLike(type, w, base, ctx);
    return;
  }
  if (w.dynamic || w.glob) {
    run.emit({ ...base, type, resource: w.text, unsure: w.dynamic ? "the file name is an expansion" : "the file name is a glob" });
    return;
  }
  run.fileRedirectLike(type, w, base, ctx);
}

/**
 * A read glob that can only name ordinary files: `src/*.ts`, `test/**\/*.spec.js` — wildcards
 * only in the last segment(s), which end in a literal, non-secret extension. Such a glob is
 * decided as the pattern itself (the secret rules cannot match it); any other glob is unsure.
 */
function plainGlob(t: string): boolean {
  if (t.includes("..") || t.includes("{") || t.includes("[")) return false;
  const base = t.slice(t.lastIndexOf("/") + 1);
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(base);
  if (!m || /^(env|pem|key|p12|pfx|gpg|asc|kdbx|ppk|jks|keystore)$/i.test(m[1])) return false;
  return !base.startsWith(".") && !/^\*?\.?env/i.test(base);
}

/**
 * Why a sed invocation cannot be read as reading its files, or null: GNU sed scripts run commands
 * (`e`, the `s///e` flag), read files (`r`, `R`) and write them (`w`, `W`, `s///w`); a script
 * read from a file (-f) is unknown. `scripts` are every -e/--expression value and the script
 * operand; anything the small reader below does not recognise counts as such a command.
 */
function sedScripts(args: Word[], operand: Word | undefined): string | null {
  const scripts: Word[] = operand ? [operand] : [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t === "--") break;
    if (/^-[a-zA-Z]*f/.test(t) || t === "--file" || t.startsWith("--file=")) return "sed reads its script from a file";
    if (/^-[a-zA-Z]*e$/.test(t) || t === "--expression") {
      if (args[i + 1]) scripts.push(args[++i]);
    } else if (t.startsWith("--expression=")) scripts.push({ ...args[i], text: t.slice("--expression=".length) });
    else if (/^-[a-zA-Z]*e./.test(t)) scripts.push({ ...args[i], text: t.slice(t.indexOf("e") + 1) });
  }
  if (scripts.some((w) => w.dynamic)) return "sed script is an expansion";
  return scripts.some((w) => sedActs(w.text)) ? "sed script runs commands or reads or writes files" : null;
}

/** Whether a sed script may run a command or read or write a file (see sedScripts); true when unsure. */
export function sedActs(script: string): boolean {
  const n = script.length;
  let i = 0;
  /** past the closing delimiter `d` (i just after the opening one); false when unterminated */
  const delimited = (d: string): boolean => {
    while (i < n && script[i] !== d) {
      if (script[i] === "\\") i++;
      i++;
    }
    i++;
    return i <= n;
  };
  const toLineEnd = (stop: RegExp) => {
    while (i < n && !stop.test(script[i])) i += script[i] === "\\" ? 2 : 1;
  };
  while (i < n) {
    const c = script[i];
    if (/[\s;{}!0-9$,~+]/.test(c)) {
      i++; // separators, blocks, negation and line addresses
    } else if (c === "/" || c === "\\") {
      // a regex address: /re/ or \cREc, then its I/M flags
      const d = c === "/" ? "/" : script[i + 1];
      i += c === "/" ? 1 : 2;
      if (d === undefined || d === "\n" || !delimited(d)) return true;
      while (i < n && /[IM]/.test(script[i])) i++;
    } else if (c === "#" || c === "a" || c === "i" || c === "c") {
      i++;
      toLineEnd(/\n/); // a comment, or text to append, insert or change (up to the line's end)
    } else if (c === ":" || c === "b" || c === "t" || c === "T") {
      i++;
      toLineEnd(/[\n;]/); // a label
    } else if (c === "s" || c === "y") {
      const d = script[i + 1];
      i += 2;
      if (d === undefined || d === "\n" || d === "\\" || !delimited(d) || !delimited(d)) return true;
      if (c === "s") for (; i < n && /[^\s;}]/.test(script[i]); i++) if (!/[gpiImM0-9]/.test(script[i])) return true; // e, w FILE, or unknown
    } else if (/[=dDgGhHlLnNpPqQxzF]/.test(c)) {
      i++; // commands on the pattern and hold spaces (l, q, Q may take a number: read as an address)
    } else return true; // e, r, R, w, W, v and anything else
  }
  return false;
}

/** jq's options with two values: --arg/--argjson NAME VALUE (skipped), --slurpfile/--rawfile NAME FILE (FILE is read). */
function jqArgs(args: Word[], read: (f: Word) => void): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t === "--") return out.concat(args.slice(i));
    if (t === "--arg" || t === "--argjson" || t === "--slurpfile" || t === "--rawfile") {
      if (t.endsWith("file") && args[i + 2]) read(args[i + 2]);
      i += 2;
    } else out.push(args[i]);
  }
  return out;
}
