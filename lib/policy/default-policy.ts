import type { PolicyDocumentInput } from "./types";

/**
 * The policy an instance starts with (version 1 when no policy was ever saved). Lower
 * priority numbers are evaluated first; the first matching enforce rule decides. Anything
 * in scope that no rule names is gated: an allowlist, not a denylist.
 */
export const DEFAULT_POLICY: PolicyDocumentInput = {
  default_tier: "gated",
  rules: [
    // ---- forbidden: never, whoever asks ----
    {
      id: "forbid-secret-read",
      description: "Reading secrets in plain text is forbidden",
      tier: "forbidden",
      priority: 10,
      match: { action_types: ["secret.read"] },
    },
    {
      id: "forbid-secret-files",
      description: "Secret files (.env, keys) are never read or written by agents",
      tier: "forbidden",
      priority: 11,
      match: { action_types: ["file.read", "file.write"], resources: ["**/.env", "**/.env.*", "*.pem", "*.key", "**/id_rsa*", "**/.aws/credentials"] },
    },
    {
      id: "forbid-secret-commands",
      description: "Commands that print secrets are forbidden",
      tier: "forbidden",
      priority: 12,
      match: { action_types: ["shell.exec"], commands: ["*printenv*", "*cat *.env*", "*secretsmanager get-secret-value*", "*vault kv get*", "*vault read*"] },
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
      match: { action_types: ["file.write"], resources: ["CODEOWNERS", "**/CODEOWNERS"] },
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
      description: "Merges and pushes to protected branches need an approval",
      tier: "gated",
      priority: 110,
      match: { action_types: ["git.merge", "pr.merge", "git.push"], branches: ["main", "master", "release/**", "production"] },
    },
    {
      id: "gate-dependencies",
      description: "Dependency changes need an approval",
      tier: "gated",
      priority: 120,
      match: { action_types: ["dependency.change"] },
    },
    {
      id: "gate-dependency-manifests",
      description: "Editing dependency manifests and lockfiles needs an approval",
      tier: "gated",
      priority: 121,
      match: {
        action_types: ["file.write"],
        resources: ["package.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "requirements*.txt", "poetry.lock", "go.mod", "go.sum", "Cargo.toml", "Cargo.lock", "Gemfile*"],
      },
    },
    {
      id: "gate-package-install",
      description: "Installing packages changes dependencies",
      tier: "gated",
      priority: 122,
      match: { action_types: ["shell.exec"], commands: ["npm install *", "npm i *", "pnpm add *", "yarn add *", "pip install *", "go get *", "cargo add *"] },
    },
    {
      id: "gate-ci-config",
      description: "CI configuration changes need an approval",
      tier: "gated",
      priority: 130,
      match: { action_types: ["file.write"], resources: [".github/workflows/**", ".github/actions/**", ".gitlab-ci.yml", ".circleci/**", "Jenkinsfile", "azure-pipelines.yml"] },
    },
    {
      id: "gate-migrations",
      description: "Database migrations need an approval",
      tier: "gated",
      priority: 140,
      match: { action_types: ["file.write", "shell.exec"], resources: ["**/migrations/**", "**/migrate/**"] },
    },
    {
      id: "gate-migration-commands",
      description: "Running migrations needs an approval",
      tier: "gated",
      priority: 141,
      match: { action_types: ["shell.exec"], commands: ["*migrate*"] },
    },
    {
      id: "gate-infrastructure",
      description: "Infrastructure changes need an approval",
      tier: "gated",
      priority: 150,
      match: { action_types: ["file.write"], resources: ["infra/**", "terraform/**", "*.tf", "k8s/**", "helm/**", "**/Dockerfile", "docker-compose*.yml"] },
    },
    {
      id: "gate-infrastructure-commands",
      description: "Infrastructure commands need an approval",
      tier: "gated",
      priority: 151,
      match: { action_types: ["shell.exec"], commands: ["terraform *", "kubectl *", "helm *", "pulumi *", "aws *", "gcloud *", "az *"] },
    },
    // ---- free: proceeds ----
    { id: "free-read", description: "Reading code is free", tier: "free", priority: 500, match: { action_types: ["file.read"] } },
    {
      id: "free-tests-and-checks",
      description: "Running tests, linters and read-only git is free",
      tier: "free",
      priority: 510,
      match: {
        action_types: ["shell.exec"],
        commands: [
          "npm test*", "npm run test*", "npm run lint*", "npm run typecheck*", "npx vitest*", "npx tsc*", "npx eslint*",
          "pnpm test*", "yarn test*", "pytest*", "go test*", "cargo test*", "make test*",
          "git status*", "git diff*", "git log*", "git show*", "ls*", "pwd", "rg *", "grep *",
        ],
      },
    },
    {
      id: "free-feature-branches",
      description: "Pushing and opening pull requests on non-protected branches is free",
      tier: "free",
      priority: 520,
      match: { action_types: ["git.push", "git.commit", "pr.open"] },
    },
    { id: "free-source-edits", description: "Editing files inside the scope is free", tier: "free", priority: 530, match: { action_types: ["file.write"] } },
    {
      id: "free-staging-deploy",
      description: "Deploying to dev and staging is free",
      tier: "free",
      priority: 540,
      match: { action_types: ["deploy"], environments: ["dev", "development", "staging", "test"] },
    },
  ],
};
