import { describe, expect, it } from "vitest";
import { compileSecurityGlobs, flagSecurityPaths } from "./security-paths";

describe("security-adjacent paths", () => {
  const m = compileSecurityGlobs();
  it.each([
    "src/auth/session.ts",
    "lib/auth/tokens.ts",
    "app/permissions/roles.ts",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    "Dockerfile",
    "services/api/Dockerfile.prod",
    "package.json",
    "web/package.json",
    "web/package-lock.json",
    "pnpm-lock.yaml",
    "go.mod",
    "requirements-dev.txt",
    "infra/vpc/main.tf",
    "modules/db/variables.tf",
    "terraform/prod.tfvars",
    "db/migrations/0003_add_index.sql",
    "services/x/migrations/versions/1.py",
  ])("flags %s", (p) => expect(m(p)).toBe(true));

  it.each(["src/components/button.tsx", "README.md", "docs/authoring.md", "lib/authority.ts", "src/package.ts"])("does not flag %s", (p) =>
    expect(m(p)).toBe(false),
  );

  it("is configurable, with negations", () => {
    const custom = compileSecurityGlobs(["src/billing/**", "!src/billing/**/*.test.ts"]);
    expect(custom("src/billing/charge.ts")).toBe(true);
    expect(custom("src/billing/charge.test.ts")).toBe(false);
    expect(custom("package.json")).toBe(false);
  });

  it("returns unique sorted flagged paths", () => {
    expect(flagSecurityPaths(["b/package.json", "src/a.ts", "Dockerfile", "Dockerfile"])).toEqual(["Dockerfile", "b/package.json"]);
  });
});
