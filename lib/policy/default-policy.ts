import type { PolicyDocumentInput } from "./types";

/**
 * The policy an instance starts with (version 1 when no policy was ever saved). Lower
 * priority numbers are evaluated first; the first matching enforce rule decides. Anything
 * in scope that no rule names is gated: an allowlist, not a denylist.
 *
 * Format 2: a shell command is decided as the actions of its simple commands (lib/shell):
 * `git push …` is a `git.push` with its branch, `cat .env` a `file.read` of `.env`, `curl …` a
 * `network.request` to its endpoint; `commands` patterns match one simple command (program
 * and arguments), and the most restrictive action of a tool call decides.
 */
export const DEFAULT_POLICY: PolicyDocumentInput = {
  format: 2,
  default_tier: "gated",
  rules: [
    // ---- forbidden: never, whoever asks ----
    {
      id: "forbid-secret-read",
      description: "Reading secrets in plain text (secret stores, environment dumps) is forbidden",
      tier: "forbidden",
      priority: 10,
      match: { action_types: ["secret.read", "env.dump"] },
    },
    {
      id: "forbid-secret-files",
      description: "Secret files (.env, keys, credentials) are never read, written, copied or sent by agents",
      tier: "forbidden",
      priority: 11,
      match: {
        action_types: ["file.read", "file.write", "file.delete"],
        resources: [
          "**/.env", "**/.env.*", "!**/.env.example", "!**/.env.sample", "!**/.env.template", "*.pem", "*.key", "*.p12", "*.pfx",
          "**/id_rsa*", "**/id_ed25519*", "**/id_ecdsa*", "**/.ssh/**", "**/.aws/credentials", "**/.aws/config", "**/.netrc", "**/.npmrc",
          "**/.pypirc", "**/.pgpass", "**/.git-credentials", "**/.docker/config.json", "**/.kube/config", "/etc/shadow", "/etc/gshadow", "/etc/sudoers",
        ],
      },
    },
    {
      id: "forbid-unattended-prod-deploy",
      description: "Agents never deploy to production unattended",
      tier: "forbidden",
      priority: 20,
      match: { action_types: ["deploy"], environments: ["prod", "production", "prod-*"] },
    },
    {
      id: "forbid-access-control",
      description: "Changing access control (IAM, permissions, CODEOWNERS) is forbidden",
      tier: "forbidden",
      priority: 30,
      match: { action_types: ["iam.*", "access.*", "permission.*", "role.*"] },
    },
    {
      id: "forbid-codeowners",
      description: "CODEOWNERS decides who reviews: agents do not change it",
      tier: "forbidden",
      priority: 31,
      match: { action_types: ["file.write", "file.delete"], resources: ["CODEOWNERS", "**/CODEOWNERS"] },
    },
    // ---- gated: a human approves ----
    {
      id: "gate-production",
      description: "Anything in production needs an approval",
      tier: "gated",
      priority: 100,
      match: { environments: ["prod", "production", "prod-*"] },
    },
    {
      id: "gate-protected-branches",
      description: "Merges, pushes, resets and rebases of protected branches need an approval",
      tier: "gated",
      priority: 110,
      match: { action_types: ["git.merge", "pr.merge", "git.push", "git.reset", "git.rebase"], branches: ["main", "master", "release/**", "production"] },
    },
    {
      id: "gate-force-push",
      description: "Force pushes and branch deletions rewrite shared history: they need an approval",
      tier: "gated",
      priority: 111,
      match: { action_types: ["git.push"], commands: ["* --force*", "* -f", "* -f *", "* --mirror*", "* --delete *", "* -d *", "* +*", "* :*"] },
    },
    {
      id: "gate-dependencies",
      description: "Dependency changes and publishing packages need an approval",
      tier: "gated",
      priority: 120,
      match: { action_types: ["dependency.change", "package.publish", "artifact.publish", "release.publish"] },
    },
    {
      id: "gate-dependency-manifests",
      description: "Editing dependency manifests and lockfiles needs an approval",
      tier: "gated",
      priority: 121,
      match: {
        action_types: ["file.write", "file.delete"],
        resources: ["package.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "requirements*.txt", "poetry.lock", "go.mod", "go.sum", "Cargo.toml", "Cargo.lock", "Gemfile*"],
      },
    },
    {
      id: "gate-ci-config",
      description: "CI configuration changes need an approval",
      tier: "gated",
      priority: 130,
      match: { action_types: ["file.write", "file.delete"], resources: [".github/workflows/**", ".github/actions/**", ".gitlab-ci.yml", ".circleci/**", "Jenkinsfile", "azure-pipelines.yml"] },
    },
    {
      id: "gate-migrations",
      description: "Database migrations need an approval",
      tier: "gated",
      priority: 140,
      match: { action_types: ["file.write", "file.delete", "shell.exec"], resources: ["**/migrations/**", "**/migrate/**"] },
    },
    {
      id: "gate-migration-commands",
      description: "Running migrations needs an approval",
      tier: "gated",
      priority: 141,
      match: { commands: ["*migrate*"] },
    },
    {
      id: "gate-infrastructure",
      description: "Infrastructure files need an approval",
      tier: "gated",
      priority: 150,
      match: { action_types: ["file.write", "file.delete"], resources: ["infra/**", "terraform/**", "*.tf", "k8s/**", "helm/**", "**/Dockerfile", "docker-compose*.yml"] },
    },
    {
      id: "gate-infrastructure-commands",
      description: "Infrastructure commands, CI runs and secret changes need an approval (deploys: see free-staging-deploy; others fall to the default tier)",
      tier: "gated",
      priority: 151,
      match: { action_types: ["infra.*", "ci.run", "repo.admin", "secret.write"] },
    },
    {
      id: "gate-privilege",
      description: "Running as another user (sudo) needs an approval",
      tier: "gated",
      priority: 160,
      match: { action_types: ["privilege.*"] },
    },
    {
      id: "gate-recursive-deletes",
      description: "Recursive deletes need an approval",
      tier: "gated",
      priority: 170,
      match: { action_types: ["file.delete"], commands: ["rm *-r*", "rm *-R*", "rm *--recursive*", "rm -*r*", "rm -*R*", "find *", "git clean*"] },
    },
    // ---- free: proceeds ----
    { id: "free-read", description: "Reading code is free", tier: "free", priority: 500, match: { action_types: ["file.read"] } },
    {
      id: "free-tests-and-checks",
      description: "Running tests, linters, builds, read-only git and harmless shell commands is free",
      tier: "free",
      priority: 510,
      match: {
        action_types: ["shell.exec"],
        commands: [
          "npm test*", "npm run test*", "npm run lint*", "npm run typecheck*", "npm run build*", "npm run format*", "npm ls*", "npm outdated*", "npm view *",
          "npx vitest*", "npx tsc*", "npx eslint*", "npx prettier *", "npx playwright test*", "npx jest*",
          "pnpm test*", "pnpm run test*", "pnpm lint*", "pnpm run lint*", "pnpm build*", "yarn test*", "yarn lint*", "yarn build*", "bun test*",
          "pytest*", "python -m pytest*", "python3 -m pytest*", "ruff *", "mypy *", "black --check*", "tox*",
          "go test*", "go vet*", "go build*", "go fmt*", "gofmt *", "cargo test*", "cargo check*", "cargo clippy*", "cargo build*", "cargo fmt*",
          "make test*", "make lint*", "make check*", "make build", "tsc*", "eslint *", "prettier *", "jest*", "vitest*",
          "git status*", "git diff*", "git log*", "git show*", "git branch", "git branch -a*", "git branch --list*", "git branch -v*", "git fetch*", "git pull*",
          "git add *", "git stash*", "git checkout *", "git switch *", "git restore *", "git rev-parse *", "git remote -v", "git blame *", "git ls-files*", "git grep *", "git tag -l*", "git describe*",
          "gh pr view*", "gh pr list*", "gh pr diff*", "gh pr checks*", "gh pr status*", "gh issue view*", "gh issue list*", "gh run view*", "gh run list*", "gh repo view*",
          "ls*", "pwd", "cd", "cd *", "pushd *", "popd", "rg *", "grep *", "find *", "echo*", "printf *", "true", "false", "test *", "[ *", "which *", "type *", "command -v *", "date*", "whoami", "id", "uname*", "hostname",
          "mkdir *", "touch *", "wc*", "sort*", "uniq*", "head*", "tail*", "cat", "tree*", "du *", "df*", "sleep *", "basename *", "dirname *", "realpath *", "readlink *", "mktemp*", "seq *",
          "tr *", "cut *", "jq *", "sed *", "awk *", "diff *", "xargs *", "node --version", "npm --version", "python --version", "python3 --version", "go version", "cargo --version",
        ],
      },
    },
    {
      id: "free-feature-branches",
      description: "Pushing to a named non-protected branch is free",
      tier: "free",
      priority: 520,
      match: { action_types: ["git.push"], branches: ["**"] },
    },
    { id: "free-commits-and-prs", description: "Committing and opening pull requests is free", tier: "free", priority: 521, match: { action_types: ["git.commit", "pr.open"] } },
    { id: "free-source-edits", description: "Editing files inside the scope is free", tier: "free", priority: 530, match: { action_types: ["file.write", "file.delete"] } },
    {
      id: "free-staging-deploy",
      description: "Deploying to dev and staging is free",
      tier: "free",
      priority: 540,
      match: { action_types: ["deploy"], environments: ["dev", "development", "staging", "test", "preview"] },
    },
    {
      id: "free-network-in-scope",
      description: "Requests to endpoints on the agent's allowlist are free (the scope refuses the rest)",
      tier: "free",
      priority: 550,
      match: { action_types: ["network.request", "network.search", "git.clone"] },
    },
  ],
};
