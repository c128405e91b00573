// The verification ladder: every gate belongs to one rung. Pure.
export const STAGES = ["static", "behaviour", "invariants", "security", "runtime"] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  static: "Static",
  behaviour: "Behaviour",
  invariants: "Invariants",
  security: "Security",
  runtime: "Runtime",
};

const GATE_STAGE: Record<string, Stage> = {
  lint: "static",
  typecheck: "static",
  types: "static",
  format: "static",
  "policy-lint": "static",
  build: "static",
  unit: "behaviour",
  integration: "behaviour",
  e2e: "behaviour",
  test: "behaviour",
  tests: "behaviour",
  invariants: "invariants",
  "property-tests": "invariants",
  contracts: "invariants",
  sast: "security",
  sca: "security",
  secrets: "security",
  "secret-scan": "security",
  codeql: "security",
  dependency: "security",
  canary: "runtime",
  runtime: "runtime",
  smoke: "runtime",
  deploy: "runtime",
};

/**
 * The rung of a gate. Unknown names are guessed from common words (GitHub check names such
 * as "CodeQL / Analyze (javascript)" or "test (ubuntu-latest, 20)"); anything else is static,
 * the lowest rung, so an unknown gate never looks like stronger evidence than it is.
 */
export function stageOfGate(gate: string): Stage {
  const g = gate.trim().toLowerCase();
  // own keys only: a gate named "__proto__" or "constructor" found Object's (a 500; lib/security fuzzing)
  if (Object.hasOwn(GATE_STAGE, g)) return GATE_STAGE[g];
  if (/codeql|semgrep|sast|snyk|trivy|grype|dependabot|audit|secret|gitleaks|trufflehog|sbom|vuln|security/.test(g)) return "security";
  if (/invariant|property|contract|fuzz/.test(g)) return "invariants";
  if (/canary|smoke|deploy|runtime|synthetic/.test(g)) return "runtime";
  if (/test|spec|jest|vitest|pytest|junit|e2e|integration/.test(g)) return "behaviour";
  return "static";
}

/** Normalises a free-form check/workflow name into a gate key we can compare with the required list. */
// The gate names of API.md (and a few common ones) are already keys.
const CANONICAL = new Set([
  "lint",
  "typecheck",
  "policy-lint",
  "unit",
  "integration",
  "e2e",
  "invariants",
  "sast",
  "sca",
  "secrets",
  "canary",
  "runtime",
  "build",
  "format",
  "smoke",
  "deploy",
]);

/** Gate keys the settings form offers as choices. */
export const KNOWN_GATES: readonly string[] = [...CANONICAL];

export function gateKeyOf(name: string): string {
  const g = name.trim().toLowerCase();
  if (CANONICAL.has(g)) return g;
  if (/codeql|semgrep|sast/.test(g)) return "sast";
  if (/secret|gitleaks|trufflehog/.test(g)) return "secrets";
  if (/snyk|trivy|grype|dependency|sca|audit|sbom/.test(g)) return "sca";
  if (/lint|eslint|ruff|flake8|golangci/.test(g)) return "lint";
  if (/typecheck|tsc|mypy|pyright/.test(g)) return "typecheck";
  if (/integration/.test(g)) return "integration";
  if (/unit|test|jest|vitest|pytest/.test(g)) return "unit";
  return (
    g
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "check"
  );
}

export const DEFAULT_REQUIRED_GATES: readonly string[] = ["lint", "unit", "sast"];
/** Gates a security-adjacent agent change needs on top of the required ones (and a human review). */
export const DEFAULT_SECURITY_REQUIRED_GATES: readonly string[] = ["sast", "secrets"];
