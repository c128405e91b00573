import { DEFAULT_POLICY } from "@/lib/policy/default-policy";
import { policyDocumentSchema, type PolicyDocument, type PolicyRule } from "@/lib/policy/types";

/**
 * Version 1 of the demo organisation's policy: the product's default rules (lib/policy) with
 * every field spelled out, plus one free rule for package registries and documentation sites
 * (network calls inside an agent's endpoint allowlist would otherwise fall to the gated
 * default tier).
 *
 * Shape: `{ version, default_tier, rules: [{ id, description, tier, mode, priority, enabled,
 * match: { action_types?, tools?, repositories?, branches?, environments?, resources?,
 * commands?, endpoints?, agent_roles?, agent_kinds? } }] }` — glob strings throughout.
 */
const EXTRA_V1: PolicyRule[] = [
  {
    id: "free-registries-and-docs",
    description: "Fetching from package registries and documentation sites is free",
    tier: "free",
    mode: "enforce",
    priority: 525,
    enabled: true,
    match: {
      action_types: ["network.request"],
      endpoints: [
        "https://registry.npmjs.org*",
        "https://pypi.org*",
        "https://proxy.golang.org*",
        "https://docs.github.com*",
        "https://developer.mozilla.org*",
        "https://docs.python.org*",
        "https://api.github.com/repos/acme/*",
      ],
    },
  },
];

function normalise(input: unknown): PolicyDocument {
  return policyDocumentSchema.parse(input);
}

export const DEFAULT_POLICY_DOCUMENT: PolicyDocument = normalise({
  version: 1,
  default_tier: DEFAULT_POLICY.default_tier ?? "gated",
  rules: [...DEFAULT_POLICY.rules, ...EXTRA_V1].sort((a, b) => (a.priority ?? 1000) - (b.priority ?? 1000)),
});

/**
 * Version 2 (saved three weeks into the demo history by the admin): two dry-run rules being
 * evaluated before they are enforced, so decisions after it carry `dry_run` entries; and named
 * approvers with two approvals for production and for migrations.
 */
export const POLICY_V2_DOCUMENT: PolicyDocument = normalise({
  ...DEFAULT_POLICY_DOCUMENT,
  version: 2,
  rules: [
    // named approvers (issue 21): production needs two of the platform team and the security
    // leads, escalating to the admins after 30 minutes; migrations (files and commands) two of three
    // named people, escalating to the security leads after 20 minutes
    ...DEFAULT_POLICY_DOCUMENT.rules.map((r) =>
      r.id === "gate-production"
        ? {
            ...r,
            approvers: { teams: ["platform"], roles: ["security_lead" as const], required: 2, escalation: { after_seconds: 1800, roles: ["admin" as const] } },
          }
        : r.id === "gate-migrations" || r.id === "gate-migration-commands"
          ? {
              ...r,
              approvers: {
                people: ["grace.kim@acme.test", "diego.alvarez@acme.test", "omar.haddad@acme.test"],
                required: 2,
                escalation: { after_seconds: 1200, roles: ["security_lead" as const] },
              },
            }
          : r,
    ),
    {
      id: "dryrun-forbid-force-push",
      description: "Evaluating: force pushes by agents would be forbidden",
      tier: "forbidden",
      mode: "dry_run",
      priority: 90,
      enabled: true,
      match: { action_types: ["shell.exec", "git.push"], commands: ["git push*--force*", "git push* -f*"] },
    },
    {
      id: "dryrun-gate-bulk-delete",
      description: "Evaluating: recursive deletes would need an approval",
      tier: "gated",
      mode: "dry_run",
      priority: 95,
      enabled: true,
      match: { action_types: ["shell.exec"], commands: ["rm -rf *", "rm -r *", "git rm -r *"] },
    },
  ].sort((a, b) => a.priority - b.priority),
});
