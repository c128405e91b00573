// Coding agents we recognise from the traces they leave in Git and GitHub: bot logins,
// commit identities and trailers, and PR body footers. Pure data + matchers.
// Generic automation bots (dependabot, renovate, github-actions) are deliberately absent:
// they are not coding agents and must not inflate the agent-authored share.

export type AgentKind = "claude_code" | "codex" | "cursor" | "devin" | "copilot" | "custom";

export interface KnownAgent {
  /** stable identifier used for shadow-agent sightings and cohort keys */
  id: string;
  kind: AgentKind;
  label: string;
  /** GitHub logins, compared case-insensitively, with or without the "[bot]" suffix */
  logins: string[];
  /** commit identity e-mails (exact, lower case) or patterns */
  emails: (string | RegExp)[];
  /** commit identity names / trailer values naming the tool */
  names: RegExp[];
  /** PR body footers */
  footers: RegExp[];
}

export const KNOWN_AGENTS: KnownAgent[] = [
  {
    id: "claude-code",
    kind: "claude_code",
    label: "Claude Code",
    logins: ["claude", "claude-code", "anthropic-claude"],
    emails: ["noreply@anthropic.com", /@anthropic\.com$/],
    names: [/^claude(?: code| opus| sonnet| haiku)?(?:\s[\d.]+)?$/i, /^claude code\b/i, /^claude\b/i],
    footers: [/generated with \[?claude code\]?/i, /claude\.(?:ai|com)\/(?:code|claude-code)/i],
  },
  {
    id: "codex",
    kind: "codex",
    label: "OpenAI Codex",
    logins: ["codex", "chatgpt-codex-connector", "openai-codex"],
    emails: ["codex@openai.com", /^codex[-+.@]/, /\+codex@users\.noreply\.github\.com$/],
    names: [/^(?:openai )?codex(?: cli)?$/i, /^chatgpt codex/i],
    footers: [/generated (?:with|by) (?:openai )?codex/i, /chatgpt\.com\/codex\/tasks\//i],
  },
  {
    id: "cursor",
    kind: "cursor",
    label: "Cursor Agent",
    logins: ["cursor", "cursoragent", "cursor-agent"],
    emails: ["cursoragent@cursor.com", /@cursor\.(?:com|sh)$/],
    names: [/^cursor(?: agent)?$/i],
    footers: [/generated (?:with|by) cursor/i, /cursor\.com\/(?:background-agent|agents)/i, /open in cursor/i],
  },
  {
    id: "devin",
    kind: "devin",
    label: "Devin",
    logins: ["devin-ai-integration", "devin-ai"],
    emails: [/^devin-ai-integration\[bot\]@/, /^\d+\+devin-ai-integration\[bot\]@/, /@cognition(?:-labs)?\.ai$/],
    names: [/^devin(?: ai)?$/i],
    footers: [/app\.devin\.ai\/sessions\//i, /requested by .* \(devin\)/i],
  },
  {
    id: "copilot",
    kind: "copilot",
    label: "GitHub Copilot coding agent",
    logins: ["copilot-swe-agent", "copilot"],
    emails: [/^\d+\+copilot@users\.noreply\.github\.com$/, /^copilot@github\.com$/],
    names: [/^copilot$/i, /^github copilot/i],
    footers: [/copilot coding agent/i],
  },
  {
    id: "aider",
    kind: "custom",
    label: "Aider",
    logins: [],
    emails: ["aider@aider.chat"],
    names: [/^aider\b/i],
    footers: [/generated (?:with|by) aider/i],
  },
  {
    id: "jules",
    kind: "custom",
    label: "Google Jules",
    logins: ["google-labs-jules"],
    emails: [/jules@google\.com$/],
    names: [/^jules$/i],
    footers: [/jules\.google\.com/i],
  },
  {
    id: "amazon-q",
    kind: "custom",
    label: "Amazon Q Developer",
    logins: ["amazon-q-developer"],
    emails: [],
    names: [/^amazon q(?: developer)?$/i],
    footers: [],
  },
  {
    id: "openhands",
    kind: "custom",
    label: "OpenHands",
    logins: ["openhands-agent", "openhands"],
    emails: ["openhands@all-hands.dev"],
    names: [/^openhands$/i],
    footers: [/generated (?:with|by) openhands/i],
  },
  {
    id: "sweep",
    kind: "custom",
    label: "Sweep",
    logins: ["sweep-ai"],
    emails: [],
    names: [/^sweep(?: ai)?$/i],
    footers: [],
  },
];

function bare(login: string) {
  return login.toLowerCase().replace(/\[bot\]$/, "");
}

export function agentByLogin(login: string | null | undefined): KnownAgent | undefined {
  if (!login) return undefined;
  const l = bare(login);
  return KNOWN_AGENTS.find((a) => a.logins.includes(l));
}

export function agentByEmail(email: string | null | undefined): KnownAgent | undefined {
  if (!email) return undefined;
  const e = email.toLowerCase();
  return KNOWN_AGENTS.find((a) => a.emails.some((p) => (typeof p === "string" ? p === e : p.test(e))));
}

export function agentByName(name: string | null | undefined): KnownAgent | undefined {
  if (!name) return undefined;
  const n = name.trim();
  return KNOWN_AGENTS.find((a) => a.names.some((p) => p.test(n)));
}

export function agentByIdent(name: string | null | undefined, email: string | null | undefined): KnownAgent | undefined {
  // An e-mail is a stronger signal than a display name; "Claude Smith <claude@acme.com>" is a person.
  const byEmail = agentByEmail(email);
  if (byEmail) return byEmail;
  const byName = agentByName(name);
  if (!byName) return undefined;
  // A name match with a personal-looking address is a person who happens to share the name.
  if (email && !/noreply|no-reply|\[bot\]|users\.noreply\.github\.com/.test(email)) return undefined;
  return byName;
}

export function agentByFooter(body: string | null | undefined): { agent: KnownAgent; match: string } | undefined {
  if (!body) return undefined;
  for (const a of KNOWN_AGENTS) {
    for (const f of a.footers) {
      const m = f.exec(body);
      if (m) return { agent: a, match: m[0] };
    }
  }
  return undefined;
}
