import type { Run } from "./analyse";
import { fileEmitter } from "./files";
import type { DerivedAction, ShellContext, Word } from "./types";

/**
 * Network clients → `network.request` with the endpoint and whether a file or stdin is sent
 * (`upload`); files they send are reads of those files, files they save are writes.
 */
const CURL_VALUE = new Set([
  "-d",
  "--data",
  "--data-raw",
  "--data-binary",
  "--data-urlencode",
  "--data-ascii",
  "--json",
  "-F",
  "--form",
  "--form-string",
  "-T",
  "--upload-file",
  "-X",
  "--request",
  "-H",
  "--header",
  "-o",
  "--output",
  "-u",
  "--user",
  "-A",
  "--user-agent",
  "-e",
  "--referer",
  "-b",
  "--cookie",
  "-c",
  "--cookie-jar",
  "-K",
  "--config",
  "-x",
  "--proxy",
  "-w",
  "--write-out",
  "--connect-timeout",
  "-m",
  "--max-time",
  "--retry",
  "--url",
  "-E",
  "--cert",
  "--key",
  "--cacert",
  "-r",
  "--range",
  "--resolve",
  "--connect-to",
  "-U",
  "--proxy-user",
  "--max-redirs",
  "-z",
  "--time-cond",
  "--retry-delay",
  "--retry-max-time",
  "-Y",
  "-y",
  "--limit-rate",
  "--oauth2-bearer",
  "--variable",
  "--expand-data",
  "--aws-sigv4",
  "--interface",
  "-P",
  "--ftp-port",
  "--create-file-mode",
  "--trace",
  "--trace-ascii",
  "--stderr",
  "-D",
  "--dump-header",
]);
const CURL_UPLOAD = /^(-d|--data.*|--json|-F|--form.*|-T|--upload-file|--expand-data)$/;

const lit = (text: string): Word => ({ text, dynamic: false, glob: false });

/** `net(endpoint, upload, extra)`: a network request of this command (a factory: see emit.ts). */
function netEmitter(run: Run, base: Omit<DerivedAction, "type">) {
  return (endpoint: string | undefined, upload: boolean, extra: Partial<DerivedAction> = {}) =>
    run.emit({ ...base, type: "network.request", ...(endpoint ? { endpoint } : { unsure: "the endpoint cannot be read" }), upload, ...extra });
}

/** wget's long options that take a value (the next word, or after `=`). */
const WGET_LONG = [
  "--output-document",
  "--output-file",
  "--append-output",
  "--input-file",
  "--directory-prefix",
  "--post-data",
  "--post-file",
  "--body-data",
  "--body-file",
  "--method",
  "--header",
  "--user-agent",
  "--user",
  "--password",
  "--tries",
  "--timeout",
  "--execute",
  "--load-cookies",
  "--save-cookies",
];

/** The programs networkCommand handles (its switch's cases; lib/shell/programs.test.ts keeps the two equal). */
export const NETWORK_PROGRAMS: ReadonlySet<string> = new Set([
  "curl",
  "wget",
  "nc",
  "ncat",
  "netcat",
  "telnet",
  "socat",
  "scp",
  "rsync",
  "sftp",
  "ftp",
  "lftp",
  "tftp",
  "http",
  "https",
  "xh",
  "xhs",
]);

export function networkCommand(run: Run, prog: string, args: Word[], text: string, ctx: ShellContext): boolean {
  if (!NETWORK_PROGRAMS.has(prog)) return false; // before anything is allocated: most commands are none of these
  const base: Omit<DerivedAction, "type"> = { tool: "Bash", command: text, source: text };
  const net = netEmitter(run, base);
  const act = fileEmitter(run, base, ctx);
  switch (prog) {
    case "curl": {
      const urls: Word[] = [];
      let upload = false;
      for (let i = 0; i < args.length; i++) {
        const w = args[i];
        let t = w.text;
        let v: Word | undefined;
        if (t.startsWith("--") && t.includes("=")) {
          v = { ...w, text: t.slice(t.indexOf("=") + 1) };
          t = t.slice(0, t.indexOf("="));
        } else if (CURL_VALUE.has(t)) v = args[++i];
        else if (/^-[^-]./.test(t)) {
          // a cluster (-sSL) or an inline value (-ofile, -sd@f): as getopt reads it, the first
          // letter that takes a value takes the rest of the word, or the next word when it is last
          const k = [...t.slice(1)].findIndex((c) => CURL_VALUE.has("-" + c)) + 1;
          if (k === 0) continue;
          v = k < t.length - 1 ? { ...w, text: t.slice(k + 1) } : args[++i];
          t = "-" + t[k];
        } else if (!t.startsWith("-")) {
          urls.push(w);
          continue;
        }
        if (!v) continue;
        if (CURL_UPLOAD.test(t)) {
          upload = true;
          const val = v.text;
          if (t === "-T" || t === "--upload-file") act("file.read", v);
          else if (t === "-F" || t.startsWith("--form")) {
            const at = val.search(/=[@<]/);
            if (at >= 0) act("file.read", { ...v, text: val.slice(at + 2).split(";")[0] });
          } else if (val.startsWith("@") && t !== "--data-raw") act("file.read", { ...v, text: val.slice(1) });
        }
        if ((t === "-X" || t === "--request") && !/^(GET|HEAD|OPTIONS)$/i.test(v.text)) upload = true;
        if (t === "-o" || t === "--output" || t === "-c" || t === "--cookie-jar" || t === "-D" || t === "--dump-header") act("file.write", v);
        if (t === "-K" || t === "--config" || t === "-E" || t === "--cert" || t === "--key") act("file.read", v);
        if (t === "--url") urls.push(v);
        if ((t === "-u" || t === "--user" || t === "--oauth2-bearer") && !v.dynamic) run.emit({ ...base, type: "network.credentials" });
      }
      if (urls.length === 0) net(undefined, upload);
      for (const u of urls) net(u.dynamic ? undefined : u.text, upload, u.dynamic ? { unsure: "the URL is an expansion" } : {});
      return true;
    }
    case "wget": {
      const urls: Word[] = [];
      let upload = false;
      for (let i = 0; i < args.length; i++) {
        const w = args[i];
        // --opt=value; a short option's value may be in the same word (-Ofile, -qO-)
        const short = /^-[^-]/.test(w.text) ? [...w.text.slice(1)].findIndex((c) => "OoaiPUtTe".includes(c)) + 1 : 0;
        const [given, inline] =
          w.text.startsWith("--") && w.text.includes("=")
            ? [w.text.slice(0, w.text.indexOf("=")), { ...w, text: w.text.slice(w.text.indexOf("=") + 1) }]
            : short > 0
              ? ["-" + w.text[short], short < w.text.length - 1 ? { ...w, text: w.text.slice(short + 1) } : undefined]
              : [w.text, undefined];
        // wget (getopt_long) takes an unambiguous prefix of a long option: --output-doc FILE
        const t = (given.startsWith("--") && given.length > 3 && WGET_LONG.find((o) => o.startsWith(given))) || given;
        const takes = /^-[OoaiPUtTe]$/.test(t) || WGET_LONG.includes(t);
        const v = inline ?? (takes ? args[++i] : undefined);
        if (!t.startsWith("-")) urls.push(w);
        if (!v) continue;
        if (t === "--post-data" || t === "--body-data") upload = true;
        if (t === "--post-file" || t === "--body-file") {
          upload = true;
          act("file.read", v);
        }
        if (t === "--method" && !/^(GET|HEAD)$/i.test(v.text)) upload = true;
        if (["-O", "--output-document", "-o", "--output-file", "-a", "--append-output", "--save-cookies"].includes(t)) act("file.write", v);
        if (t === "-P" || t === "--directory-prefix") act("file.write", { ...v, text: `${v.text.replace(/\/+$/, "")}/*`, glob: true });
        if (t === "-i" || t === "--input-file" || t === "--load-cookies") act("file.read", v);
      }
      if (urls.length === 0) net(undefined, upload);
      for (const u of urls) net(u.dynamic ? undefined : u.text, upload);
      return true;
    }
    case "nc":
    case "ncat":
    case "netcat":
    case "telnet": {
      const ops: Word[] = [];
      // a long option (ncat --proxy HOST, --sh-exec CMD…) may take the next word: the host is unknown
      let longOption = false;
      for (let i = 0; i < args.length; i++) {
        const t = args[i].text;
        if (t.startsWith("-")) {
          if (/^-[a-zA-Z0-9]*[pswiqWXxeco]$/.test(t)) i++;
          longOption ||= /^--[^=]+$/.test(t);
          continue;
        }
        ops.push(args[i]);
      }
      // -e/-c (nc, ncat --exec, --sh-exec, --lua-exec) run a program on the connection
      if (args.some((w) => /^(?:-[a-zA-Z0-9]*[ec]|--(?:sh-|lua-)?exec(?:=|$))/.test(w.text))) run.emit({ ...base, type: "shell.exec" });
      if (args.some((w) => /^-[a-zA-Z]*l/.test(w.text))) return (run.emit({ ...base, type: "network.listen" }), true);
      const host = longOption ? undefined : ops[0];
      net(host && !host.dynamic ? `tcp://${host.text}${ops[1] ? ":" + ops[1].text : ""}` : undefined, true);
      return true;
    }
    case "socat": {
      // each address (socat(1)): a connection, a listener, a file; any other address (EXEC,
      // SYSTEM, UNIX, a proxy…) runs a program or opens what we do not read: shell.exec
      let other = false;
      for (const w of args) {
        if (/^-./.test(w.text)) continue; // options (-d, -u, -T5 …); a lone `-` is stdio
        const m = /^(?:tcp|tcp4|tcp6|udp|udp4|udp6|openssl|ssl)(?:-connect)?:([^:,]+)/i.exec(w.text);
        const f = /^(?:open|file|gopen|create):([^,]+)/i.exec(w.text);
        if (m) net(`tcp://${m[1]}`, true);
        else if (/^(?:tcp|tcp4|tcp6|udp|udp4|udp6|openssl|ssl|sctp|sctp4|sctp6|dccp)-(?:l|listen|recv|recvfrom)\b/i.test(w.text))
          run.emit({ ...base, type: "network.listen" });
        else if (f) {
          // OPEN, FILE and GOPEN read and write the file (an address is both ways), CREATE writes it
          if (!/^create:/i.test(w.text)) act("file.read", lit(f[1]));
          act("file.write", lit(f[1]));
        } else if (!/^(?:-|stdio|stdin|stdout|stderr)$/i.test(w.text)) other = true;
      }
      if (other || !args.some((w) => /^(?:tcp|udp|openssl|ssl)/i.test(w.text))) run.emit({ ...base, type: "shell.exec" });
      return true;
    }
    case "scp":
    case "rsync":
    case "sftp": {
      const ops: Word[] = [];
      for (let i = 0; i < args.length; i++) {
        const t = args[i].text;
        if (t.startsWith("-")) {
          if (/^-[a-zA-Z0-9]*[PiFoJlcSe]$/.test(t) && prog !== "rsync") i++;
          else if (prog === "rsync" && (t === "-e" || t === "--rsh")) i++;
          continue;
        }
        ops.push(args[i]);
      }
      const remote = (w: Word) => /^[^/.][^/]*:/.test(w.text) || /^(rsync|sftp|scp):\/\//.test(w.text);
      const host = (w: Word) =>
        w.text
          .replace(/^[a-z]+:\/\//, "")
          .replace(/^[^@]*@/, "")
          .split(/[:/]/)[0];
      if (prog === "sftp") return (net(ops[0] ? `ssh://${host(ops[0])}` : undefined, true), true);
      const dest = ops[ops.length - 1];
      const sources = ops.slice(0, -1);
      for (const s of sources) if (!remote(s)) act("file.read", s);
      const hosts = ops.filter(remote);
      for (const h of hosts) net(`ssh://${host(h)}`, dest ? remote(dest) : false);
      if (dest && !remote(dest)) act("file.write", dest);
      return true;
    }
    case "ftp":
    case "lftp":
    case "tftp": {
      // the host is the first operand; an option before it that may take a value (lftp -u USER
      // HOST, -p PORT, -e CMD) leaves it unknown
      const at = args.findIndex((w) => !w.text.startsWith("-"));
      const flagsOnly = args.slice(0, Math.max(at, 0)).every((w) => /^-[nvdigt46]+$/.test(w.text));
      net(at >= 0 && flagsOnly && !args[at].dynamic ? args[at].text : undefined, true);
      return true;
    }
    case "http":
    case "https":
    case "xh":
    case "xhs": {
      const ops = args.filter((w) => !w.text.startsWith("-"));
      const methodFirst = ops[0] && /^[A-Z]+$/.test(ops[0].text);
      const url = ops[methodFirst ? 1 : 0];
      const items = ops.slice(methodFirst ? 2 : 1);
      for (const it of items) {
        const m = /^[^=:@]*(?:=@|@|:=@)(.+)$/.exec(it.text);
        if (m) act("file.read", { ...it, text: m[1] });
      }
      const upload = items.some((it) => /[=@]/.test(it.text)) || (methodFirst && !/^(GET|HEAD)$/.test(ops[0].text));
      const u =
        url && !url.dynamic
          ? /^[a-z]+:\/\//.test(url.text) || url.text.startsWith(":")
            ? url.text
            : `${prog === "https" || prog === "xhs" ? "https" : "http"}://${url.text}`
          : undefined;
      net(u, Boolean(upload));
      return true;
    }
  }
  return false;
}
