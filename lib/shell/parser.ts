import fs from "node:fs";
import path from "node:path";
import { Language, Parser, type Tree } from "web-tree-sitter";

/**
 * The bash parser: tree-sitter-bash compiled to WebAssembly, run by web-tree-sitter. Chosen
 * over sh-syntax (mvdan/sh in Go WebAssembly) by measurement (BENCHMARKS.md "Shell analyser"):
 * both parsed every corpus command, but sh-syntax's parse is asynchronous and costs ~4 ms a
 * command (p50) against ~20 µs here. Loading is asynchronous and happens once; parsing is
 * synchronous after that.
 */
let parser: Parser | null = null;
let loading: Promise<void> | null = null;

function wasmPath(pkg: string, file: string): string {
  // Resolved from the working directory: the Next server bundle has no usable import.meta path
  // for node_modules, and both the app and the tests run from the project root.
  const candidates = [path.join(process.cwd(), "node_modules", pkg, file)];
  try {
    const url = import.meta.resolve?.(`${pkg}/package.json`);
    if (url?.startsWith("file:")) candidates.push(path.join(path.dirname(new URL(url).pathname), file));
  } catch {
    /* not resolvable from here: the cwd candidate stays */
  }
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

/** Loads the parser once; later calls return the same promise. */
export function loadShellParser(): Promise<void> {
  if (parser) return Promise.resolve();
  loading ??= (async () => {
    await Parser.init({ locateFile: () => wasmPath("web-tree-sitter", "web-tree-sitter.wasm") });
    const lang = await Language.load(fs.readFileSync(wasmPath("tree-sitter-bash", "tree-sitter-bash.wasm")));
    const p = new Parser();
    p.setLanguage(lang);
    parser = p;
  })().catch((e) => {
    loading = null; // a later call may try again; until then commands are unanalysable (gated)
    throw e;
  });
  return loading;
}

export const shellParserReady = () => parser !== null;

/** Parses synchronously; null when the parser is not loaded (the caller fails closed). */
export function parseShell(source: string): Tree | null {
  return parser ? parser.parse(source) : null;
}
