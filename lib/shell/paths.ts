import path from "node:path";
import type { ShellContext } from "./types";

const IGNORED = new Set(["-", "/dev/null", "/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/zero", "/dev/random", "/dev/urandom"]);

/**
 * A path operand resolved against the current directory and normalised: inside the workspace it
 * becomes workspace-relative (`src/../.env` → `.env`), outside it stays absolute (`/etc/passwd`)
 * or home-relative (`~/.aws/credentials`), and both are outside every relative path allowlist.
 * null for operands that are not files (`-`, `/dev/null`, file descriptors).
 */
export function resolvePath(p: string, ctx: ShellContext): { path: string; unsure?: string } | null {
  if (IGNORED.has(p) || p.startsWith("/dev/fd/")) return null;
  if (p === "~" || p.startsWith("~/")) return { path: "~" + path.posix.normalize(p.slice(1) || "/").replace(/\/$/, "") };
  if (p.startsWith("~")) return { path: p }; // ~user/…: another home, outside
  if (p.startsWith("/")) return { path: fromAbsolute(path.posix.normalize(p), ctx.root) };
  if (ctx.dir === null) return { path: path.posix.normalize(p), unsure: "relative to an unknown directory" };
  if (ctx.dir.startsWith("/") || ctx.dir.startsWith("~")) return { path: fromAbsolute(path.posix.normalize(path.posix.join(ctx.dir, p)), ctx.root) };
  const joined = path.posix.normalize(path.posix.join(ctx.dir || ".", p));
  if (joined === ".." || joined.startsWith("../")) return { path: ctx.root ? path.posix.normalize(path.posix.join(ctx.root, joined)) : joined };
  return { path: joined.replace(/\/$/, "") || "." };
}

function fromAbsolute(abs: string, root: string | null): string {
  if (!root) return abs;
  const r = root.endsWith("/") ? root.slice(0, -1) : root;
  if (abs === r) return ".";
  if (abs.startsWith(r + "/")) return abs.slice(r.length + 1);
  return abs;
}

/** The directory after `cd arg`, or null when it cannot be known. */
export function changeDir(arg: string | undefined, ctx: ShellContext): string | null {
  if (arg === undefined || arg === "~") return "~";
  if (arg === "-") return null;
  const r = resolvePath(arg, ctx);
  if (!r || r.unsure) return null;
  return r.path === "." ? "" : r.path;
}
