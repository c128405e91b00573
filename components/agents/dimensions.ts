// The scope dimensions as the UI names them (shared by the editor and the read-only view).
export const DIMENSIONS = [
  { key: "repository", label: "Repositories", hint: "owner/name globs, e.g. acme/*", placeholder: "acme/payments" },
  { key: "branch", label: "Branches", hint: "e.g. feature/** — * stays within one segment", placeholder: "feature/**" },
  { key: "environment", label: "Environments", hint: "e.g. dev, staging", placeholder: "staging" },
  { key: "tool", label: "Tools / command families", hint: "Tool, or Tool(command pattern) e.g. Bash(npm run test:*)", placeholder: "Bash(npm run test:*)" },
  { key: "path", label: "File paths", hint: "repository-relative globs, e.g. src/**", placeholder: "src/**" },
  {
    key: "endpoint",
    label: "External endpoints",
    hint: "origin + optional path glob, e.g. https://api.github.com/repos/acme/**",
    placeholder: "https://registry.npmjs.org",
  },
] as const;
