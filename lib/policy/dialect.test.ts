// One path-glob dialect (issue 18): a path pattern means the same in a policy rule's `resources`,
// an agent's scope `paths` and the security-adjacent path settings — lib/policy/glob.ts
// `pathGlob`: `*` inside one segment, `**` across them, a pattern without `/` matches the file
// name in any folder (like .gitignore), case-insensitive (`.ENV` is `.env` on the file systems
// agents run on), values normalised first (`./a`, `a//b`, `a\b`, `x/../a`).
import { describe, expect, it } from "vitest";
import { compileSecurityGlobs } from "@/lib/changes/security-paths";
import { checkScope, entriesFromLists } from "@/lib/registry/scope";
import { compilePolicy, evaluate } from "./index";

const NOW = new Date("2026-12-05T00:00:00Z");
const agent = {
  status: "active" as const,
  role: "r",
  kind: "k",
  scope: entriesFromLists({ branches: ["**"], environments: ["**"], paths: ["**"], repositories: ["**"] }),
};

/** Does `pattern` cover `path` in each of the three places a person writes path globs? */
function readings(pattern: string, path: string) {
  const policy = compilePolicy({ default_tier: "free", rules: [{ id: "p", tier: "forbidden", match: { resources: [pattern] } }] }, "1");
  return {
    policy: evaluate({ agent, action: { type: "file.read", resource: path }, fleetFrozen: false, now: NOW }, policy).decision === "deny",
    scope: checkScope(entriesFromLists({ paths: [pattern] }), { type: "file.read", resource: path }, NOW).allowed,
    security: compileSecurityGlobs([pattern])(path),
  };
}

const CASES: [pattern: string, path: string, covered: boolean][] = [
  // a pattern without "/" matches the file name in any folder
  ["*.md", "README.md", true],
  ["*.md", "docs/guide/intro.md", true],
  [".env", "services/api/.env", true],
  ["Dockerfile", "deploy/Dockerfile", true],
  // with a "/" it is anchored at the workspace root
  ["docs/*.md", "docs/a.md", true],
  ["docs/*.md", "x/docs/a.md", false],
  ["docs/*.md", "docs/sub/a.md", false],
  ["src/**", "src/a/b/c.ts", true],
  ["src/**", "lib/src/a.ts", false],
  ["**/auth/**", "lib/auth/tokens.ts", true],
  // case-insensitive
  ["*.env", "CONFIG/PROD.ENV", true],
  [".github/workflows/**", ".GitHub/Workflows/ci.yml", true],
  // values normalised first
  ["src/**", "./src/a.ts", true],
  ["src/**", "src//a.ts", true],
  ["src/**", "src\\a.ts", true],
  ["src/**", "lib/../src/a.ts", true],
  [".env", "src/x/../.env", true],
  // dot files are matched by * and **
  ["src/**", "src/.hidden/a", true],
  ["*", ".env", true],
  // no match
  ["*.md", "docs/a.mdx", false],
  ["src/**", "srcx/a.ts", false],
];

describe("one path-glob dialect", () => {
  it.each(CASES)("%j covers %j: %s — in policy rules, agent scopes and security-adjacent paths alike", (pattern, path, covered) => {
    expect(readings(pattern, path)).toEqual({ policy: covered, scope: covered, security: covered });
  });
});
