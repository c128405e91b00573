import type { Action, Tier } from "@/lib/policy/types";

const SENSITIVE_PATHS = [
  /(^|\/)migrations?\//i,
  /(^|\/)(infra|terraform|k8s|helm)\//i,
  /\.tf$/i,
  /(^|\/)\.github\/workflows\//,
  /(^|\/)(auth|security|iam)\b/i,
  /(^|\/)\.env/,
  /(package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml|go\.(mod|sum)|Cargo\.(toml|lock))$/,
];
const DANGEROUS_COMMANDS = [
  /\brm\s+-[a-z]*r/i,
  /--force\b|\s-f\b/,
  /\bdrop\s+(table|database)\b/i,
  /\bterraform\s+(apply|destroy)\b/i,
  /\bkubectl\s+(delete|apply)\b/i,
  /\bgit\s+push\b.*--force/,
  /\bcurl\b.*\|\s*(ba)?sh/,
];

/**
 * Risk 0–100 shown to approvers and used to sort the queue. PURE. The tier sets the base;
 * production, sensitive paths, destructive commands and the agent's recent violations add.
 */
export function computeRisk(input: { tier: Tier | null; action: Action; recentViolations: number }): number {
  const { action } = input;
  let risk = input.tier === "forbidden" ? 80 : input.tier === "gated" ? 35 : 15;
  const env = action.environment?.toLowerCase() ?? "";
  if (/^prod/.test(env)) risk += 30;
  else if (/^(staging|stage|preprod)/.test(env)) risk += 10;
  if (action.branch && /^(main|master|release\/|production)/.test(action.branch)) risk += 10;
  if (action.resource && SENSITIVE_PATHS.some((r) => r.test(action.resource!))) risk += 15;
  if (action.command && DANGEROUS_COMMANDS.some((r) => r.test(action.command!))) risk += 20;
  if (/^(deploy|secret\.|iam\.|dependency\.)/.test(action.type)) risk += 10;
  risk += Math.min(20, input.recentViolations * 5);
  return Math.max(0, Math.min(100, risk));
}
