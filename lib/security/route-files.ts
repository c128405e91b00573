// Finds every Next route file under app/ and the HTTP methods it exports (test-only), so the
// matrix can prove each one is a declared machine route or an explicitly allowed exception.
import fs from "node:fs";
import path from "node:path";

export function walk(dir: string, name: (f: string) => boolean, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, name, out);
    else if (name(e.name)) out.push(p);
  }
  return out;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** Methods exported by a route file: `export const GET`, `export async function GET`, `export { x as GET }`. */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|async\s+function|function)\s+([A-Z]+)\b/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const part of m[1].split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) found.add(name);
    }
  return [...found].filter((m) => METHODS.includes(m));
}

/** app/api/v1/agents/[id]/kill/route.ts → /api/v1/agents/:id/kill (route groups dropped). */
export function urlPathOf(file: string): string {
  const rel = file
    .replace(/\\/g, "/")
    .replace(/^app\//, "")
    .replace(/\/?route\.ts$/, "");
  const segs = rel
    .split("/")
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .map((s) => (/^\[\.\.\..+\]$/.test(s) ? "*" : /^\[(.+)\]$/.test(s) ? `:${s.slice(1, -1)}` : s));
  return "/" + segs.join("/");
}

export interface RouteFile {
  file: string;
  path: string;
  methods: string[];
  source: string;
}

export function listRouteFiles(root: string): RouteFile[] {
  return walk(path.join(root, "app"), (f) => f === "route.ts" || f === "route.tsx" || f === "route.js")
    .map((abs) => path.relative(root, abs).replace(/\\/g, "/"))
    .sort()
    .map((file) => {
      const source = fs.readFileSync(path.join(root, file), "utf8");
      return { file, path: urlPathOf(file), methods: exportedMethods(source), source };
    });
}
