// Secret-detection rules. Patterns are ported from secretlint's recommended preset
// (https://github.com/secretlint/secretlint, MIT, © azu) — rules aws, gcp, github, gitlab, npm,
// openai, anthropic, slack, privatekey, database-connection-string, basicauth — and widened
// where an audit trail should rather over-redact than leak (no "looks like a placeholder"
// exceptions). secretlint itself is async and file-oriented (one lint run per source with
// message objects and translations); we need a synchronous replace over millions of short
// strings, so the patterns live here, plain and pure.

export interface SecretRule {
  id: string;
  /** Global regex. When `group` is set only that capture group is replaced. */
  pattern: RegExp;
  group?: number;
  /**
   * Literals of which one must occur in the text for the rule to match (the rule's regex is
   * skipped otherwise); matched case-insensitively when the pattern has the `i` flag.
   */
  hint: string | string[];
  /** A cheaper regex that every match of `pattern` also matches, used instead of `hint`. */
  gate?: RegExp;
}

// scheme://user:password@ — the part both URL-credential rules below require. The user part
// takes no ":", so the first ":" ends it (linear scan, bounded like the rules themselves).
const URL_CREDENTIALS = /:\/\/[^:/\s@]{1,100}:[^@/\s]{1,200}@/;

export const SECRET_RULES: SecretRule[] = [
  {
    id: "private-key",
    pattern:
      /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:[\s\S]*?-----END \1-----|[A-Za-z0-9+/=\s\\]*)/g,
    hint: "PRIVATE KEY",
  },
  { id: "anthropic-api-key", pattern: /\bsk-ant-[a-z]{3,6}\d{2}-[A-Za-z0-9_-]{32,200}/g, hint: "sk-ant-" },
  {
    id: "openai-api-key",
    pattern: /\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,300}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})\b/g,
    hint: "sk-",
  },
  { id: "aws-access-key", pattern: /\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/g, hint: ["AKIA", "ASIA", "A3T", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA"] },
  {
    id: "aws-secret-access-key",
    pattern: /(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/g,
    group: 1,
    hint: ["ecret", "ECRET"],
  },
  { id: "gcp-api-key", pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, hint: "AIza" },
  { id: "github-token", pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/g, hint: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] },
  { id: "github-fine-grained-token", pattern: /\bgithub_pat_[A-Za-z0-9_]{50,255}\b/g, hint: "github_pat_" },
  { id: "gitlab-token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, hint: "glpat-" },
  { id: "npm-token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, hint: "npm_" },
  { id: "slack-token", pattern: /\bxox[abposr]-(?:[0-9]+-)*[A-Za-z0-9-]{10,}/g, hint: "xox" },
  {
    id: "slack-webhook",
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,}/g,
    hint: "hooks.slack.com",
  },
  { id: "stripe-key", pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}\b/g, hint: ["_live_", "_test_"] },
  { id: "sendgrid-api-key", pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g, hint: "SG." },
  { id: "gatehouse-agent-token", pattern: /\bgat_[A-Za-z0-9]{32}\b/g, hint: "gat_" },
  { id: "gatehouse-integration-token", pattern: /\bgci_[A-Za-z0-9]{32}\b/g, hint: "gci_" },
  {
    id: "jwt",
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    hint: "eyJ",
  },
  {
    // scheme://user:password@host for database URLs: the password is the secret.
    id: "database-connection-string",
    pattern: /\b(?:postgres(?:ql)?|mysqlx?|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|jdbc:[a-z]+):\/\/[^:/\s@]{1,100}:([^@/\s]{1,200})@/gi,
    group: 1,
    hint: "://",
    gate: URL_CREDENTIALS,
  },
  {
    // Any other URL carrying basic-auth credentials.
    id: "basic-auth",
    pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^:/\s@[\]]{1,100}:([^@/\s[\]]{1,200})@/gi,
    group: 1,
    hint: "://",
    gate: URL_CREDENTIALS,
  },
  {
    id: "authorization-header",
    pattern: /\b(?:authorization|proxy-authorization)["']?\s*[:=]\s*["']?(?:bearer|basic|token)\s+([A-Za-z0-9._~+/=-]{16,})/gi,
    group: 1,
    hint: "authorization", // case-insensitive, like the pattern
  },
];

/** Object keys whose string values are secrets whatever they look like. */
export const SECRET_KEY_PATTERN = /^(?:aws_?)?secret_?access_?key$|^(?:client_?secret|private_?key|api_?secret)$/i;

export const marker = (ruleId: string) => `[REDACTED:${ruleId}]`;
