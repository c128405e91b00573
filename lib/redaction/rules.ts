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
  /**
   * A hand-written linear scan used instead of `pattern` where a regex cannot express the rule
   * without searching the rest of the text at every start (see privateKeyBlocks). Returns the
   * [start, end) ranges to replace, in order and not overlapping.
   */
  scan?: (text: string) => [number, number][];
}

const PEM_HEADER = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g;
const PEM_BODY = /[A-Za-z0-9+/=\s\\]*/y;

/**
 * PEM private-key blocks: from a BEGIN header to the END footer of the same label, or, with no
 * footer, over the base64 body that follows. The regex form of this rule
 * (`BEGIN…([\s\S]*?END \1|…)`) searched the rest of the text for a footer at every header: one
 * event repeating a header 40,000 times took 28 s. Here a footer found is consumed with its
 * block, and "no footer of this label after position p" is remembered, so each character is
 * searched a bounded number of times (linear).
 */
export function privateKeyBlocks(text: string): [number, number][] {
  const steps = privateKeyBlockSteps(text);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** privateKeyBlocks in steps: yields after every 1,024 blocks (redactTextSteps drives it). */
export function* privateKeyBlockSteps(text: string): Generator<void, [number, number][]> {
  const out: [number, number][] = [];
  const noFooterFrom = new Map<string, number>();
  PEM_HEADER.lastIndex = 0;
  for (let m = PEM_HEADER.exec(text); m; m = PEM_HEADER.exec(text)) {
    const bodyAt = PEM_HEADER.lastIndex;
    const footer = `-----END ${m[1]}-----`;
    const none = noFooterFrom.get(m[1]);
    let end = -1;
    if (none === undefined || bodyAt < none) {
      const at = text.indexOf(footer, bodyAt);
      if (at >= 0) end = at + footer.length;
      else noFooterFrom.set(m[1], bodyAt);
    }
    if (end < 0) {
      PEM_BODY.lastIndex = bodyAt;
      PEM_BODY.exec(text);
      end = PEM_BODY.lastIndex;
    }
    out.push([m.index, end]);
    if ((out.length & 1023) === 0) {
      // the regex is shared: keep its position across the pause
      yield;
    }
    PEM_HEADER.lastIndex = end;
  }
  PEM_HEADER.lastIndex = 0;
  return out;
}

// scheme://user:password@ — the part both URL-credential rules below require. The user part
// takes no ":", so the first ":" ends it (linear scan, bounded like the rules themselves).
const URL_CREDENTIALS = /:\/\/[^:/\s@]{1,100}:[^@/\s]{1,200}@/;

export const SECRET_RULES: SecretRule[] = [
  { id: "private-key", pattern: PEM_HEADER, scan: privateKeyBlocks, hint: "PRIVATE KEY" },
  { id: "anthropic-api-key", pattern: /\bsk-ant-[a-z]{3,6}\d{2}-[A-Za-z0-9_-]{32,200}/g, hint: "sk-ant-" },
  {
    id: "openai-api-key",
    // ends where the key's alphabet ends: with \b, a key ending in "-" lost its match (planted-secret test)
    pattern: /\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,300}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/g,
    hint: "sk-",
  },
  {
    id: "aws-access-key",
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/g,
    hint: ["AKIA", "ASIA", "A3T", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA"],
  },
  {
    id: "aws-secret-access-key",
    pattern:
      /(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/g,
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
  { id: "sendgrid-api-key", pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, hint: "SG." },
  { id: "gatehouse-agent-token", pattern: /\bgat_[A-Za-z0-9]{32}\b/g, hint: "gat_" },
  { id: "gatehouse-integration-token", pattern: /\bgci_[A-Za-z0-9]{32}\b/g, hint: "gci_" },
  {
    id: "jwt",
    // Starts only where a base64url run starts (\b also allowed a start after "-"): with \b,
    // every "eyJ" of "eyJ-eyJ-eyJ-…" rescanned the rest of the run (quadratic).
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
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
  {
    // KEY=value, key: value, "key": "value", --key=value where the key names a secret
    // (DB_PASSWORD=…, --api-key=…, "client_token": "…"). Starts only where an identifier
    // starts and every part is bounded, so no start rescans what another one covered. A value
    // an earlier rule already replaced is left alone. A colon counts only before a space or a
    // quote (YAML, JSON): `integration_token:gci_ab12cd34` is an identifier (a token's public
    // prefix in an audit resource), not an assignment.
    id: "secret-assignment",
    pattern:
      /(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]{0,40}?(?:passw(?:or)?d|passphrase|pwd|secret|token(?!s)|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?)[A-Za-z0-9_.-]{0,40}?["']?[ \t]{0,8}(?:=>|:=|=|:(?=[ \t"']))[ \t]{0,8}["']?(?!\[REDACTED:)([^\s"'&;,]{6,300})/gi,
    group: 1,
    hint: ["passw", "passphrase", "pwd", "secret", "token", "key", "credential"],
  },
];

// The words of an object key (snake_case, kebab-case, camelCase, dotted) that name a secret.
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "credential",
  "credentials",
  "privatekey",
  "accesskey",
  "secretkey",
]);
const KEY_QUALIFIERS = new Set(["api", "private", "access", "secret", "auth", "session", "signing", "encryption"]);

/**
 * Whether an object key names a secret, so that its string value is redacted whatever it looks
 * like: password, db_password, apiKey, api-key, AWS_SECRET_ACCESS_KEY, client_secret, authToken,
 * private_key … but not `key`, `max_tokens`, `token_count` or `password_hash`.
 */
export function isSecretKey(key: string): boolean {
  // Object keys repeat (`command`, `tool_input`, `cwd` on every event): the word split below
  // costs ~1 µs a key on the decision path, so answers are remembered (bounded).
  let v = secretKeyMemo.get(key);
  if (v === undefined) {
    v = namesSecret(key);
    if (secretKeyMemo.size >= 10_000) secretKeyMemo.clear();
    secretKeyMemo.set(key, v);
  }
  return v;
}

const secretKeyMemo = new Map<string, boolean>();

function namesSecret(key: string): boolean {
  if (key.length > 100) return false;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  // The last word names what the value is: db_password is a password, password_hash is not.
  let last = words.length - 1;
  while (last > 0 && words[last] === "") last--;
  const w = words[last];
  return SECRET_WORDS.has(w) || (w === "key" && last > 0 && KEY_QUALIFIERS.has(words[last - 1]));
}

export const marker = (ruleId: string) => `[REDACTED:${ruleId}]`;
