import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { INFRA_PROGRAMS } from "./infra";
import { NETWORK_PROGRAMS } from "./network";
import { WRAPPERS } from "./wrappers";

// Under Stryker this file runs in a sandbox (.stryker-tmp/sandbox-…/lib/shell) whose sources are
// instrumented, every `case "…":` rewritten: read the original source next to the sandbox.
const SOURCE_DIR = import.meta.dirname.replace(/[/\\]\.stryker-tmp[/\\]sandbox-[^/\\]+/, "");

/** The string cases of the top-level `switch (prog)` of `fn` in `file`. */
function cases(file: string, fn: string): string[] {
  const s = fs.readFileSync(path.join(SOURCE_DIR, file), "utf8");
  const at = s.indexOf(`export function ${fn}(`);
  const sw = s.indexOf("switch (prog)", at);
  const end = s.indexOf("\nexport function", sw);
  return [...s.slice(sw, end < 0 ? undefined : end).matchAll(/^ {4}case "([^"]+)":/gm)].map((m) => m[1]);
}

// Each module answers "not mine" before allocating anything for programs outside its set; the
// set must name exactly the programs its switch handles, or a new case would never be reached.
describe("the program sets the analyser checks first", () => {
  it.each([
    ["network.ts", "networkCommand", NETWORK_PROGRAMS],
    ["infra.ts", "infraCommand", INFRA_PROGRAMS],
    ["wrappers.ts", "unwrap", WRAPPERS],
  ] as const)("%s %s", (file, fn, set) => {
    const found = cases(file, fn);
    expect(found.length).toBeGreaterThan(10);
    expect([...set].sort()).toEqual([...new Set(found)].sort());
  });
});
