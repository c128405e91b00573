// Vocabulary of the demo organisation "Acme": teams, people, repositories, agents, the
// things agents do. Pure data.

export const ORG_DOMAIN = "acme.test";

export const TEAMS = [
  { slug: "payments", name: "Payments" },
  { slug: "platform", name: "Platform" },
  { slug: "identity", name: "Identity & Access" },
  { slug: "data", name: "Data" },
  { slug: "mobile", name: "Mobile" },
  { slug: "devex", name: "Developer Experience" },
] as const;
export type TeamSlug = (typeof TEAMS)[number]["slug"];

export type Role = "admin" | "security_lead" | "approver" | "eng_manager" | "viewer";

export interface Person {
  email: string;
  name: string;
  role: Role;
  team: TeamSlug | null;
  /** GitHub login, for changes they author/merge */
  login: string;
}

// The well-known demo accounts come first (README, e2e fixtures).
export const PEOPLE: Person[] = [
  { email: "admin@acme.test", name: "Dana Whitfield", role: "admin", team: "platform", login: "dwhitfield" },
  { email: "security@acme.test", name: "Sam Okafor", role: "security_lead", team: null, login: "sokafor" },
  { email: "approver@acme.test", name: "Priya Raman", role: "approver", team: "payments", login: "praman" },
  { email: "manager@acme.test", name: "Marcus Lee", role: "eng_manager", team: "payments", login: "mlee" },
  { email: "viewer@acme.test", name: "Vera Novak", role: "viewer", team: "data", login: "vnovak" },
  { email: "tomas.berg@acme.test", name: "Tomas Berg", role: "admin", team: "devex", login: "tberg" },
  { email: "lena.fischer@acme.test", name: "Lena Fischer", role: "security_lead", team: null, login: "lfischer" },
  { email: "omar.haddad@acme.test", name: "Omar Haddad", role: "security_lead", team: "identity", login: "ohaddad" },
  { email: "grace.kim@acme.test", name: "Grace Kim", role: "approver", team: "platform", login: "gkim" },
  { email: "diego.alvarez@acme.test", name: "Diego Alvarez", role: "approver", team: "identity", login: "dalvarez" },
  { email: "hannah.wright@acme.test", name: "Hannah Wright", role: "approver", team: "mobile", login: "hwright" },
  { email: "aisha.bello@acme.test", name: "Aisha Bello", role: "eng_manager", team: "platform", login: "abello" },
  { email: "kenji.sato@acme.test", name: "Kenji Sato", role: "eng_manager", team: "data", login: "ksato" },
  { email: "sofia.rossi@acme.test", name: "Sofia Rossi", role: "eng_manager", team: "mobile", login: "srossi" },
  { email: "noah.patel@acme.test", name: "Noah Patel", role: "eng_manager", team: "identity", login: "npatel" },
  { email: "mia.johansson@acme.test", name: "Mia Johansson", role: "viewer", team: "devex", login: "mjohansson" },
  { email: "ravi.iyer@acme.test", name: "Ravi Iyer", role: "viewer", team: "payments", login: "riyer" },
];

/** Engineers who start agent sessions and author/merge changes (SSO people, not all signed in yet). */
export const ENGINEERS: Record<TeamSlug, { email: string; login: string }[]> = {
  payments: [
    { email: "jonas.meyer@acme.test", login: "jmeyer" },
    { email: "chloe.martin@acme.test", login: "cmartin" },
    { email: "ravi.iyer@acme.test", login: "riyer" },
    { email: "ana.souza@acme.test", login: "asouza" },
  ],
  platform: [
    { email: "ben.carter@acme.test", login: "bcarter" },
    { email: "yuki.tanaka@acme.test", login: "ytanaka" },
    { email: "ola.nowak@acme.test", login: "onowak" },
  ],
  identity: [
    { email: "elif.demir@acme.test", login: "edemir" },
    { email: "sean.obrien@acme.test", login: "sobrien" },
    { email: "mei.chen@acme.test", login: "mchen" },
  ],
  data: [
    { email: "lucas.moreau@acme.test", login: "lmoreau" },
    { email: "fatima.zahra@acme.test", login: "fzahra" },
    { email: "vnovak@acme.test", login: "vnovak" },
  ],
  mobile: [
    { email: "kai.larsen@acme.test", login: "klarsen" },
    { email: "nina.petrova@acme.test", login: "npetrova" },
    { email: "leo.santos@acme.test", login: "lsantos" },
  ],
  devex: [
    { email: "ivy.nguyen@acme.test", login: "inguyen" },
    { email: "mia.johansson@acme.test", login: "mjohansson" },
    { email: "arjun.mehta@acme.test", login: "amehta" },
  ],
};

export interface Repo {
  name: string;
  team: TeamSlug;
  lang: "ts" | "py" | "go" | "kt";
  /** source modules, for file paths and PR titles */
  modules: string[];
  runtime: boolean;
}

export const REPOS: Repo[] = [
  { name: "acme/payments", team: "payments", lang: "ts", modules: ["refunds", "checkout", "webhooks", "ledger-client", "fx"], runtime: true },
  { name: "acme/ledger", team: "payments", lang: "go", modules: ["journal", "reconcile", "balances", "export"], runtime: true },
  { name: "acme/platform-api", team: "platform", lang: "ts", modules: ["gateway", "ratelimit", "tenants", "billing", "health"], runtime: true },
  { name: "acme/infra", team: "platform", lang: "go", modules: ["clusters", "dns", "queues", "observability"], runtime: false },
  { name: "acme/identity", team: "identity", lang: "ts", modules: ["sessions", "oidc", "mfa", "scim", "audit"], runtime: true },
  { name: "acme/data-pipeline", team: "data", lang: "py", modules: ["ingest", "transforms", "warehouse", "quality", "exports"], runtime: false },
  { name: "acme/mobile-app", team: "mobile", lang: "kt", modules: ["onboarding", "wallet", "notifications", "settings"], runtime: false },
  { name: "acme/devex-tools", team: "devex", lang: "ts", modules: ["cli", "templates", "ci-kit", "docs-site"], runtime: false },
];

export const AGENT_KINDS = ["claude_code", "codex", "cursor", "devin", "copilot", "custom"] as const;
export type AgentKindName = (typeof AGENT_KINDS)[number];

export const KIND_WEIGHTS: [AgentKindName, number][] = [
  ["claude_code", 34],
  ["codex", 20],
  ["cursor", 14],
  ["copilot", 13],
  ["devin", 9],
  ["custom", 10],
];

export const KIND_INFO: Record<AgentKindName, { label: string; short: string; models: string[]; toolchains: string[]; hooks: boolean }> = {
  claude_code: {
    label: "Claude Code",
    short: "claude",
    models: ["claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5"],
    toolchains: ["claude-code 2.0.14", "claude-code 2.0.21", "claude-code 1.0.98"],
    hooks: true,
  },
  codex: { label: "Codex", short: "codex", models: ["gpt-5-codex", "gpt-5"], toolchains: ["codex-cli 0.46.0", "codex-cli 0.44.1"], hooks: true },
  cursor: {
    label: "Cursor Agent",
    short: "cursor",
    models: ["claude-sonnet-4-5", "gpt-5", "cursor-fast"],
    toolchains: ["cursor 1.7.38", "cursor 1.6.45"],
    hooks: true,
  },
  devin: { label: "Devin", short: "devin", models: ["devin-2.1"], toolchains: ["devin 2025.10.2"], hooks: false },
  copilot: {
    label: "Copilot coding agent",
    short: "copilot",
    models: ["gpt-5-mini", "claude-sonnet-4"],
    toolchains: ["copilot-swe-agent 1.4.0", "copilot-swe-agent 1.3.2"],
    hooks: false,
  },
  custom: {
    label: "In-house agent",
    short: "bot",
    models: ["claude-sonnet-4-5", "gpt-4.1", "llama-3.3-70b-instruct"],
    toolchains: ["acme-agent-harness 0.9.3", "acme-agent-harness 0.8.0"],
    hooks: false,
  },
};

export const AGENT_ROLES = ["code-review", "test-automation", "refactoring", "deployment", "dependency-updates", "docs", "incident-triage"] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const ROLE_WEIGHTS: [AgentRole, number][] = [
  ["code-review", 18],
  ["test-automation", 18],
  ["refactoring", 20],
  ["deployment", 9],
  ["dependency-updates", 12],
  ["docs", 11],
  ["incident-triage", 8],
];

export const ROLE_INFO: Record<AgentRole, { label: string; short: string; description: string }> = {
  "code-review": { label: "Code Review", short: "review", description: "Reviews pull requests, runs the checks locally and leaves review comments." },
  "test-automation": { label: "Test Automation", short: "tests", description: "Writes and repairs unit and integration tests for changed code." },
  refactoring: { label: "Refactoring", short: "refactor", description: "Implements scoped refactors and small features from tickets." },
  deployment: { label: "Deployment", short: "deploy", description: "Prepares releases and deploys to dev and staging." },
  "dependency-updates": { label: "Dependency Updates", short: "deps", description: "Keeps dependencies current: bumps, changelog review, lockfile refresh." },
  docs: { label: "Docs", short: "docs", description: "Keeps READMEs, runbooks and API docs in step with the code." },
  "incident-triage": { label: "Incident Triage", short: "triage", description: "Reads logs and dashboards during incidents and drafts the timeline." },
};

export const PROMPTS: Record<AgentRole, string[]> = {
  "code-review": [
    "Review PR #{n} and flag anything risky in the {m} changes",
    "Check the test coverage of the {m} change before I approve it",
    "Summarise what changed in {m} since the last release",
  ],
  "test-automation": [
    "Add unit tests for the {m} module, focus on edge cases",
    "The {m} integration test is flaky, find out why and fix it",
    "Raise coverage of {m} above 85%",
  ],
  refactoring: [
    "Extract the retry logic in {m} into a reusable helper",
    "Implement ticket ACME-{n}: add idempotency keys to {m}",
    "Remove the deprecated {m} code path and its feature flag",
  ],
  deployment: [
    "Prepare the release notes and deploy {m} to staging",
    "Roll the {m} config change out to staging and watch the canary",
    "Check whether {m} is ready for the production window",
  ],
  "dependency-updates": [
    "Bump the minor versions of the {m} dependencies and run the tests",
    "Upgrade zod to v4 in {m}",
    "Resolve the npm audit findings in {m}",
  ],
  docs: ["Update the runbook for {m} after last week's incident", "Document the new {m} API endpoints", "Fix the broken links in the {m} docs"],
  "incident-triage": [
    "Error rate in {m} is up since 14:05, find the cause",
    "Draft the incident timeline for the {m} outage",
    "Why are {m} jobs retrying? Check the logs",
  ],
};

export const TEST_COMMANDS: Record<Repo["lang"], string[]> = {
  ts: ["npm test", "npm run test -- --run", "npx vitest run {m}", "npm run lint", "npm run typecheck", "npx tsc --noEmit", "npx eslint src/{m}"],
  py: ["pytest -q tests/{m}", "pytest -q", "pytest -q -k {m}"],
  go: ["go test ./...", "go test ./{m}/...", "go test -race ./{m}/..."],
  kt: ["make test", "make test-unit"],
};

export const READ_COMMANDS = [
  "git status",
  "git diff --stat",
  "git log --oneline -20",
  "git diff HEAD~1 -- src/{m}",
  "ls src/{m}",
  'rg -n "TODO" src/{m}',
  'grep -rn "deprecated" src/{m}',
  "pwd",
];

export const EXT: Record<Repo["lang"], string> = { ts: "ts", py: "py", go: "go", kt: "kt" };

export const FILE_STEMS = ["index", "handler", "service", "client", "types", "retry", "validation", "mapper", "store", "config"];

export const SAFE_ENDPOINTS = [
  "https://registry.npmjs.org/zod",
  "https://registry.npmjs.org/@types%2fnode",
  "https://docs.github.com/en/rest/pulls",
  "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Retry-After",
  "https://pypi.org/pypi/pandas/json",
  "https://proxy.golang.org/github.com/stretchr/testify/@v/list",
  "https://api.github.com/repos/acme/payments/pulls",
];

export const CHANGE_VERBS: Record<string, string[]> = {
  feature: ["Add", "Support", "Introduce", "Implement"],
  fix: ["Fix", "Handle", "Guard against", "Correct"],
  refactor: ["Refactor", "Extract", "Simplify", "Split"],
  tests: ["Add tests for", "Cover", "Stabilise tests of"],
  docs: ["Docs: update", "Docs: document", "Docs: fix links in"],
  deps: ["Bump"],
  release: ["Release", "Prepare release of"],
};

export const CHANGE_OBJECTS = [
  "idempotency keys in {m}",
  "retry with backoff in {m}",
  "pagination of {m} listings",
  "timeouts in the {m} client",
  "null currency in {m}",
  "the {m} feature flag",
  "rate limits for {m}",
  "structured logging in {m}",
  "the {m} error mapping",
  "metrics for {m}",
];

export const DEPENDENCIES: Record<Repo["lang"], [string, string, string][]> = {
  ts: [
    ["zod", "3.23.8", "4.1.5"],
    ["undici", "6.19.2", "6.21.0"],
    ["@types/node", "20.14.9", "20.19.4"],
    ["pino", "9.3.2", "9.6.0"],
    ["express", "4.19.2", "4.21.2"],
  ],
  py: [
    ["pandas", "2.2.2", "2.2.3"],
    ["pydantic", "2.8.2", "2.10.4"],
    ["requests", "2.32.2", "2.32.3"],
  ],
  go: [
    ["github.com/stretchr/testify", "1.9.0", "1.10.0"],
    ["golang.org/x/net", "0.27.0", "0.33.0"],
  ],
  kt: [
    ["androidx.core:core-ktx", "1.13.1", "1.15.0"],
    ["com.squareup.okhttp3:okhttp", "4.12.0", "5.0.0"],
  ],
};

export const MANIFESTS: Record<Repo["lang"], string[]> = {
  ts: ["package.json", "package-lock.json"],
  py: ["pyproject.toml", "poetry.lock"],
  go: ["go.mod", "go.sum"],
  kt: ["build.gradle.kts"],
};

export const INVARIANTS: Record<string, string[]> = {
  payments: ["refunds never exceed the captured amount", "ledger entries always balance to zero", "amounts are integers in minor units"],
  platform: ["tenants never read another tenant's rows", "rate limits apply before authentication errors"],
  identity: ["sessions expire within 12 h", "MFA is required for admin roles", "tokens are never logged"],
  data: ["row counts match source after ingest", "PII columns are hashed before the warehouse"],
  mobile: ["wallet balance never shown stale for more than 60 s"],
  devex: ["templates pass their own CI"],
};

export const SAST_RULES = [
  { rule: "js/sql-injection", severity: "high", message: "Query built from user-controlled input" },
  { rule: "js/path-injection", severity: "medium", message: "File path depends on user-provided value" },
  { rule: "js/insecure-randomness", severity: "medium", message: "Math.random used for a security token" },
  { rule: "py/request-without-timeout", severity: "low", message: "HTTP request without a timeout" },
  { rule: "go/unhandled-error", severity: "low", message: "Error return value is not checked" },
  { rule: "js/missing-rate-limiting", severity: "high", message: "Route handler performs authorization without rate limiting" },
];

export const SCA_FINDINGS = [
  { rule: "GHSA-4r4m-qw57-chr8", severity: "high", message: "undici: Proxy-Authorization header not cleared on cross-origin redirect" },
  { rule: "GHSA-952p-6rrq-rcjv", severity: "critical", message: "micromatch: Regular expression denial of service" },
  { rule: "GHSA-grv7-fg5c-xmjg", severity: "medium", message: "braces: Uncontrolled resource consumption" },
  { rule: "GHSA-9wv6-86v2-598j", severity: "high", message: "path-to-regexp outputs backtracking regular expressions" },
];

export const DEFECT_TITLES = [
  "Refund amount off by one cent for JPY",
  "Webhook retries never stop after a 410",
  "Pagination skips the last item",
  "Session cookie missing SameSite after refactor",
  "Null pointer when the tenant has no plan",
  "Timeout config ignored by the {m} client",
  "Duplicate rows after ingest retry",
  "Wallet screen crashes on empty history",
  "Rate limiter counts health checks",
  "CSV export drops the header row",
  "Currency rounding differs between API and ledger",
  "Race in {m} cache invalidation",
];
