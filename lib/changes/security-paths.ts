// Security-adjacent paths: a change touching one is flagged and must show a human approval
// before merge. Globs are configurable (settings key `changes.security_paths`); these defaults
// cover authentication/authorisation code, CI configuration, dependency manifests and lock
// files, infrastructure and database migrations. Pure.
import { pathGlob, patternList } from "@/lib/policy/glob";
import { normaliseResource } from "@/lib/policy/normalise";

export const DEFAULT_SECURITY_GLOBS: readonly string[] = [
  // authentication, authorisation, secrets handling
  "**/auth/**",
  "**/authn/**",
  "**/authz/**",
  "**/permissions/**",
  "**/rbac/**",
  "**/security/**",
  "**/secrets/**",
  "**/*session*.{ts,js,py,go,rb,java}",
  // CI/CD configuration
  ".github/workflows/**",
  ".github/actions/**",
  ".github/CODEOWNERS",
  "CODEOWNERS",
  ".gitlab-ci.yml",
  ".circleci/**",
  "Jenkinsfile",
  "azure-pipelines.yml",
  ".buildkite/**",
  // containers and infrastructure
  "Dockerfile",
  "**/Dockerfile*",
  "docker-compose*.yml",
  "infra/**",
  "terraform/**",
  "**/*.tf",
  "**/*.tfvars",
  "helm/**",
  "k8s/**",
  "**/kubernetes/**",
  // dependency manifests and lock files
  "package.json",
  "package-lock.json",
  "pnpm-lock.yaml",
  "yarn.lock",
  "bun.lockb",
  "go.mod",
  "go.sum",
  "requirements*.txt",
  "pyproject.toml",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "Gemfile",
  "Gemfile.lock",
  "Cargo.toml",
  "Cargo.lock",
  "pom.xml",
  "build.gradle*",
  "composer.lock",
  // database migrations
  "**/migrations/**",
  "**/migrate/**",
  "db/schema/**",
];

export type PathMatcher = (path: string) => boolean;

/**
 * Compiles globs in the one path-glob dialect (lib/policy/glob.ts `pathGlob`: a glob without "/"
 * matches the file name in any folder, like .gitignore; case-insensitive), `!glob` excluding.
 * Paths are normalised as the policy normalises a resource (`./a`, `a//b`, `a\\b`, `x/../a`).
 */
export function compileSecurityGlobs(globs: readonly string[] = DEFAULT_SECURITY_GLOBS): PathMatcher {
  for (const g of globs) if (g.replace(/^!/, "").trim() === "") throw new Error(`Not a glob: ${JSON.stringify(g)}`);
  const m = patternList(globs, pathGlob);
  const any = globs.some((g) => !g.startsWith("!"));
  return (p) => any && m(normaliseResource(p));
}

/** The changed paths that are security-adjacent, sorted and unique (at most `limit`). */
export function flagSecurityPaths(paths: Iterable<string>, matcher: PathMatcher = compileSecurityGlobs(), limit = 200): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    if (out.size >= limit) break;
    if (p && matcher(p)) out.add(p);
  }
  return [...out].sort();
}
