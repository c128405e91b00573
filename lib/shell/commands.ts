import type { Run } from "./analyse";
import { fileAction, fileCommand } from "./files";
import { networkCommand } from "./network";
import { infraCommand } from "./infra";
import type { DerivedAction, ShellContext, Word } from "./types";
import { unwrap } from "./wrappers";
import { emitter } from "./emit";

/**
 * The actions of one simple command. Wrappers recurse (wrappers.ts); file utilities, network
 * clients and infrastructure tools have their own modules; git, gh, package managers, secret
 * stores and environment dumps are here. Anything else stays `shell.exec` with its text.
 */
export function commandActions(run: Run, argv: Word[], text: string, ctx: ShellContext) {
  const prog = argv[0].text.slice(argv[0].text.lastIndexOf("/") + 1);
  const args = argv.slice(1);
  const base: Omit<DerivedAction, "type"> = { tool: "Bash", command: text, source: text };
  const emit = emitter(run, base);
  if (unwrap(run, prog, argv, text, ctx)) return;
  if (fileCommand(run, prog, args, text, ctx)) return;
  if (networkCommand(run, prog, args, text, ctx)) return;
  if (infraCommand(run, prog, args, text, ctx)) return;
  const a = args.map((w) => w.text);
  const sub = a.find((t) => !t.startsWith("-"));
  switch (prog) {
    case "git":
      return git(run, args, base, ctx);
    case "gh":
      return gh(run, a, base, ctx);
    case "printenv":
      return emit("env.dump");
    case "set":
      if (a.length === 0) return emit("env.dump");
      return emit("shell.exec");
    case "compgen":
      return emit(a.includes("-v") || a.includes("-e") ? "env.dump" : "shell.exec");
    case "vault":
      return emit(
        sub === "write" || sub === "put" || (sub === "kv" && /^(put|patch|delete)$/.test(a[1] ?? ""))
          ? "secret.write"
          : sub === "read" || sub === "kv" || sub === "token" || sub === "login" || sub === "print"
            ? "secret.read"
            : "shell.exec",
      );
    case "op":
      return emit(sub === "read" || sub === "item" || sub === "inject" || sub === "run" || sub === "document" ? "secret.read" : "shell.exec");
    case "security":
      return emit(/^(find-generic-password|find-internet-password|dump-keychain|find-certificate|export)$/.test(sub ?? "") ? "secret.read" : "shell.exec");
    case "pass":
    case "gopass":
    case "lpass":
    case "bw":
    case "doppler":
    case "sops":
    case "aws-vault":
    case "chamber":
    case "keyring":
      return emit("secret.read");
    case "gpg":
      if (a.some((t) => t === "-d" || t === "--decrypt" || t === "--export-secret-keys")) return emit("secret.read");
      return emit("shell.exec");
    case "npm":
    case "pnpm":
    case "yarn":
    case "bun":
    case "pip":
    case "pip3":
    case "uv":
    case "poetry":
    case "cargo":
    case "go":
    case "gem":
    case "bundle":
    case "composer":
    case "brew":
    case "apt":
    case "apt-get":
    case "yum":
    case "dnf":
    case "apk":
    case "pipx":
    case "conda":
    case "deno":
      return packageManager(run, prog, a, base);
    case "python":
    case "python3":
      if (a[0] === "-m" && (a[1] === "pip" || a[1] === "pip3")) return packageManager(run, "pip", a.slice(2), base);
      return interpreter(run, prog, args, base, ctx);
    case "node":
    case "perl":
    case "ruby":
    case "php":
    case "deno-run":
      return interpreter(run, prog, args, base, ctx);
  }
  // Unknown program: it stays shell.exec; operands naming a secret file are reads of it.
  emit("shell.exec");
  for (const w of args) if (!w.dynamic && looksLikeSecretFile(w.text)) fileAction(run, "file.read", w, base, ctx);
}

const SECRET_FILE = [
  ".env",
  "id_rsa",
  "id_ed25519",
  "id_ecdsa",
  ".ssh/",
  ".aws/credentials",
  ".pem",
  ".netrc",
  ".npmrc",
  ".pgpass",
  ".git-credentials",
  ".kube/config",
  "/environ",
];
const namesSecretFile = (t: string) => {
  const l = t.toLowerCase();
  return SECRET_FILE.some((m) => l.includes(m));
};
/** An operand naming a secret file (a file name has no blanks; inline code is checked by namesSecretFile). */
function looksLikeSecretFile(t: string) {
  return namesSecretFile(t) && !/\s/.test(t);
}

/** An interpreter's own options whose next word is code, besides the -c/-e/-E clusters of all. */
const CODE_OPTIONS: Record<string, string[]> = { node: ["-p", "--eval", "--print"], php: ["-r"] };

/** `python script.py`, `node -e '…'`: running code we cannot see; a script file is also read. */
function interpreter(run: Run, prog: string, args: Word[], base: Omit<DerivedAction, "type">, ctx: ShellContext) {
  run.emit({ ...base, type: "shell.exec" });
  // -c, -e, -E and clusters ending in one (-pe, -ne, -xc), node's -p/--eval/--print, php's -r: the
  // next word is code. Code naming a secret file reads it, blanks or not (`python3 -c "import os;
  // print(open('.env').read())"`, `node -p "fs.readFileSync('.env', 'utf8')"`)
  const code = args.findIndex((w) => /^-[a-zA-Z]*[ceE]$/.test(w.text) || CODE_OPTIONS[prog]?.includes(w.text));
  if (code >= 0 && args[code + 1] && namesSecretFile(args[code + 1].text))
    run.emit({ ...base, type: "secret.read", resource: args[code + 1].text.slice(0, 200) });
  for (const w of args) if (!w.dynamic && looksLikeSecretFile(w.text)) fileAction(run, "file.read", w, base, ctx);
}

const branchOf = (ref: string) => ref.replace(/^refs\/heads\//, "").trim();

function git(run: Run, args: Word[], base: Omit<DerivedAction, "type">, ctx: ShellContext) {
  let i = 0;
  let dir = ctx;
  while (i < args.length && args[i].text.startsWith("-")) {
    const t = args[i].text;
    if (t === "-C") {
      const d = args[i + 1];
      dir = { ...ctx, dir: d && !d.dynamic ? (d.text.startsWith("/") ? d.text : ctx.dir === null ? null : `${ctx.dir ? ctx.dir + "/" : ""}${d.text}`) : null };
    }
    i += t === "-C" || t === "-c" || t === "--git-dir" || t === "--work-tree" || t === "--namespace" ? 2 : 1;
  }
  const sub = args[i]?.text;
  const rest = args.slice(i + 1);
  const r = rest.map((w) => w.text);
  const emit = emitter(run, base);
  const positional = rest.filter(
    (w, k) =>
      !w.text.startsWith("-") &&
      !(k > 0 && /^(-o|--push-option|--repo|--receive-pack|--exec|-s|--strategy|-X|--strategy-option|-m|-F|--file|-C|-c)$/.test(r[k - 1])),
  );
  switch (sub) {
    case "push": {
      const force = r.some(
        (t) => /^(-f|--force|--force-with-lease.*|--force-if-includes|--mirror|--delete|-d|--prune)$/.test(t) || /^-[a-zA-Z]*f[a-zA-Z]*$/.test(t),
      );
      const [remote, ...specs] = positional;
      // A URL or scp-like `host:path` remote is an endpoint; a remote name or a local path is not.
      const endpoint =
        remote && !remote.dynamic && (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote.text) || /^[^/.][^/]*:/.test(remote.text)) && !remote.text.startsWith("file://")
          ? remote.text
          : undefined;
      if (specs.length === 0 || r.includes("--all") || r.includes("--mirror") || r.includes("--tags")) {
        emit("git.push", { force, endpoint, ...(specs.length === 0 ? {} : { unsure: "pushes every branch" }) });
        if (specs.length === 0) return;
      }
      for (const s of specs) {
        if (s.dynamic) {
          emit("git.push", { force, endpoint, branch: s.text, unsure: "the branch is an expansion" });
          continue;
        }
        let spec = s.text;
        let f = force;
        if (spec.startsWith("+")) {
          f = true;
          spec = spec.slice(1);
        }
        const colon = spec.indexOf(":");
        const dst = colon >= 0 ? spec.slice(colon + 1) : spec;
        if (colon === 0) f = true; // `:main` deletes main
        emit("git.push", {
          branch: branchOf(dst === "HEAD" ? "" : dst) || undefined,
          force: f,
          endpoint,
          ...(dst === "HEAD" ? { unsure: "pushes the current branch" } : {}),
        });
      }
      return;
    }
    case "merge":
      return emit("git.merge", { resource: undefined });
    case "commit":
      return emit("git.commit");
    case "reset":
      return emit(r.includes("--hard") || r.includes("--merge") || r.includes("--keep") ? "git.reset" : "shell.exec");
    case "rebase":
      return emit("git.rebase");
    case "clone": {
      // its own options' values are not the URL (`git clone --depth 1 URL`, `-b main URL`)
      const url = rest.find((w, k) => !w.text.startsWith("-") && !(k > 0 && CLONE_VALUE.test(r[k - 1])));
      const repo = url ? repositoryOf(url.text) : undefined;
      emit("git.clone", {
        repository: repo,
        endpoint: url && /[:/]/.test(url.text) && !url.text.startsWith("/") && !url.text.startsWith(".") ? url.text : undefined,
      });
      return;
    }
    case "clean":
      if (r.some((t) => /^-[a-zA-Z]*f/.test(t) || t === "--force")) return emit("file.delete", { resource: ".", unsure: "git clean removes untracked files" });
      return emit("shell.exec");
    case "apply":
    case "am":
    case "checkout":
    case "restore":
      if (sub === "checkout" || sub === "restore") return emit("shell.exec");
      return emit("file.write", { resource: ".", unsure: "a patch writes the files it names" });
    case "credential":
      return emit("secret.read");
    case "config":
      if (r.some((t) => /credential|token|password|helper/i.test(t))) return emit("secret.read");
      return emit("shell.exec");
    case "show":
    case "diff":
    case "log":
    case "status":
    case "blame":
      emit("shell.exec");
      // `git show HEAD:.env` prints a file of the repository.
      for (const w of positional) {
        const c = w.text.indexOf(":");
        if (sub === "show" && c > 0) fileAction(run, "file.read", { ...w, text: w.text.slice(c + 1) }, base, dir);
      }
      return;
    default:
      return emit("shell.exec");
  }
}

/** git clone's options that take the next word as their value. */
const CLONE_VALUE =
  /^(-o|--origin|-b|--branch|-u|--upload-pack|--reference|--reference-if-able|--separate-git-dir|--depth|--shallow-since|--shallow-exclude|-j|--jobs|--template|-c|--config|--server-option|--filter|--bundle-uri|--ref-format|--revision)$/;

/** `https://github.com/acme/pay.git`, `git@github.com:acme/pay.git` → `acme/pay`. */
export function repositoryOf(url: string): string | undefined {
  const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?[^/:]+[:/]([^?#]+?)(?:\.git)?\/?$/i.exec(url.slice(0, 500));
  if (!m) return undefined;
  const parts = m[1].split("/").filter(Boolean);
  return parts.length >= 2 ? parts.slice(-2).join("/") : undefined;
}

function gh(run: Run, a: string[], base: Omit<DerivedAction, "type">, ctx: ShellContext) {
  const emit = emitter(run, base);
  // the words that are not options nor the value of one (`gh pr --repo acme/pay merge 1`: -R is
  // a flag of every group; `gh repo clone -u up acme/pay`: the upstream remote's name)
  const words = a.filter((t, k) => !t.startsWith("-") && !(k > 0 && /^(-R|--repo|-u|--upstream-remote-name)$/.test(a[k - 1])));
  const [group, verb] = words;
  const valueOf = (...names: string[]) => {
    const k = a.findIndex((t) => names.includes(t));
    return k >= 0
      ? a[k + 1]
      : a
          .find((t) => names.some((n) => t.startsWith(n + "=")))
          ?.split("=")
          .slice(1)
          .join("=");
  };
  if (group === "pr" && verb === "merge") return emit("pr.merge", { branch: valueOf("--base", "-B") });
  if (group === "pr" && verb === "create") return emit("pr.open", { branch: valueOf("--base", "-B") });
  if (group === "release" && /^(create|upload|edit|delete)$/.test(verb ?? "")) return emit("release.publish");
  if (group === "secret" || group === "variable") return emit(verb === "list" ? "shell.exec" : "secret.write");
  if (group === "auth" && (verb === "token" || a.includes("--show-token") || a.includes("-t"))) return emit("secret.read");
  if (group === "repo" && verb === "clone") {
    const repo = words[2];
    return emit("git.clone", { repository: repo ? (repositoryOf(repo) ?? repo) : undefined, endpoint: "https://github.com" });
  }
  if (group === "repo" && /^(delete|archive|edit|rename)$/.test(verb ?? "")) return emit("repo.admin");
  if (group === "workflow" && verb === "run") return emit("ci.run");
  if (group === "api") return ghApi(run, a, base, ctx);
  return emit("shell.exec");
}

/** gh api's options that take a value (short letters, long names): their values are not the path. */
const GH_API_SHORT = "XFfHqtp";
const GH_API_LONG = ["method", "field", "raw-field", "header", "input", "jq", "template", "hostname", "preview", "cache"];

/**
 * `gh api [options] PATH`: a request to the GitHub API. Options are read as gh (pflag) reads them:
 * `-X POST`, `-XPOST`, `--method POST`, `--method=POST`. Fields (`-f`, `-F`) or a body (`--input`)
 * make it an upload, as does any method but GET; `-F k=@FILE` and `--input FILE` read FILE;
 * `--hostname HOST` sends it to a GitHub Enterprise host.
 */
function ghApi(run: Run, a: string[], base: Omit<DerivedAction, "type">, ctx: ShellContext) {
  let path: string | undefined;
  const values: [string, string | undefined][] = [];
  for (let k = a.indexOf("api") + 1; k < a.length; k++) {
    const t = a[k];
    if (t.startsWith("--") && t.length > 2) {
      const eq = t.indexOf("=");
      const name = t.slice(2, eq < 0 ? undefined : eq);
      if (!GH_API_LONG.includes(name)) continue;
      values.push([name, eq < 0 ? a[++k] : t.slice(eq + 1)]);
    } else if (t.startsWith("-") && t.length > 1) {
      if (!GH_API_SHORT.includes(t[1])) continue;
      values.push([t[1], t.length > 2 ? t.slice(t[2] === "=" ? 3 : 2) : a[++k]]);
    } else path ??= t;
  }
  const value = (...names: string[]) => values.find(([n]) => names.includes(n))?.[1];
  const method = (value("X", "method") ?? "").toUpperCase();
  const upload = values.some(([n]) => /^(f|F|field|raw-field|input)$/.test(n)) || (method !== "" && method !== "GET");
  const read = (text: string) => fileAction(run, "file.read", { text, dynamic: false, glob: false }, base, ctx);
  const input = value("input");
  if (input && input !== "-") read(input);
  for (const [n, v] of values) if ((n === "F" || n === "field") && v?.includes("=@") && !v.endsWith("=@-")) read(v.slice(v.indexOf("=@") + 2));
  const host = value("hostname");
  const api = host && host !== "github.com" ? `https://${host}/api/v3` : "https://api.github.com";
  return emitter(run, base)("network.request", { endpoint: `${api}/${(path ?? "").replace(/^\//, "")}`, upload });
}

const INSTALLS: Record<string, RegExp> = {
  npm: /^(install|i|in|add|ci|update|up|upgrade|uninstall|remove|rm|un|r|link|ln|dedupe|prune|audit)$/,
  pnpm: /^(add|install|i|remove|rm|un|uninstall|update|up|upgrade|link|import|dedupe|prune|audit)$/,
  yarn: /^(add|install|remove|upgrade|up|link|import|dedupe|audit)$/,
  bun: /^(add|a|install|i|remove|rm|update|upgrade|link)$/,
  pip: /^(install|uninstall|download)$/,
  pip3: /^(install|uninstall|download)$/,
  uv: /^(add|remove|sync|lock|pip|tool)$/,
  poetry: /^(add|remove|install|update|lock)$/,
  pipx: /^(install|upgrade|inject)$/,
  cargo: /^(add|remove|rm|install|update|uninstall)$/,
  go: /^(get|install)$/,
  gem: /^(install|uninstall|update)$/,
  bundle: /^(install|add|update|remove)$/,
  composer: /^(require|install|update|remove)$/,
  brew: /^(install|uninstall|upgrade|tap)$/,
  apt: /^(install|remove|purge|upgrade)$/,
  "apt-get": /^(install|remove|purge|upgrade|dist-upgrade)$/,
  yum: /^(install|remove|update)$/,
  dnf: /^(install|remove|update|upgrade)$/,
  apk: /^(add|del|upgrade)$/,
  conda: /^(install|remove|update|create)$/,
  deno: /^(add|install|remove)$/,
};
const PUBLISH: Record<string, RegExp> = {
  npm: /^(publish|unpublish|deprecate|dist-tag|owner|access|token|adduser|login)$/,
  pnpm: /^publish$/,
  yarn: /^(publish|npm)$/,
  bun: /^publish$/,
  cargo: /^(publish|yank|owner|login)$/,
  gem: /^(push|yank|owner)$/,
  poetry: /^publish$/,
  uv: /^publish$/,
};

function packageManager(run: Run, prog: string, a: string[], base: Omit<DerivedAction, "type">) {
  const emit = emitter(run, base);
  const words = a.filter((t) => !t.startsWith("-"));
  const sub = words[0];
  // `yarn` alone installs; `npm config get token`, `npm token` read credentials.
  if (prog === "yarn" && sub === undefined) return emit("dependency.change");
  if ((prog === "npm" || prog === "pnpm" || prog === "yarn") && sub === "config" && /token|auth|password/i.test(a.join(" "))) return emit("secret.read");
  if (sub && PUBLISH[prog]?.test(sub)) return emit("package.publish");
  if (sub && INSTALLS[prog]?.test(sub)) {
    if (prog === "uv" && (sub === "pip" || sub === "tool") && !/^(install|uninstall|sync)$/.test(words[1] ?? "")) return emit("shell.exec");
    const pkgs = words.slice(sub === "pip" || sub === "tool" ? 2 : 1);
    return emit("dependency.change", pkgs.length ? { resource: pkgs.join(" ").slice(0, 500) } : {});
  }
  return emit("shell.exec");
}
