// Security-adjacent paths: a change touching one is flagged and must show a human approval
// before merge. Globs are configurable (settings key `changes.security_paths`); these defaults
// cover authentication/authorisation code, CI configuration, dependency manifests and lock
// files, infrastructure and database migrations. Pure.
import picomatch from "picomatch";

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

/** Compiles globs; a glob without "/" matches the file name in any folder (like .gitignore). */
export function compileSecurityGlobs(globs: readonly string[] = DEFAULT_SECURITY_GLOBS): PathMatcher {
  const pos: PathMatcher[] = [];
  const neg: PathMatcher[] = [];
  for (const raw of globs) {
    const negated = raw.startsWith("!");
    const g = negated ? raw.slice(1) : raw;
    const m = picomatch(g, { dot: true, nocase: false });
    const fn: PathMatcher = g.includes("/") ? (p) => m(p) : (p) => m(p.slice(p.lastIndexOf("/") + 1));
    (negated ? neg : pos).push(fn);
  }
  return (p) => {
    const path = p.replace(/^\.?\//, "");
    return !neg.some((n) => n(path)) && pos.some((m) => m(path));
  };
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
